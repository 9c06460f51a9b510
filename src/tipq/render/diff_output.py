"""``tipq diff`` outputs: text for the terminal, Markdown, self-contained HTML and JSON.

A registry, :data:`DIFF_RENDERERS_BY_NAME`; the CLI's ``--format`` choices are its keys.
Every text that comes from a questionnaire file (question texts, ids, file names) goes
through :mod:`tipq.core.escape` for the output it is written to. Rewordings are shown as
word-level redlines: ``[-deleted-]{+inserted+}`` in text (as ``git diff --word-diff``),
``<del>``/``<ins>`` in HTML and Markdown. The HTML is what delegates read as "what changed
since the last non-paper"; ``lang="ar"`` makes it right to left.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tipq.core import escape
from tipq.core.languages import RTL_LANGUAGES
from tipq.render.labels import format_version

if TYPE_CHECKING:  # types only: the CLI lists the formats without loading the models
    from tipq.checks.diff import Change, QuestionnaireDiff, Token

#: The words of the diff outputs; English where a language has none.
DIFF_LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "What changed since the last version", "fr": "Modifications depuis la "
              "version précédente", "es": "Cambios desde la versión anterior",
              "ar": "ما الذي تغيّر منذ الصيغة السابقة"},
    "from": {"en": "From", "fr": "De", "es": "De", "ar": "من"},
    "to": {"en": "To", "fr": "À", "es": "A", "ar": "إلى"},
    "summary": {"en": "Summary", "fr": "Résumé", "es": "Resumen", "ar": "موجز"},
    "changes": {"en": "{count} changes, {review} of which need responses to be reviewed",
                "fr": "{count} modifications, dont {review} appellent un réexamen des "
                "réponses", "es": "{count} cambios, {review} de los cuales requieren "
                "revisar las respuestas",
                "ar": "{count} تغييراً، منها {review} تستلزم مراجعة الردود"},
    "identical": {"en": "No differences.", "fr": "Aucune différence.",
                  "es": "Sin diferencias.", "ar": "لا توجد فروق."},
    "question": {"en": "Question {label}", "fr": "Question {label}",
                 "es": "Pregunta {label}", "ar": "السؤال {label}"},
    "impact.review": {"en": "review the answer", "fr": "réexaminer la réponse",
                      "es": "revisar la respuesta", "ar": "تجب مراجعة الإجابة"},
    "impact.harmless": {"en": "harmless", "fr": "sans incidence", "es": "sin efecto",
                        "ar": "لا أثر له"},
    "kind.added": {"en": "added", "fr": "ajoutée", "es": "añadida", "ar": "أُضيف"},
    "kind.removed": {"en": "removed", "fr": "supprimée", "es": "suprimida", "ar": "حُذف"},
    "kind.moved": {"en": "moved to {target}", "fr": "transférée vers {target}",
                   "es": "trasladada a {target}", "ar": "نُقل إلى {target}"},
    "kind.replaced": {"en": "takes over from {old}", "fr": "remplace {old}",
                      "es": "sustituye a {old}", "ar": "يحل محل {old}"},
    "kind.renumbered": {"en": "renumbered from {old}", "fr": "renumérotée (ancien {old})",
                        "es": "renumerada (antes {old})", "ar": "أُعيد ترقيمه (كان {old})"},
    "kind.reworded": {"en": "reworded ({lang})", "fr": "reformulée ({lang})",
                      "es": "reformulada ({lang})", "ar": "أُعيدت صياغته ({lang})"},
    "kind.re-tagged": {"en": "re-tagged: {old} → {new}", "fr": "nouvelle classification : "
                       "{old} → {new}", "es": "nueva clasificación: {old} → {new}",
                       "ar": "تغيّر تصنيفه: {old} ← {new}"},
    "kind.status": {"en": "negotiation status: {old} → {new}",
                    "fr": "état des négociations : {old} → {new}",
                    "es": "estado de la negociación: {old} → {new}",
                    "ar": "حالة التفاوض: {old} ← {new}"},
    "kind.options-added": {"en": "options added: {new}", "fr": "options ajoutées : {new}",
                           "es": "opciones añadidas: {new}", "ar": "خيارات أُضيفت: {new}"},
    "kind.options-removed": {"en": "options removed: {old}", "fr": "options supprimées : "
                             "{old}", "es": "opciones suprimidas: {old}",
                             "ar": "خيارات حُذفت: {old}"},
    "kind.options-renamed": {"en": "options renamed: {pairs}", "fr": "options renommées : "
                             "{pairs}", "es": "opciones renombradas: {pairs}",
                             "ar": "خيارات أُعيدت تسميتها: {pairs}"},
    "kind.condition": {"en": "condition changed", "fr": "condition modifiée",
                       "es": "condición modificada", "ar": "تغيّر الشرط"},
    "kind.answer-kind": {"en": "kind of answer: {old} → {new}", "fr": "type de réponse : "
                         "{old} → {new}", "es": "tipo de respuesta: {old} → {new}",
                         "ar": "نوع الإجابة: {old} ← {new}"},
    "kind.answer-form": {"en": "answer settings changed", "fr": "paramètres de réponse "
                         "modifiés", "es": "parámetros de respuesta modificados",
                         "ar": "تغيّرت إعدادات الإجابة"},
    "kind.guidance": {"en": "guidance changed", "fr": "indications modifiées",
                      "es": "orientaciones modificadas", "ar": "تغيّرت الإرشادات"},
    "kind.alternatives": {"en": "alternative wordings: {old} → {new}",
                          "fr": "variantes : {old} → {new}", "es": "variantes: {old} → {new}",
                          "ar": "الصيغ البديلة: {old} ← {new}"},
    "kind.provisions": {"en": "provisions: {old} → {new}", "fr": "dispositions : {old} → "
                        "{new}", "es": "disposiciones: {old} → {new}",
                        "ar": "الأحكام: {old} ← {new}"},
    "header.version": {"en": "version", "fr": "version", "es": "versión", "ar": "الصيغة"},
    "header.status": {"en": "status", "fr": "statut", "es": "estado", "ar": "الوضع"},
    "header.other": {"en": "{field} changed", "fr": "{field} modifié",
                     "es": "{field} modificado", "ar": "تغيّر {field}"},
    "untagged": {"en": "untagged", "fr": "non classée", "es": "sin clasificar",
                 "ar": "غير مصنّف"},
}


def label(key: str, in_lang: str, /, **params: Any) -> str:
    words = DIFF_LABELS[key]
    text = words.get(in_lang) or words["en"]
    return text.format(**params) if params else text


def _tags(value: Any, lang: str) -> str:
    if not isinstance(value, dict):
        return str(value)
    req, obl = value.get("requirement"), value.get("obligation")
    if not req and not obl:
        return label("untagged", lang)
    return " ".join(str(x) for x in (req, f"({obl})" if obl else None) if x)


def change_words(c: Change, lang: str) -> str:
    """What a change is, in words (raw: the caller escapes it for its output)."""
    key = f"kind.{c.kind}"
    if c.kind == "moved":
        return label(key, lang, target=c.target or "")
    if c.kind == "replaced":
        return label(key, lang, old=c.old_id or "")
    if c.kind == "renumbered":
        return label(key, lang, old=c.old_label or "")
    if c.kind == "reworded":
        return label(key, lang, lang=c.lang or "")
    if c.kind == "re-tagged":
        return label(key, lang, old=_tags(c.old, lang), new=_tags(c.new, lang))
    if c.kind == "options-renamed":
        pairs = ", ".join(f"{o} → {n}" for o, n in zip(c.old or [], c.new or [], strict=False))
        return label(key, lang, pairs=pairs)
    if c.kind in ("options-added", "options-removed"):
        return label(key, lang, old=", ".join(c.old or []), new=", ".join(c.new or []))
    if c.kind == "provisions":
        return label(key, lang, old=", ".join(c.old or []), new=", ".join(c.new or []))
    if c.kind in ("status", "answer-kind", "alternatives"):
        return label(key, lang, old=c.old, new=c.new)
    return label(key, lang)


def _header_words(field: str, old: Any, new: Any, lang: str) -> str:
    if field == "version":
        return f"{label('header.version', lang)}: {old} → {new}"
    if field == "status":
        return f"{label('header.status', lang)}: {old} → {new}"
    return label("header.other", lang, field=field)


def _version_line(ref: Any, lang: str) -> str:
    return f"{ref.id} {ref.version} ({format_version(ref.version, lang)}, {ref.status})"


def _shown(c: Change, lang: str | None) -> bool:
    """Rewordings are shown in the language asked for (all languages when none is)."""
    return c.kind != "reworded" or lang is None or c.lang == lang


# --- text -----------------------------------------------------------------------------------


def render_text(d: QuestionnaireDiff, lang: str | None = None) -> str:
    words = lang or "en"
    out = [f"--- {_version_line(d.old, words)}  {d.old.file}".rstrip(),
           f"+++ {_version_line(d.new, words)}  {d.new.file}".rstrip()]
    if d.identical:
        out.append(label("identical", words))
        return "\n".join(escape.text_line(line) for line in out) + "\n"
    for field, old, new in d.header:
        out.append(f"  * {_header_words(field, old, new, words)}")
    for number, qid, changes in d.by_question():
        out.append("")
        out.append(f"{label('question', words, label=number)}  {qid}".rstrip())
        for c in changes:
            if not _shown(c, lang):
                continue
            mark = "!" if c.impact == "review" else " "
            who = "" if c.top else f"{c.label} {c.id}: "
            out.append(f"  {mark} {who}{change_words(c, words)}  "
                       f"[{label('impact.' + c.impact, words)}]")
            if c.redline:
                out.append("      " + "".join(_text_token(t) for t in c.redline))
    out.append("")
    out.append(label("changes", words, count=len(d.changes), review=len(d.needs_review())))
    return "\n".join(escape.text_line(line) for line in out) + "\n"


def _text_token(t: Token) -> str:
    if t.op == "delete":
        return f"[-{t.text}-]"
    if t.op == "insert":
        return f"{{+{t.text}+}}"
    return t.text


# --- Markdown -------------------------------------------------------------------------------


def render_markdown(d: QuestionnaireDiff, lang: str | None = None) -> str:
    words = lang or "en"
    md = escape.markdown
    out: list[str] = []
    rtl = words in RTL_LANGUAGES
    if rtl:
        out += [f'<div dir="rtl" lang="{words}">', ""]
    out += [f"# {md(label('title', words))}", "",
            f"- {md(label('from', words))}: {md(_version_line(d.old, words))}",
            f"- {md(label('to', words))}: {md(_version_line(d.new, words))}", ""]
    if d.identical:
        out += [md(label("identical", words)), ""]
    for field, old, new in d.header:
        out.append(f"- {md(_header_words(field, old, new, words))}")
    if d.header:
        out.append("")
    if not d.identical:
        out += [f"## {md(label('summary', words))}", "",
                md(label("changes", words, count=len(d.changes),
                         review=len(d.needs_review()))), ""]
    for number, qid, changes in d.by_question():
        out += [f"## {md(label('question', words, label=number))}"
                + (f" ({md(qid)})" if qid else ""), ""]
        for c in changes:
            if not _shown(c, lang):
                continue
            who = "" if c.top else f"{md(c.label)} {md(c.id)}: "
            bold = "**" if c.impact == "review" else ""
            out.append(f"- {who}{bold}{md(change_words(c, words))}{bold} "
                       f"({md(label('impact.' + c.impact, words))})")
            if c.redline:
                out.append(f"  > {_md_redline(c)}")
        out.append("")
    if rtl:
        out += ["</div>", ""]
    return "\n".join(out)


def _marked(c: Change, esc: Callable[[str], str]) -> str:
    """The word-level redline of ``c``: each token escaped by ``esc`` (the output's own
    escaping), deletions in ``<del>`` and insertions in ``<ins>`` (Markdown and HTML alike)."""
    tags = {"delete": "del", "insert": "ins"}
    return "".join(f"<{tags[t.op]}>{esc(t.text)}</{tags[t.op]}>" if t.op in tags
                   else esc(t.text) for t in c.redline)


def _md_redline(c: Change) -> str:
    body = _marked(c, escape.markdown)
    if c.lang in RTL_LANGUAGES:
        return f'<span dir="rtl" lang="{c.lang}">{body}</span>'
    return body


# --- HTML -----------------------------------------------------------------------------------

_CSS = """
body { font-family: "Segoe UI", "Noto Sans", "Noto Naskh Arabic", Arial, sans-serif;
  max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
.versions { color: #444; } .id { color: #666; font-family: monospace; font-size: .9em; }
ul.changes { padding-inline-start: 1.2rem; } ul.changes li { margin: .3rem 0; }
.review { font-weight: 600; } .impact { color: #555; font-size: .9em; }
.redline { margin: .3rem 0 .6rem; padding: .4rem .6rem; background: #fafafa;
  border-inline-start: 3px solid #5b92e5; }
del { background: #fde2e2; color: #8a1c1c; } ins { background: #dcf5dc; color: #135e13;
  text-decoration: none; border-bottom: 1px solid #135e13; }
"""


def render_html(d: QuestionnaireDiff, lang: str | None = None) -> str:
    words = lang or "en"
    h = escape.html
    direction = "rtl" if words in RTL_LANGUAGES else "ltr"
    out = ["<!DOCTYPE html>", f'<html lang="{h(words)}" dir="{direction}">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{h(label('title', words))}: {h(d.new.id)} {h(d.new.version)}</title>",
           f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>{h(label('title', words))}</h1>", '<p class="versions">',
           f"{h(label('from', words))}: <bdi>{h(_version_line(d.old, words))}</bdi><br>",
           f"{h(label('to', words))}: <bdi>{h(_version_line(d.new, words))}</bdi></p>"]
    if d.identical:
        out.append(f"<p>{h(label('identical', words))}</p>")
    if d.header:
        out.append("<ul>" + "".join(f"<li>{h(_header_words(f, o, n, words))}</li>"
                                    for f, o, n in d.header) + "</ul>")
    if not d.identical:
        counts = label("changes", words, count=len(d.changes), review=len(d.needs_review()))
        out.append(f"<h2>{h(label('summary', words))}</h2><p>{h(counts)}</p>")
    for number, qid, changes in d.by_question():
        ident = f' <span class="id"><bdi>{h(qid)}</bdi></span>' if qid else ""
        out.append(f'<section><h2>{h(label("question", words, label=number))}{ident}</h2>'
                   '<ul class="changes">')
        for c in changes:
            if not _shown(c, lang):
                continue
            who = "" if c.top else (f'<bdi>{h(c.label)}</bdi> <span class="id"><bdi>'
                                    f"{h(c.id)}</bdi></span>: ")
            cls = "review" if c.impact == "review" else "harmless"
            item = (f'<li class="{cls}">{who}<bdi>{h(change_words(c, words))}</bdi> '
                    f'<span class="impact">({h(label("impact." + c.impact, words))})</span>')
            if c.redline:
                item += _html_redline(c)
            out.append(item + "</li>")
        out.append("</ul></section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _html_redline(c: Change) -> str:
    text_lang = c.lang or "en"
    direction = "rtl" if text_lang in RTL_LANGUAGES else "ltr"
    return (f'<p class="redline" lang="{escape.html(text_lang)}" dir="{direction}">'
            + _marked(c, escape.html) + "</p>")


# --- JSON -----------------------------------------------------------------------------------


def render_json(d: QuestionnaireDiff, lang: str | None = None) -> str:
    from tipq import __version__

    data = {"tool": {"name": "tipq", "version": __version__}, "kind": "diff",
            **d.to_dict()}
    if lang is not None:
        data["changes"] = [c for c, ch in zip(data["changes"], d.changes, strict=True)
                           if _shown(ch, lang)]
    return escape.json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


Renderer = Callable[["QuestionnaireDiff", "str | None"], str]

DIFF_RENDERERS_BY_NAME: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
}

__all__ = ["DIFF_LABELS", "DIFF_RENDERERS_BY_NAME", "change_words", "render_html",
           "render_json", "render_markdown", "render_text"]
