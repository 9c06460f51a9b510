"""The terminal prompter's layout: right-to-left lines with --bidi, plain lines without."""

from __future__ import annotations

import io
import textwrap

from rich.console import Console

from tipq.interview.terminal import TerminalPrompter

ARABIC = "يُرجى وصف العقوبات المقررة لهذا الجرم، بما في ذلك أي ظروف مشددة."


def printed(bidi: bool, text: str, width: int = 60) -> list[str]:
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False, emoji=False)
    TerminalPrompter("ar", bidi=bidi, console=console).say(text)
    return buf.getvalue().splitlines()


def test_bidi_lines_are_wrapped_reordered_and_right_aligned() -> None:
    from bidi import get_display
    from rich.cells import cell_len

    lines = printed(True, f"{ARABIC} {ARABIC}")
    assert len(lines) == 3  # wrapped to the width
    for line in lines:
        assert cell_len(line) == 60  # ends at the right margin
        assert line.startswith(" ") and not line.endswith(" ")
    first = textwrap.wrap(f"{ARABIC} {ARABIC}", 59)[0]
    assert lines[0].strip() == get_display(first)


def test_without_bidi_lines_stay_left_aligned_and_in_logical_order() -> None:
    lines = printed(False, ARABIC, width=200)
    assert lines == [ARABIC]


def test_latin_lines_are_left_aligned_even_with_bidi() -> None:
    assert printed(True, "Type help for the commands.") == ["Type help for the commands."]


def test_tab_completes_commands_and_question_numbers_after_goto() -> None:
    """The interview offers its words for Tab: command words, and after 'goto' the
    question numbers (the completer itself is wired to readline on a real terminal)."""
    from tipq.core.i18n import command_words
    from tipq.interview.terminal import TerminalPrompter

    prompter = TerminalPrompter("fr")
    words = command_words("fr")
    prompter.offer(list(words), [w for w, c in words.items() if c == "goto"],
                   ["1", "1(a)", "12", "12(b)", "3"])
    assert prompter.candidates("goto 1", "1") == ["1", "1(a)", "12", "12(b)"]
    assert prompter.candidates("aller 12", "12") == ["12", "12(b)"]
    assert "review" in prompter.candidates("rev", "rev")
    assert "revue" in prompter.candidates("rev", "rev")
    assert prompter.candidates("back ", "") == sorted(set(words))  # not a goto: commands


def test_shell_completion_of_country_codes() -> None:
    from tipq.cli.interview_cmd import _complete_country

    found = dict(_complete_country("ni"))
    assert {"NIC", "NIU", "NGA"} & set(found) == {"NIC", "NIU"}  # NGA does not start "NI"
    assert found["NIC"]  # named
    assert "EU" in dict(_complete_country("e"))
