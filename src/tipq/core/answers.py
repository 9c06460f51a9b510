"""Answer rules: the single place that says what a valid answer is, per answer form.

The interview uses :func:`parse_choice`, :func:`parse_number`, :func:`parse_date` to turn
what a person typed into a value, and :func:`check_value` before saving it; ``tipq
validate`` calls the same :func:`check_value` on the values it reads from files. So the
two can never disagree about what is valid.

Values as stored in response files:

============  ==========================================================================
closed        ``yes``, ``partly`` or ``no`` (Yes / Yes, in part / No)
choice        the option's ``value``
multi-choice  a list of option values
text          text
number        a number
date          ``YYYY-MM-DD`` (quoted in files, so YAML 1.1 tools keep it text)
citations     a list of ``{title, provision, link}`` (title required)
assistance    ``{needed: true|false, kinds: [...], description: ...}``
============  ==========================================================================
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tipq.core.common import LocalizedText, pick_text
from tipq.core.questionnaire import (
    CLOSED_VALUES,
    AssistanceAnswer,
    ChoiceAnswer,
    CitationsAnswer,
    ClosedAnswer,
    DateAnswer,
    MultiChoiceAnswer,
    NumberAnswer,
    Option,
    TextAnswer,
)

CLOSED_LABELS: dict[str, LocalizedText] = {
    "yes": {"en": "Yes", "ar": "نعم", "fr": "Oui", "es": "Sí", "ru": "Да", "zh": "是"},
    "partly": {"en": "Yes, in part", "ar": "نعم، جزئياً", "fr": "Oui, en partie",
               "es": "Sí, en parte", "ru": "Да, частично", "zh": "部分是"},
    "no": {"en": "No", "ar": "لا", "fr": "Non", "es": "No", "ru": "Нет", "zh": "否"},
}


def _o(value: str, en: str, ar: str, fr: str, es: str, ru: str, zh: str) -> Option:
    return Option(value=value, label={"en": en, "ar": ar, "fr": fr, "es": es, "ru": ru, "zh": zh})


#: The kinds of technical assistance a State can ask for, when a questionnaire lists none.
ASSISTANCE_KINDS: tuple[Option, ...] = (
    _o("legal-advice", "Legislative drafting and legal advice", "صياغة التشريعات والمشورة القانونية",
       "Rédaction législative et conseils juridiques", "Redacción legislativa y asesoramiento jurídico",
       "Разработка законодательства и юридические консультации", "立法起草和法律咨询"),
    _o("model-legislation", "Model legislation or model agreements", "تشريعات نموذجية أو اتفاقات نموذجية",
       "Lois types ou accords types", "Legislación modelo o acuerdos modelo",
       "Типовое законодательство или типовые соглашения", "示范立法或示范协定"),
    _o("capacity-building", "Training and capacity-building", "التدريب وبناء القدرات",
       "Formation et renforcement des capacités", "Capacitación y fomento de la capacidad",
       "Обучение и наращивание потенциала", "培训和能力建设"),
    _o("institution-building", "Institution-building", "بناء المؤسسات",
       "Renforcement des institutions", "Fortalecimiento institucional",
       "Институциональное строительство", "机构建设"),
    _o("policy-development", "Policy and strategy development", "وضع السياسات والاستراتيجيات",
       "Élaboration de politiques et de stratégies", "Formulación de políticas y estrategias",
       "Разработка политики и стратегий", "政策和战略制定"),
    _o("good-practices", "Sharing of good practices and lessons learned",
       "تبادل الممارسات الجيدة والدروس المستفادة",
       "Échange de bonnes pratiques et d'enseignements tirés",
       "Intercambio de buenas prácticas y experiencias adquiridas",
       "Обмен передовым опытом и извлеченными уроками", "交流良好做法和经验教训"),
    _o("technology", "Technology, databases and information systems",
       "التكنولوجيا وقواعد البيانات ونظم المعلومات",
       "Technologies, bases de données et systèmes d'information",
       "Tecnología, bases de datos y sistemas de información",
       "Технологии, базы данных и информационные системы", "技术、数据库和信息系统"),
    _o("coordination", "Inter-agency and international coordination",
       "التنسيق بين الأجهزة والتنسيق الدولي",
       "Coordination interinstitutions et internationale",
       "Coordinación interinstitucional e internacional",
       "Межведомственная и международная координация", "机构间和国际协调"),
    _o("on-site-expert", "On-site assistance by an expert", "مساعدة خبير في الموقع",
       "Assistance d'un expert sur place", "Asistencia de un experto in situ",
       "Помощь эксперта на месте", "专家现场援助"),
    _o("other", "Other", "غير ذلك", "Autre", "Otro", "Другое", "其他"),
)

_URL = re.compile(r"^(?:https?|ftp)://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """Why a value is not a valid answer, and how to fix it (for R108 and the interview)."""

    problem: str
    fix: str


class InputProblem(ValueError):
    """What a person typed cannot be read as an answer; the message says why."""


def closed_label(value: str, form: ClosedAnswer | None, lang: str) -> str:
    labels = (form.labels or {}).get(value) if form else None  # type: ignore[call-overload]
    return pick_text(labels or CLOSED_LABELS[value], lang)[0]


def options_of(form: Any) -> list[Option]:
    """The options a discrete form offers (closed values as options too)."""
    if isinstance(form, ClosedAnswer):
        return [Option(value=v, label=(form.labels or {}).get(v) or CLOSED_LABELS[v])  # type: ignore[call-overload]
                for v in CLOSED_VALUES]
    if isinstance(form, (ChoiceAnswer, MultiChoiceAnswer)):
        return list(form.options)
    if isinstance(form, AssistanceAnswer):
        return list(form.kinds) if form.kinds is not None else list(ASSISTANCE_KINDS)
    return []


def accepted_values(form: Any) -> list[str]:
    return [o.value for o in options_of(form)]


def is_answered(value: Any) -> bool:
    """Whether a stored value counts as an answer (empty text or list does not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


# --- reading what a person typed ---------------------------------------------------------


def parse_choice(options: list[Option], text: str, lang: str) -> str:
    """An option chosen by its number (1-based), its value, or its label in any language."""
    t = text.strip()
    if t.isdigit():
        i = int(t)
        if 1 <= i <= len(options):
            return options[i - 1].value
        raise InputProblem(f"choose a number from 1 to {len(options)}")
    folded = t.casefold()
    for o in options:
        if folded == o.value.casefold() or any(folded == lbl.casefold() for lbl in o.label.values()):
            return o.value
    raise InputProblem(f"'{t}' is not one of the options; type its number (1-{len(options)})")


def parse_choices(options: list[Option], text: str, lang: str) -> list[str]:
    """Several options, separated by commas or spaces: ``1, 3`` or ``1 3``."""
    parts = [p for p in re.split(r"[,\s،、，]+", text.strip()) if p]
    chosen: list[str] = []
    for p in parts:
        v = parse_choice(options, p, lang)
        if v not in chosen:
            chosen.append(v)
    return chosen


def parse_number(form: NumberAnswer, text: str) -> int | float:
    """A number as typed, by one rule with no guessing (see docs/interview.md):

    - digits, an optional sign, a point for decimals (``12.5``, ``-3``, ``.5``) and an
      optional exponent (``1e3``); Arabic-Indic digits and the Arabic decimal separator too;
    - thousands may be grouped with a comma, a space or the Arabic thousands separator, only
      in groups of exactly three digits, one kind throughout (``1,000``, ``12 345 678``);
    - refused, never reinterpreted: any other comma (``1,5``: a decimal comma is asked to be
      written with a point), and, for a whole-number question, a point followed by exactly
      three digits (``1.000``: one thousand in many languages, one in English);
    - a whole-number question gets an ``int`` (``1e3`` -> 1000); a fraction there is refused;
    - a number too large for a float (``1e400``) is refused, quoting what was typed.
    """
    typed = text.strip()
    t = typed.translate(_DIGITS)
    m = _NUMBER.fullmatch(t)
    if m is None or not (m["int"] or m["frac"]):
        comma = _DECIMAL_COMMA.fullmatch(t)
        if comma and len(comma["frac"]) != 3:
            raise InputProblem(
                f"'{typed}' has a comma where a decimal point may be meant: write "
                f"{comma['int'].replace(' ', '')}.{comma['frac']} for a decimal (a comma only "
                "separates groups of three digits, as in 1,000)")
        raise InputProblem(
            f"'{typed}' is not a number: write digits, with a point for decimals (12.5) and, "
            "if you like, a comma or a space between groups of three digits (1,000 or 1 000)")
    plain = m["sign"] + (m["int"] or "0").replace(m["sep"] or " ", "") + (
        f".{m['frac']}" if m["frac"] else "") + (f"e{m['exp']}" if m["exp"] else "")
    if (form.integer and m["frac"] and not m["sep"] and not m["exp"] and len(m["frac"]) == 3
            and m["int"] and m["int"][0] != "0" and len(m["int"]) <= 3):
        sign = m["sign"].lstrip("+")
        raise InputProblem(
            f"'{typed}' is ambiguous (a point marks decimals, and a whole number is asked "
            f"for): if you mean {sign}{m['int']}{m['frac']}, write {sign}{m['int']}{m['frac']} "
            f"or {sign}{m['int']},{m['frac']}")
    exact = Decimal(plain)
    if not math.isfinite(float(exact)):
        raise InputProblem(f"'{typed}' is too large a number")
    value: int | float
    if form.integer:
        if exact != exact.to_integral_value():
            raise InputProblem(f"'{typed}' is not a whole number. Write a whole number.")
        value = int(exact)
    elif m["frac"] is None and m["exp"] is None:
        value = int(exact)
    else:
        value = float(exact)
    problem = check_value(form, value)
    if problem:
        raise InputProblem(f"{problem.problem}. {problem.fix}")
    return value


# Arabic-Indic and Eastern Arabic-Indic digits, as typed on Arabic keyboards; the Arabic
# decimal (U+066B) and thousands (U+066C) separators; no-break and thin spaces as a space;
# the minus sign (U+2212) as a hyphen.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬\u00a0\u202f\u2009\u2212",
                        "01234567890123456789.,   -")
