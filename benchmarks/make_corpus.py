"""Generate a benchmark corpus: a questionnaire of 150 questions and N responses to it.

Each response answers all 150 questions and follow-ups (~94 KB): closed answers with
their citations and explanations, choices, numbers and dates, with realistic English and
Arabic text about implementing the Trafficking in Persons Protocol. Every response is
different (seeded random choices); a few (``--bad-every``) have a typo in a closed answer,
as a hand-edited file would, so that the slow path (positions for findings) is measured
too. Countries are the fictitious user-assigned codes XAA-XZZ, never real States.

    python benchmarks/make_corpus.py OUT_DIR [--files 1000]

writes ``OUT_DIR/questionnaires/bench.yaml`` and ``OUT_DIR/responses/*.yaml``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import textwrap
from pathlib import Path
from typing import Any

QUESTIONNAIRE_ID = "bench-tip"
VERSION = "2018-07-03T18:00"

PROVISIONS = ["3(a)", "5(1)", "5(2)(a)", "5(2)(b)", "5(2)(c)", "6(1)", "6(2)", "6(3)",
              "6(4)", "6(5)", "6(6)", "7(1)", "7(2)", "8(1)", "8(2)", "9(1)", "9(2)", "9(3)",
              "9(4)", "10(1)", "10(2)", "11(1)", "11(5)", "12(a)", "13"]

TOPICS_EN = [
    "the criminalization of trafficking in persons", "the protection of the privacy of victims",
    "assistance to victims in criminal proceedings", "the physical and psychological recovery "
    "of victims", "the safety of victims within the territory", "compensation for victims",
    "the status of victims in receiving States", "the repatriation of victims",
    "the prevention of trafficking in persons", "the exchange of information among "
    "authorities", "border measures", "the security and control of travel documents",
]
TOPICS_AR = [
    "تجريم الاتجار بالأشخاص", "حماية خصوصية الضحايا", "مساعدة الضحايا في الإجراءات الجنائية",
    "التعافي الجسدي والنفسي للضحايا", "سلامة الضحايا داخل الإقليم", "تعويض الضحايا",
    "وضع الضحايا في الدول المستقبلة", "إعادة الضحايا إلى أوطانهم", "منع الاتجار بالأشخاص",
    "تبادل المعلومات بين السلطات", "التدابير الحدودية", "أمن وثائق السفر ومراقبتها",
]
SENTENCES_EN = [
    "The national referral mechanism, established by decree in 2016, coordinates the "
    "identification of victims by the police, labour inspectors and non-governmental "
    "organizations.",
    "Article 230 of the Penal Code criminalizes the recruitment, transportation, transfer, "
    "harbouring or receipt of persons by the means set out in article 3 of the Protocol.",
    "The consent of a victim to the intended exploitation is irrelevant where any of the "
    "means referred to in article 3, subparagraph (a), has been used.",
    "Victims may give testimony by video link, and the court may order that the public be "
    "excluded from the hearing to protect their privacy and identity.",
    "Shelters run by the Ministry of Social Affairs offer appropriate housing, counselling "
    "and medical assistance in a language that victims understand.",
    "Front-line officers receive annual training on the indicators of trafficking for the "
    "purpose of forced labour and sexual exploitation.",
    "Victims are not punished for unlawful acts they were compelled to commit as a direct "
    "consequence of having been trafficked.",
    "A temporary residence permit of six months, renewable, may be granted to victims "
    "regardless of their cooperation with the authorities.",
    "The return of victims is carried out with due regard for their safety and for the "
    "status of any legal proceedings, and preferably voluntarily.",
    "Data on investigations, prosecutions and convictions are collected by the Office of the "
    "Prosecutor-General and published every year.",
    "Interpretation is provided free of charge at every stage of the proceedings.",
    "The law provides for the confiscation of proceeds of crime and for their use to "
    "compensate victims.",
    "Cooperation agreements with neighbouring States cover the exchange of information on "
    "travel documents and on the routes used by traffickers.",
    "Awareness campaigns in schools and on social media address the demand that fosters "
    "exploitation, especially of women and children.",
    "Family reunification is facilitated for child victims, after an assessment of the best "
    "interests of the child.",
]
SENTENCES_AR = [
    "تتولى الآلية الوطنية للإحالة، المنشأة بمرسوم في عام 2016، تنسيق تحديد هوية الضحايا "
    "بين الشرطة ومفتشي العمل والمنظمات غير الحكومية.",
    "تجرّم المادة 230 من قانون العقوبات تجنيد الأشخاص أو نقلهم أو تنقيلهم أو إيواءهم أو "
    "استقبالهم بالوسائل المبيّنة في المادة 3 من البروتوكول.",
    "لا تكون موافقة الضحية على الاستغلال المقصود محل اعتبار متى استُخدمت أيٌّ من الوسائل "
    "المبيّنة في الفقرة الفرعية (أ) من المادة 3.",
    "يجوز للضحايا الإدلاء بشهاداتهم عن طريق الاتصال المرئي، ويجوز للمحكمة أن تأمر بعقد "
    "الجلسة سرّاً حمايةً لخصوصيتهم وهويتهم.",
    "توفر دور الإيواء التابعة لوزارة الشؤون الاجتماعية السكن الملائم والمشورة والمساعدة "
    "الطبية بلغة يفهمها الضحايا.",
    "يتلقى الموظفون في الخطوط الأمامية تدريباً سنوياً على مؤشرات الاتجار لغرض العمل "
    "القسري والاستغلال الجنسي.",
    "لا يُعاقب الضحايا على الأفعال غير المشروعة التي أُرغموا على ارتكابها نتيجةً مباشرةً "
    "لكونهم ضحايا للاتجار.",
    "يجوز منح الضحايا تصريح إقامة مؤقتاً لمدة ستة أشهر قابلة للتجديد بصرف النظر عن "
    "تعاونهم مع السلطات.",
    "تجري إعادة الضحايا إلى أوطانهم مع إيلاء الاعتبار الواجب لسلامتهم ولحالة أي إجراءات "
    "قانونية، ويُفضَّل أن تكون طوعية.",
    "يجمع مكتب النائب العام البيانات المتعلقة بالتحقيقات والملاحقات القضائية والإدانات "
    "وينشرها كل عام.",
    "تُقدَّم خدمات الترجمة الشفوية مجاناً في جميع مراحل الإجراءات.",
    "ينص القانون على مصادرة عائدات الجريمة واستخدامها في تعويض الضحايا.",
    "تشمل اتفاقات التعاون مع الدول المجاورة تبادل المعلومات عن وثائق السفر والطرق التي "
    "يستخدمها المتّجرون.",
    "تتناول حملات التوعية في المدارس وعلى وسائل التواصل الاجتماعي الطلب الذي يحفز "
    "الاستغلال، ولا سيما استغلال النساء والأطفال.",
    "يُيسَّر لمّ شمل الأسر بالنسبة إلى الأطفال الضحايا بعد تقييم مصالحهم الفضلى.",
]
LAWS = [
    ("Penal Code", "https://example.org/{c}/penal-code"),
    ("Law on Combating Trafficking in Persons", "https://example.org/{c}/anti-trafficking-law"),
    ("Code of Criminal Procedure", "https://example.org/{c}/criminal-procedure"),
    ("Law on Foreigners and Asylum", "https://example.org/{c}/foreigners"),
    ("قانون مكافحة الاتجار بالبشر", "https://example.org/{c}/law-ar"),
    ("Decree on the National Referral Mechanism", "https://example.org/{c}/nrm-decree"),
]
OPTIONS = [("police", "Police", "الشرطة"), ("prosecutors", "Prosecutors", "النيابة العامة"),
           ("labour-inspectors", "Labour inspectors", "مفتشو العمل"),
           ("border-guards", "Border guards", "حرس الحدود"),
           ("social-workers", "Social workers", "الأخصائيون الاجتماعيون"),
           ("ngos", "Non-governmental organizations", "المنظمات غير الحكومية")]


# --- a small block-YAML writer (strings double-quoted, long texts as literal blocks) ------

_PLAIN_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")


def to_yaml(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        out = []
        for k, v in value.items():
            key = k if _PLAIN_KEY.match(k) else json.dumps(k)
            if isinstance(v, (dict, list)) and v:
                out.append(f"{pad}{key}:\n{to_yaml(v, indent + 2)}")
            else:
                out.append(f"{pad}{key}: {_scalar(v, indent + 2)}")
        return "".join(out)
    if isinstance(value, list):
        out = []
        for v in value:
            if isinstance(v, dict) and v:
                body = to_yaml(v, indent + 2)
                out.append(f"{pad}- {body[indent + 2:]}")
            else:
                out.append(f"{pad}- {_scalar(v, indent + 2)}")
        return "".join(out)
    raise TypeError(type(value))


def _scalar(v: Any, indent: int) -> str:
    if isinstance(v, str) and "\n" in v:
        pad = " " * indent
        return "|-\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in v.split("\n"))
    if v == {} or v == []:
        return ("{}" if v == {} else "[]") + "\n"
    return json.dumps(v, ensure_ascii=False) + "\n"


# --- the questionnaire ----------------------------------------------------------------------


def build_questionnaire() -> dict[str, Any]:
    sections = []
    n = 0
    for s in range(5):
        questions = []
        for k in range(8):  # 40 closed questions with two follow-ups each: 120 items
            n += 1
            topic = s * 8 + k
            questions.append({
                "id": f"q{n:03d}", "number": n, "provisions": [PROVISIONS[topic % 25]],
                "obligation": "shall", "requirement": "mandatory", "status": "agreed",
                "text": {"en": f"Has your State adopted measures on "
                         f"{TOPICS_EN[topic % 12]} ({n})?",
                         "ar": f"هل اعتمدت دولتكم تدابير بشأن {TOPICS_AR[topic % 12]} ({n})؟"},
                "answer": {"type": "closed"},
                "follow_ups": [
                    {"id": f"q{n:03d}-citations",
                     "text": {"en": "Please cite the applicable legislation.",
                              "ar": "يُرجى ذكر التشريعات المنطبقة."},
                     "when": {"question": f"q{n:03d}", "in": ["yes", "partly"]},
                     "answer": {"type": "citations", "min_items": 1}},
                    {"id": f"q{n:03d}-details",
                     "text": {"en": "Please describe the measures and give examples.",
                              "ar": "يُرجى وصف التدابير وتقديم أمثلة."},
                     "answer": {"type": "text"}},
                ],
            })
        for k, kind in enumerate(("multi-choice", "multi-choice", "number", "number", "date",
                                  "choice")):
            n += 1
            form: dict[str, Any] = {"type": kind}
            if kind in ("multi-choice", "choice"):
                form["options"] = [{"value": v, "label": {"en": en, "ar": ar}}
                                   for v, en, ar in OPTIONS]
            if kind == "number":
                form.update({"min": 0, "integer": True})
            questions.append({
                "id": f"q{n:03d}", "number": n, "provisions": [PROVISIONS[(n + k) % 25]],
                "obligation": "shall-consider", "requirement": "non-mandatory",
                "status": "under-discussion",
                "text": {"en": f"Question {n} on {TOPICS_EN[n % 12]}.",
                         "ar": f"السؤال {n} بشأن {TOPICS_AR[n % 12]}."},
                "answer": form,
            })
        sections.append({"id": f"cluster-{s + 1}",
                         "title": {"en": f"Cluster {s + 1}", "ar": f"المجموعة {s + 1}"},
                         "questions": questions})
    return {"id": QUESTIONNAIRE_ID,
            "title": {"en": "Benchmark questionnaire", "ar": "استبيان قياس الأداء"},
            "instrument": "tip-protocol", "version": VERSION, "status": "non-paper",
            "languages": ["en", "ar"], "sections": sections}


# --- responses ----------------------------------------------------------------------------


def _text(rng: random.Random, arabic: bool, sentences: int) -> str:
    pool = SENTENCES_AR if arabic else SENTENCES_EN
    para = " ".join(rng.choice(pool) for _ in range(sentences))
    return "\n".join(textwrap.wrap(para, 100))


def build_response(q: dict[str, Any], content_hash: str, country: str,
                   rng: random.Random, typo: bool = False) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    arabic = rng.random() < 0.4
    for section in q["sections"]:
        for question in section["questions"]:
            qid, kind = question["id"], question["answer"]["type"]
            if kind == "closed":
                answers[qid] = {"value": rng.choice(("yes", "yes", "partly"))}
                answers[f"{qid}-citations"] = {"value": [
                    {"title": f"{title} of {country}",
                     "provision": f"Article {rng.randint(1, 400)}",
                     "link": link.format(c=country.lower())}
                    for title, link in rng.sample(LAWS, rng.randint(1, 3))]}
                answers[f"{qid}-details"] = {"value": _text(rng, arabic, rng.randint(9, 15))}
            elif kind in ("multi-choice", "choice"):
                values = [v for v, _, _ in rng.sample(OPTIONS, rng.randint(1, 4))]
                answers[qid] = {"value": values if kind == "multi-choice" else values[0]}
            elif kind == "number":
                answers[qid] = {"value": rng.randint(0, 500)}
            else:
                answers[qid] = {"value": f"20{rng.randint(10, 17)}-0{rng.randint(1, 9)}-1"
                                f"{rng.randint(0, 9)}"}
    if typo:
        answers["q007"] = {"value": "Yes"}
    day = rng.randint(1, 9)
    return {
        "questionnaire": {"id": QUESTIONNAIRE_ID, "version": VERSION, "hash": content_hash},
        "country": country,
        "respondent": {"name": f"Focal point of {country}",
                       "institution": f"Ministry of Justice of {country}"},
        "status": "submitted",
        "created": f"2018-09-0{day}T09:00:00Z",
        "updated": f"2018-09-2{day}T16:30:00Z",
        "submitted_at": f"2018-09-2{day}T16:30:00Z",
        "answers": answers,
    }


def _countries() -> list[str]:
    # The user-assigned range XAA-XZZ (fictitious States): 676 codes, then numbered copies.
    return [f"X{a}{b}" for a in string.ascii_uppercase for b in string.ascii_uppercase]


def write_corpus(out: Path, files: int = 1000, seed: int = 2018,
                 bad_every: int = 50) -> tuple[Path, Path]:
    """Write the questionnaire and ``files`` responses under ``out``; returns both paths."""
    from tipq.core.questionnaire import Questionnaire

    qdir, rdir = out / "questionnaires", out / "responses"
    qdir.mkdir(parents=True, exist_ok=True)
    rdir.mkdir(parents=True, exist_ok=True)
    q = build_questionnaire()
    qpath = qdir / "bench.yaml"
    qpath.write_text(to_yaml(q), encoding="utf-8")
    content_hash = Questionnaire.model_validate(q).content_hash
    rng = random.Random(seed)
    codes = _countries()
    for i in range(files):
        code = codes[i % len(codes)]
        name = code if i < len(codes) else f"{code}-{i // len(codes)}"
        typo = bad_every > 0 and i % bad_every == bad_every - 1
        r = build_response(q, content_hash, code, rng, typo)
        (rdir / f"{name}.yaml").write_text(to_yaml(r), encoding="utf-8")
    return qpath, rdir


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--files", type=int, default=1000)
    p.add_argument("--bad-every", type=int, default=50,
                   help="every Nth response has a typo in a closed answer (0: none)")
    args = p.parse_args()
    qpath, rdir = write_corpus(args.out, args.files, bad_every=args.bad_every)
    sizes = [f.stat().st_size for f in rdir.glob("*.yaml")]
    print(f"{qpath}\n{rdir}: {len(sizes)} responses, {sum(sizes) / len(sizes) / 1024:.1f} KB "
          "on average")


if __name__ == "__main__":
    main()
