"""The words of ``tipq report`` (headings, column names, states), in English and Arabic.

Another language falls back to English, word by word. Questions' text and section titles
come from the questionnaire in the chosen language (see :mod:`tipq.checks.compile`).
"""

from __future__ import annotations

from typing import Any

from tipq.core.languages import RTL_LANGUAGES

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Compilation of responses", "ar": "تجميع الردود"},
    "summary": {
        "en": "{states} States, {files} files read, {invalid} file(s) with errors left out",
        "ar": "{states} دولة، {files} ملفاً مقروءاً، {invalid} ملفاً به أخطاء مستبعد"},
    "completion": {"en": "Completion", "ar": "الإنجاز"},
    "state": {"en": "State", "ar": "الدولة"},
    "states": {"en": "States", "ar": "الدول"},
    "file": {"en": "File", "ar": "الملف"},
    "status": {"en": "Status", "ar": "الحالة"},
    "answered": {"en": "Answered", "ar": "أُجيب عنها"},
    "applicable": {"en": "Applicable", "ar": "المنطبقة"},
    "updated": {"en": "Last update", "ar": "آخر تحديث"},
    "questionnaire": {"en": "Questionnaire", "ar": "الاستبيان"},
    "others": {"en": "Other responses (not counted)", "ar": "ردود أخرى (غير محسوبة)"},
    "rule": {"en": "States that sent several responses: {rule}.",
             "ar": "الدول التي أرسلت أكثر من رد: {rule}."},
    "rule_text": {
        "en": "the response furthest in its lifecycle is kept (submitted over draft), then "
              "the one updated last, then the first by file name",
        "ar": "يُحتفظ بالرد الأكثر تقدماً (المقدَّم قبل المسودة)، ثم الأحدث تحديثاً، ثم الأول "
              "حسب اسم الملف"},
    "expected": {"en": "Expected States without a submitted response",
                 "ar": "الدول المتوقعة التي لم تقدّم رداً"},
    "situation": {"en": "Situation", "ar": "الوضع"},
    "situation.missing": {"en": "no response", "ar": "لا رد"},
    "situation.draft": {"en": "draft only", "ar": "مسودة فقط"},
    "situation.invalid": {"en": "only files with errors", "ar": "ملفات بها أخطاء فقط"},
    "unexpected": {"en": "Responses from States not on the list of expected States: {list}",
                   "ar": "ردود من دول غير مدرجة في قائمة الدول المتوقعة: {list}"},
    "invalid": {"en": "Files with errors, left out of the counts",
                "ar": "ملفات بها أخطاء، مستبعدة من الأعداد"},
    "invalid_hint": {"en": "Run 'tipq validate' on these files for every finding and its fix.",
                     "ar": "شغّل 'tipq validate' على هذه الملفات لمعرفة كل خطأ وطريقة إصلاحه."},
    "errors": {"en": "Errors", "ar": "الأخطاء"},
    "first_error": {"en": "First error", "ar": "أول خطأ"},
    "answers": {"en": "Answers", "ar": "الإجابات"},
    "question": {"en": "Question", "ar": "السؤال"},
    "section": {"en": "Section", "ar": "القسم"},
    "tag": {"en": "Requirement", "ar": "الإلزام"},
    "value": {"en": "Answer", "ar": "الإجابة"},
    "count": {"en": "Number of States", "ar": "عدد الدول"},
    "bucket.not-applicable": {"en": "not applicable", "ar": "لا ينطبق"},
    "bucket.unanswered": {"en": "unanswered", "ar": "بلا إجابة"},
    "bucket.answered": {"en": "answered", "ar": "أُجيب عنه"},
    "bucket.other": {"en": "other", "ar": "أخرى"},
    "tag.mandatory": {"en": "mandatory", "ar": "إلزامي"},
    "tag.non-mandatory": {"en": "non-mandatory", "ar": "غير إلزامي"},
    "tag.none": {"en": "untagged", "ar": "غير مصنّف"},
    "status.draft": {"en": "draft", "ar": "مسودة"},
    "status.submitted": {"en": "submitted", "ar": "مُقدَّم"},
    "status.invalid": {"en": "files with errors", "ar": "ملفات بها أخطاء"},
    "status.missing": {"en": "no response", "ar": "لا رد"},
    "assistance": {"en": "Technical assistance requested", "ar": "المساعدة التقنية المطلوبة"},
    "assistance_by_kind": {"en": "States requesting each kind of assistance",
                           "ar": "الدول الطالبة لكل نوع من المساعدة"},
    "provision": {"en": "Provision", "ar": "الحكم"},
    "kind": {"en": "Kind of assistance", "ar": "نوع المساعدة"},
    "gaps": {"en": "Mandatory provisions answered No or Yes, in part, with assistance "
                   "requested", "ar": "أحكام إلزامية أُجيب عنها بلا أو بنعم جزئياً مع طلب مساعدة"},
    "description": {"en": "Description", "ar": "الوصف"},
    "changes": {"en": "Changes since the previous cycle", "ar": "التغييرات منذ الدورة السابقة"},
    "change": {"en": "Change", "ar": "التغيير"},
    "change.answer": {"en": "answer changed", "ar": "تغيّرت الإجابة"},
    "change.assistance-new": {"en": "new assistance need", "ar": "حاجة جديدة إلى المساعدة"},
    "change.assistance-dropped": {"en": "assistance no longer requested",
                                  "ar": "لم تعد المساعدة مطلوبة"},
    "before": {"en": "Before", "ar": "قبل"},
    "after": {"en": "Now", "ar": "الآن"},
    "none": {"en": "None.", "ar": "لا شيء."},
    "no_previous": {"en": "No previous cycle given (--previous).",
                    "ar": "لم تُحدَّد دورة سابقة (--previous)."},
    "chart_status": {"en": "States by status", "ar": "الدول حسب الحالة"},
    "chart_answers": {"en": "Answers to each question", "ar": "الإجابات عن كل سؤال"},
    "data": {"en": "Data", "ar": "البيانات"},
    "sheet.completion": {"en": "Completion", "ar": "الإنجاز"},
    "sheet.expected": {"en": "Expected", "ar": "المتوقعة"},
    "sheet.invalid": {"en": "Files with errors", "ar": "ملفات بها أخطاء"},
    "sheet.answers": {"en": "Answers", "ar": "الإجابات"},
    "sheet.assistance": {"en": "Assistance", "ar": "المساعدة"},
    "sheet.gaps": {"en": "Gaps", "ar": "الثغرات"},
    "sheet.changes": {"en": "Changes", "ar": "التغييرات"},
    "sheet.data": {"en": "Data", "ar": "البيانات"},
    "generated": {"en": "Made by tipq {version}", "ar": "أعدّه tipq {version}"},
}


def word(key: str, lang: str, **params: Any) -> str:
    """``key`` in ``lang`` (English when it has no translation), filled in."""
    texts = WORDS[key]
    text = texts.get(lang) or texts["en"]
    return text.format(**params) if params else text


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES


def bucket_word(bucket: str, display: str, lang: str) -> str:
    """How a bucket of answers is named: the answer's label, or the report's word."""
    key = f"bucket.{bucket}"
    return word(key, lang) if key in WORDS else display


def tag_word(tag: str | None, lang: str) -> str:
    return word(f"tag.{tag or 'none'}", lang)


def status_word(status: str | None, lang: str) -> str:
    key = f"status.{status}"
    return word(key, lang) if key in WORDS else str(status or "-")