_NUMBER = re.compile(r"""
    (?P<sign>[-+]?)
    (?P<int>\d+|[1-9]\d{0,2}(?P<sep>[,\ ])\d{3}(?:(?P=sep)\d{3})*)?
    (?:\.(?P<frac>\d+))?
    (?:[eE](?P<exp>[-+]?\d+))?
""", re.VERBOSE)
_DECIMAL_COMMA = re.compile(r"(?P<int>[-+]?(?:\d+ )*\d+),(?P<frac>\d+)")


def parse_date(form: DateAnswer, text: str) -> str:
    t = text.strip().translate(_DIGITS)
    if not _DATE.match(t):
        raise InputProblem(f"'{text.strip()}' is not a date written YYYY-MM-DD, e.g. 2018-07-03")
    problem = check_value(form, t)
    if problem:
        raise InputProblem(problem.problem)
    return t


# --- the rules ----------------------------------------------------------------------------


def check_value(form: Any, value: Any) -> Problem | None:
    """None if ``value`` is a valid answer for ``form``; else what is wrong and the fix."""
    check: Callable[[Any, Any], Problem | None] = _CHECKS[type(form)]
    return check(form, value)


def _closed(form: ClosedAnswer, value: Any) -> Problem | None:
    if isinstance(value, bool):
        word = "true" if value else "false"
        return Problem(f"the answer is the boolean {word}, not a closed answer",
                       "Write one of: yes, partly, no (quote them: value: 'yes').")
    if value not in CLOSED_VALUES:
        return Problem(f"'{value}' is not a closed answer",
                       "Write one of: yes, partly (Yes, in part), no.")
    return None


