"""Reading a number as typed: one rule, no guessing, never a silent change of value."""

from __future__ import annotations

import pytest

from tipq.core.answers import InputProblem
from tipq.core.kinds import NumberKind, check_value
from tipq.core.questionnaire import NumberAnswer


def parse_number(form: NumberAnswer, typed: str) -> int | float:
    """What the interview reads for a number typed at its prompt."""
    return NumberKind().parse(form, typed, "en")  # type: ignore[no-any-return]

COUNT = NumberAnswer(type="number", min=0, integer=True)
AMOUNT = NumberAnswer(type="number")


@pytest.mark.parametrize(("typed", "want"), [
    ("12", 12),
    ("1,000", 1000),
    ("1 000", 1000),
    ("12,345,678", 12345678),
    ("12 345 678", 12345678),
    ("1\u00a0000", 1000),  # a no-break space, as word processors and some keyboards type it
    ("1\u202f000", 1000),  # a narrow no-break space (French typography)
    ("١٢٬٣٤٥", 12345),  # Arabic-Indic digits and the Arabic thousands separator
    ("+5", 5),
    ("1e3", 1000),
    ("12.0", 12),
    ("1.0", 1),
    ("0.500e4", 5000),
])
def test_a_whole_number_question_stores_an_int(typed: str, want: int) -> None:
    got = parse_number(COUNT, typed)
    assert got == want and type(got) is int


@pytest.mark.parametrize(("typed", "want"), [
    ("12.5", 12.5),
    ("-3", -3),
    (".5", 0.5),
    ("1,000.25", 1000.25),
    ("1.000", 1.0),  # a point is the decimal point; only whole-number questions refuse it
    ("1e3", 1000.0),
    ("٣٫٥", 3.5),  # the Arabic decimal separator
    ("\u22127", -7),  # the minus sign
])
def test_other_numbers(typed: str, want: float) -> None:
    got = parse_number(AMOUNT, typed)
    assert got == want and type(got) is type(want)


@pytest.mark.parametrize(("typed", "says"), [
    ("1,5", "write 1.5 for a decimal"),
    ("12,25", "write 12.25 for a decimal"),
    ("1 000,5", "write 1000.5 for a decimal"),
    ("1,00", "write 1.00 for a decimal"),
    ("1,0000", "write 1.0000 for a decimal"),
    ("1,000,00", "is not a number"),
    ("1,000 000", "is not a number"),  # one kind of separator throughout
    ("0,500", "is not a number"),  # a group of three after 0 is not a thousands group
    ("1.000.000", "is not a number"),
    ("1  000", "is not a number"),
    ("1_000", "is not a number"),
    ("0x10", "is not a number"),
    ("twelve", "is not a number"),
    ("nan", "is not a number"),
    ("inf", "is not a number"),
])
def test_ambiguous_or_foreign_forms_are_refused_with_a_fix(typed: str, says: str) -> None:
    for form in (COUNT, AMOUNT):
        with pytest.raises(InputProblem) as e:
            parse_number(form, typed)
        assert f"'{typed}'" in str(e.value) and says in str(e.value)


@pytest.mark.parametrize("typed", ["1.000", "12.500", "-1.000"])
def test_a_point_before_three_digits_is_ambiguous_in_a_whole_number_question(typed: str) -> None:
    with pytest.raises(InputProblem, match="ambiguous") as e:
        parse_number(NumberAnswer(type="number", integer=True), typed)
    whole = typed.replace(".", "")
    assert f"write {whole} or {typed.replace('.', ',')}" in str(e.value)


def test_too_large_is_refused_quoting_what_was_typed() -> None:
    for typed in ("1e400", "-1e400", "9" * 400, "1e99999999999"):
        for form in (COUNT, AMOUNT):
            with pytest.raises(InputProblem) as e:
                parse_number(form, typed)
            assert str(e.value) == f"'{typed}' is too large a number"
            assert "inf" not in str(e.value)


def test_a_fraction_in_a_whole_number_question_is_refused() -> None:
    for typed in ("12.5", "1e-3", "1e-99999"):
        with pytest.raises(InputProblem, match=f"'{typed}' is not a whole number"):
            parse_number(COUNT, typed)


def test_the_bounds_come_from_check_value_with_their_fix() -> None:
    with pytest.raises(InputProblem) as e:
        parse_number(COUNT, "-1")
    problem = check_value(COUNT, -1)
    assert problem is not None and str(e.value) == f"{problem.problem}. {problem.fix}"


def test_a_whole_float_in_a_file_is_a_valid_whole_number() -> None:
    """The documented rule of check_value: 1000.0 in a file passes an integer question (it is
    whole); the interview itself writes 1000."""
    assert check_value(COUNT, 1000.0) is None
    assert check_value(COUNT, 1000.5) is not None
