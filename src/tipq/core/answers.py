"""Answer values and what people type: the pieces the answer kinds are built from.

- :class:`Problem` (why a stored value is not a valid answer, with the fix) and
  :class:`InputProblem` (what a person typed cannot be read);
- :func:`is_answered`: whether a stored value counts as an answer;
- the reading of typed text: :func:`parse_choice` / :func:`parse_choices` (options by number,
  value or label), :func:`read_number` (one number rule, documented in docs/interview.md),
  :func:`read_date`;
- tipq's own option texts: the closed labels and the built-in kinds of technical assistance.

The rules per kind of answer live in :mod:`tipq.core.kinds`, which uses these.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tipq.core.common import LocalizedText
from tipq.core.questionnaire import Option

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
    _o("legal-advice", "Legislative drafting and legal advice",
       "صياغة التشريعات والمشورة القانونية",
       "Rédaction législative et conseils juridiques",
       "Redacción legislativa y asesoramiento jurídico",
       "Разработка законодательства и юридические консультации", "立法起草和法律咨询"),
    _o("model-legislation", "Model legislation or model agreements",
       "تشريعات نموذجية أو اتفاقات نموذجية",
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

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """Why a value is not a valid answer, and how to fix it (for R108 and the interview)."""

    problem: str
    fix: str


class InputProblem(ValueError):
    """What a person typed cannot be read as an answer; the message says why."""


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
    """An option chosen by its number (1-based), its value, or its label in any language
    (case, spaces and punctuation aside: ``Yes in part`` is "Yes, in part")."""
    t = text.strip()
    if t.isdigit():
        i = int(t)
        if 1 <= i <= len(options):
            return options[i - 1].value
        raise InputProblem(f"choose a number from 1 to {len(options)}")
    folded = _fold(t)
    for o in options:
        if folded == _fold(o.value) or folded in (_fold(lbl) for lbl in o.label.values()):
            return o.value
    import difflib

    from tipq.core.languages import pick_text

    labels = {_fold(lbl): lbl for o in options for lbl in (pick_text(o.label, lang)[0],)}
    close = difflib.get_close_matches(folded, list(labels), n=1, cutoff=0.6)
    hint = f"; did you mean '{labels[close[0]]}'?" if close else ""
    raise InputProblem(f"'{t}' is not one of the options{hint} Type its number "
                       f"(1-{len(options)})")


def _fold(text: str) -> str:
    """Text compared as a label: case, punctuation and spacing aside."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def parse_choices(options: list[Option], text: str, lang: str) -> list[str]:
    """Several options, separated by commas, semicolons or spaces, and ranges of numbers:
    ``1, 3``, ``1 3``, ``1; 3``, ``1-4``."""
    parts = [p for p in re.split(r"[,;\s،؛、，；]+", text.strip()) if p]
    chosen: list[str] = []
    for p in parts:
        m = re.fullmatch(r"(\d+)[-–](\d+)", p)
        picks = [str(i) for i in range(int(m[1]), int(m[2]) + 1)] if m and int(m[1]) <= int(
            m[2]) else [p]
        for pick in picks:
            v = parse_choice(options, pick, lang)
            if v not in chosen:
                chosen.append(v)
    return chosen


def read_number(text: str, *, integer: bool = False) -> int | float:
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
    if (integer and m["frac"] and not m["sep"] and not m["exp"] and len(m["frac"]) == 3
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
    if integer:
        if exact != exact.to_integral_value():
            raise InputProblem(f"'{typed}' is not a whole number. Write a whole number.")
        value = int(exact)
    elif m["frac"] is None and m["exp"] is None:
        value = int(exact)
    else:
        value = float(exact)
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


def read_date(text: str) -> str:
    """A date as typed, ``YYYY-MM-DD`` (Arabic-Indic digits too); not yet checked."""
    t = text.strip().translate(_DIGITS)
    if not _DATE.match(t):
        raise InputProblem(f"'{text.strip()}' is not a date written YYYY-MM-DD, e.g. 2018-07-03")
    return t


def format_number(x: float) -> str:
    """A bound as people write it: ``12``, not ``12.0``."""
    return str(int(x)) if float(x).is_integer() else str(x)