def _choice(form: ChoiceAnswer, value: Any) -> Problem | None:
    values = accepted_values(form)
    if not isinstance(value, str) or value not in values:
        return Problem(f"'{value}' is not one of the options",
                       f"Write one of: {', '.join(values)}.")
    return None


def _multi(form: MultiChoiceAnswer, value: Any) -> Problem | None:
    values = accepted_values(form)
    if not isinstance(value, list):
        return Problem("the answer is not a list of options",
                       f"Write a list of some of: {', '.join(values)}.")
    bad = [v for v in value if v not in values]
    if bad:
        return Problem(f"{', '.join(map(str, bad))} {'is' if len(bad) == 1 else 'are'} not "
                       "among the options", f"Choose from: {', '.join(values)}.")
    if len(set(value)) != len(value):
        return Problem("an option is chosen twice", "List each option once.")
    if len(value) < form.min_selected:
        return Problem(f"{len(value)} option(s) chosen, at least {form.min_selected} needed",
                       "Choose more options.")
    if form.max_selected is not None and len(value) > form.max_selected:
        return Problem(f"{len(value)} options chosen, at most {form.max_selected} allowed",
                       "Choose fewer options.")
    return None


def _text(form: TextAnswer, value: Any) -> Problem | None:
    if not isinstance(value, str):
        return Problem(f"the answer is {type(value).__name__}, not text",
                       "Write the answer as text (quote it if it looks like a number).")
    if len(value) > form.max_length:
        return Problem(f"the text has {len(value)} characters, more than {form.max_length}",
                       "Shorten it, or link to a document holding the details.")
    if not form.multiline and "\n" in value.strip():
        return Problem("the answer takes one line only", "Write it on one line.")
    return None


def _number(form: NumberAnswer, value: Any) -> Problem | None:
    if isinstance(value, float) and not math.isfinite(value):
        # As written in the file (a YAML reader keeps it as ``written``): 1e400, not 'inf'.
        written = getattr(value, "written", None) or str(value)
        if math.isinf(value) and written.lstrip("+-")[:1].isdigit():
            return Problem(f"{written} is too large a number (beyond about 1.8e308)",
                           "Write the number meant, in digits, e.g. 12.")
        return Problem(f"'{written}' is not a number", "Write a number, e.g. 12.")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return Problem(f"'{value}' is not a number", "Write a number, e.g. 12.")
    if form.integer and not float(value).is_integer():
        return Problem(f"{value} is not a whole number", "Write a whole number.")
    if form.min is not None and value < form.min:
        return Problem(f"{value} is less than the minimum {_num(form.min)}",
                       f"Write a number of at least {_num(form.min)}.")
    if form.max is not None and value > form.max:
        return Problem(f"{value} is more than the maximum {_num(form.max)}",
                       f"Write a number of at most {_num(form.max)}.")
    return None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _date(form: DateAnswer, value: Any) -> Problem | None:
    if isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str) or not _DATE.match(value):
        return Problem(f"'{value}' is not a date", "Write the date as 'YYYY-MM-DD', quoted.")
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return Problem(f"'{value}' is not a real date", "Check the month and the day.")
    if form.min and d < form.min:
        return Problem(f"{value} is before {form.min}", f"Write a date from {form.min} on.")
    if form.max and d > form.max:
        return Problem(f"{value} is after {form.max}", f"Write a date up to {form.max}.")
    return None


_CITATION_KEYS = {"title", "provision", "link"}


def _citations(form: CitationsAnswer, value: Any) -> Problem | None:
    if not isinstance(value, list):
        return Problem("the answer is not a list of citations",
                       "Write a list of entries with title, provision and link.")
    for i, c in enumerate(value, 1):
        if not isinstance(c, dict) or not isinstance(c.get("title"), str) or not c["title"].strip():
            return Problem(f"citation {i} has no title", "Give each citation a 'title'.")
        extra = set(c) - _CITATION_KEYS
        if extra:
            return Problem(f"citation {i} has unknown field(s): {', '.join(sorted(extra))}",
                           "A citation has only title, provision and link.")
        for key in ("provision", "link"):
            if c.get(key) is not None and not isinstance(c[key], str):
                return Problem(f"citation {i}: '{key}' is not text", f"Write '{key}' as text.")
        link = c.get("link")
        if link and not _URL.match(link.strip()):
            return Problem(f"citation {i}: '{link}' is not a web address",
                           "Give a link starting with https://, or leave it out.")
    if len(value) < form.min_items:
        return Problem(f"{len(value)} citation(s) given, at least {form.min_items} needed",
                       "Cite the applicable legislation.")
    if form.max_items is not None and len(value) > form.max_items:
        return Problem(f"{len(value)} citations given, at most {form.max_items} allowed",
                       "Keep the most relevant ones.")
    return None


_ASSISTANCE_KEYS = {"needed", "kinds", "description"}


def _assistance(form: AssistanceAnswer, value: Any) -> Problem | None:
    if not isinstance(value, dict):
        return Problem("the answer is not a technical-assistance entry",
                       "Write 'needed: true' or 'needed: false', with 'kinds' and "
                       "'description' when needed.")
    extra = set(value) - _ASSISTANCE_KEYS
    if extra:
        return Problem(f"unknown field(s): {', '.join(sorted(extra))}",
                       "An assistance entry has only needed, kinds and description.")
    if not isinstance(value.get("needed"), bool):
        return Problem("'needed' is not true or false", "Write 'needed: true' or 'needed: false'.")
    kinds = value.get("kinds") or []
    values = accepted_values(form)
    if not isinstance(kinds, list) or any(k not in values for k in kinds):
        return Problem("'kinds' holds an unknown kind of assistance",
                       f"Choose from: {', '.join(values)}.")
    if value["needed"] and not kinds:
        return Problem("assistance is needed but no kind is given",
                       "List at least one kind under 'kinds'.")
    if not value["needed"] and kinds:
        return Problem("'kinds' are listed but 'needed' is false",
                       "Set 'needed: true', or remove the kinds.")
    desc = value.get("description")
    if desc is not None and not isinstance(desc, str):
        return Problem("'description' is not text", "Write the description as text.")
    return None


_CHECKS: dict[type, Any] = {
    ClosedAnswer: _closed,
    ChoiceAnswer: _choice,
    MultiChoiceAnswer: _multi,
    TextAnswer: _text,
    NumberAnswer: _number,
    DateAnswer: _date,
    CitationsAnswer: _citations,
    AssistanceAnswer: _assistance,
}


def needs_assistance(value: Any) -> bool:
    return isinstance(value, dict) and value.get("needed") is True
