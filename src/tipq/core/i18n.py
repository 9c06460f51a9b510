"""The interview's own words (prompts, commands, messages) in English, Arabic, French, Spanish.

Questionnaire text comes from the questionnaire file; only tipq's words are here. A key
missing in a language falls back to English. Placeholders are ``{name}`` (``str.format``).
Command words are accepted in English in every language, and in the chosen language too.
"""

from __future__ import annotations

from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "ar", "fr", "es")

#: Command -> the words that invoke it, per language (English works everywhere).
COMMAND_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "help": {"en": ("help", "?"), "ar": ("مساعدة",), "fr": ("aide",), "es": ("ayuda",)},
    "back": {"en": ("back",), "ar": ("رجوع",), "fr": ("retour",), "es": ("atras", "atrás")},
    "skip": {"en": ("skip",), "ar": ("تخطي",), "fr": ("passer",), "es": ("omitir",)},
    "goto": {"en": ("goto",), "ar": ("انتقال",), "fr": ("aller",), "es": ("ir",)},
    "review": {"en": ("review",), "ar": ("مراجعة",), "fr": ("revue",), "es": ("revisar",)},
    "quit": {"en": ("quit", "exit"), "ar": ("خروج",), "fr": ("quitter",), "es": ("salir",)},
    "clear": {"en": ("clear",), "ar": ("مسح",), "fr": ("effacer",), "es": ("borrar",)},
    "edit": {"en": ("edit",), "ar": ("تحرير",), "fr": ("editer", "éditer"),
             "es": ("editar",)},
    "respondent": {"en": ("respondent",), "ar": ("المجيب",), "fr": ("repondant", "répondant"),
                   "es": ("encuestado",)},
}

#: Words that answer a question without a value of its kind (when its form allows it),
#: per language; English works everywhere.
NO_ANSWER_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "not-applicable": {"en": ("n/a", "na", "not applicable"), "ar": ("لا ينطبق",),
                       "fr": ("sans objet", "s/o", "non applicable"),
                       "es": ("no aplicable", "no procede")},
    "not-available": {"en": ("data not available", "not available", "no data"),
                      "ar": ("البيانات غير متوفرة", "غير متوفر"),
                      "fr": ("données non disponibles", "non disponible"),
                      "es": ("datos no disponibles", "no disponible")},
    "unknown": {"en": ("unknown",), "ar": ("غير معروف",), "fr": ("inconnu",),
                "es": ("desconocido",)},
}


def no_answer_words(lang: str) -> dict[str, str]:
    """Every word for a no-answer in ``lang`` (English included) -> its status."""
    words: dict[str, str] = {}
    for status, by_lang in NO_ANSWER_WORDS.items():
        for language in ("en", lang):
            for w in by_lang.get(language, ()):
                words[w.casefold()] = status
    return words

YES_WORDS = frozenset({"yes", "y", "1", "نعم", "oui", "o", "sí", "si", "s"})
NO_WORDS = frozenset({"no", "n", "2", "لا", "non"})

MESSAGES: dict[str, dict[str, str]] = {
    # --- the question card ---------------------------------------------------------------
    "question_of": {
        "en": "question {number} of {total}", "ar": "السؤال {number} من {total}",
        "fr": "question {number} sur {total}", "es": "pregunta {number} de {total}"},
    "answered_pct": {
        "en": "{percent} % answered", "ar": "أُجيب عن {percent} %",
        "fr": "{percent} % répondu", "es": "{percent} % respondido"},
    "section_of": {
        "en": "section {index} of {count}", "ar": "القسم {index} من {count}",
        "fr": "section {index} sur {count}", "es": "sección {index} de {count}"},
    "annex_title": {
        "en": "Annex: questions on non-mandatory provisions",
        "ar": "مرفق: أسئلة عن الأحكام غير الإلزامية",
        "fr": "Annexe : questions sur les dispositions non obligatoires",
        "es": "Anexo: preguntas sobre disposiciones no obligatorias"},
    "question": {"en": "Question", "ar": "السؤال", "fr": "Question", "es": "Pregunta"},
    "provisions": {
        "en": "Provisions reviewed: {list}", "ar": "الأحكام المشمولة بالاستعراض: {list}",
        "fr": "Dispositions examinées : {list}", "es": "Disposiciones examinadas: {list}"},
    "requirement.mandatory": {
        "en": "mandatory provision", "ar": "حكم إلزامي",
        "fr": "disposition obligatoire", "es": "disposición obligatoria"},
    "requirement.non-mandatory": {
        "en": "non-mandatory provision", "ar": "حكم غير إلزامي",
        "fr": "disposition non obligatoire", "es": "disposición no obligatoria"},
    "status.under-discussion": {
        "en": "wording under discussion", "ar": "الصياغة قيد المناقشة",
        "fr": "libellé en discussion", "es": "redacción en discusión"},
    "status.no-consensus": {
        "en": "no consensus on the wording", "ar": "لا توافق في الآراء على الصياغة",
        "fr": "pas de consensus sur le libellé", "es": "sin consenso sobre la redacción"},
    "non_mandatory_invite": {
        "en": "Non-mandatory provisions are no less important: describe how your State "
              "implements them in practice.",
        "ar": "الأحكام غير الإلزامية ليست أقل أهمية: يُرجى وصف كيفية تنفيذ دولتكم لها عملياً.",
        "fr": "Les dispositions non obligatoires ne sont pas moins importantes : décrivez "
              "comment votre État les met en œuvre.",
        "es": "Las disposiciones no obligatorias no son menos importantes: describa cómo "
              "las aplica su Estado."},
    "guidance": {"en": "Guidance", "ar": "إرشادات", "fr": "Indications", "es": "Orientación"},
    "alternative": {
        "en": "Alternative wording on the table", "ar": "صيغة بديلة مطروحة",
        "fr": "Autre libellé proposé", "es": "Redacción alternativa propuesta"},
    "fallback": {
        "en": "[not translated: English text]", "ar": "[غير مترجم: النص الإنكليزي]",
        "fr": "[non traduit : texte anglais]", "es": "[sin traducir: texto en inglés]"},
    "current": {
        "en": "Current answer: {value}", "ar": "الإجابة الحالية: {value}",
        "fr": "Réponse actuelle : {value}", "es": "Respuesta actual: {value}"},
    "keep_hint": {
        "en": "Press Enter to keep it.", "ar": "اضغط Enter للإبقاء عليها.",
        "fr": "Appuyez sur Entrée pour la garder.", "es": "Pulse Intro para conservarla."},
    "flagged_here": {
        "en": "This answer is kept but does not apply to the answers given now.",
        "ar": "هذه الإجابة محفوظة لكنها لا تنطبق على الإجابات المقدمة الآن.",
        "fr": "Cette réponse est gardée mais ne s'applique pas aux réponses actuelles.",
        "es": "Esta respuesta se conserva pero no se aplica a las respuestas actuales."},
    "assistance_requested": {
        "en": "technical assistance requested", "ar": "طُلبت مساعدة تقنية",
        "fr": "assistance technique demandée", "es": "asistencia técnica solicitada"},
    "assistance_not_needed": {
        "en": "no technical assistance needed", "ar": "لا حاجة إلى مساعدة تقنية",
        "fr": "pas besoin d'assistance technique", "es": "no se necesita asistencia técnica"},
    "n_citations": {
        "en": "{count} citation(s)", "ar": "عدد الاستشهادات: {count}",
        "fr": "{count} citation(s)", "es": "{count} cita(s)"},
    # --- prompts -------------------------------------------------------------------------
    "prompt_choice": {
        "en": "Type a number (or the label)", "ar": "اكتب رقماً (أو التسمية)",
        "fr": "Tapez un numéro (ou le libellé)", "es": "Escriba un número (o la etiqueta)"},
    "prompt_multi": {
        "en": "Type one or more numbers, separated by commas (e.g. 1, 3)",
        "ar": "اكتب رقماً أو أكثر، مفصولة بفواصل (مثلاً 1، 3)",
        "fr": "Tapez un ou plusieurs numéros, séparés par des virgules (p. ex. 1, 3)",
        "es": "Escriba uno o más números, separados por comas (p. ej. 1, 3)"},
    "prompt_text": {
        "en": "Type your answer; several lines are fine. Finish with a line holding only a "
              "full stop (.)",
        "ar": "اكتب إجابتك؛ يمكن أن تكون على عدة أسطر. أنهِها بسطر لا يحوي إلا نقطة (.)",
        "fr": "Tapez votre réponse, sur plusieurs lignes si besoin. Terminez par une ligne "
              "ne contenant qu'un point (.)",
        "es": "Escriba su respuesta, en varias líneas si hace falta. Termine con una línea "
              "que solo contenga un punto (.)"},
    "prompt_line": {
        "en": "Type your answer on one line", "ar": "اكتب إجابتك في سطر واحد",
        "fr": "Tapez votre réponse sur une ligne", "es": "Escriba su respuesta en una línea"},
    "prompt_number": {
        "en": "Type a number", "ar": "اكتب رقماً", "fr": "Tapez un nombre",
        "es": "Escriba un número"},
    "prompt_date": {
        "en": "Type a date as YYYY-MM-DD", "ar": "اكتب تاريخاً بالشكل YYYY-MM-DD",
        "fr": "Tapez une date au format AAAA-MM-JJ (YYYY-MM-DD)",
        "es": "Escriba una fecha como AAAA-MM-DD (YYYY-MM-DD)"},
    "citation_intro": {
        "en": "Cite the legislation one entry at a time: title, then provision and link "
              "(both optional). An empty title ends the list.",
        "ar": "اذكر التشريعات واحداً تلو الآخر: العنوان، ثم الحكم والرابط (اختياريان). "
              "عنوان فارغ يُنهي القائمة.",
        "fr": "Citez la législation une entrée à la fois : titre, puis disposition et lien "
              "(facultatifs). Un titre vide termine la liste.",
        "es": "Cite la legislación de a una: título, luego disposición y enlace "
              "(opcionales). Un título vacío termina la lista."},
    "citation_title": {
        "en": "Citation {n}, title", "ar": "الاستشهاد {n}، العنوان",
        "fr": "Citation {n}, titre", "es": "Cita {n}, título"},
    "citation_provision": {
        "en": "  provision (e.g. art. 301), optional", "ar": "  الحكم (مثلاً المادة 301)، اختياري",
        "fr": "  disposition (p. ex. art. 301), facultatif",
        "es": "  disposición (p. ej. art. 301), opcional"},
    "citation_link": {
        "en": "  link (https://...), optional", "ar": "  الرابط (https://...)، اختياري",
        "fr": "  lien (https://...), facultatif", "es": "  enlace (https://...), opcional"},
    "assistance_needed": {
        "en": "Does your State need technical assistance here? 1 = Yes, 2 = No",
        "ar": "هل تحتاج دولتكم إلى مساعدة تقنية هنا؟ 1 = نعم، 2 = لا",
        "fr": "Votre État a-t-il besoin d'une assistance technique ici ? 1 = Oui, 2 = Non",
        "es": "¿Necesita su Estado asistencia técnica en este punto? 1 = Sí, 2 = No"},
    "assistance_kinds": {
        "en": "Which kinds? Type their numbers, separated by commas",
        "ar": "ما أنواعها؟ اكتب أرقامها مفصولة بفواصل",
        "fr": "Quels types ? Tapez leurs numéros, séparés par des virgules",
        "es": "¿De qué tipo? Escriba sus números, separados por comas"},
    "assistance_description": {
        "en": "Describe the assistance needed (optional; finish with a line holding only .)",
        "ar": "صِف المساعدة المطلوبة (اختياري؛ أنهِ بسطر لا يحوي إلا .)",
        "fr": "Décrivez l'assistance nécessaire (facultatif ; terminez par une ligne "
              "ne contenant que .)",
        "es": "Describa la asistencia necesaria (opcional; termine con una línea que solo "
              "contenga .)"},
    "commands_hint": {
        "en": "help · back · skip · goto N · review · quit",
        "ar": "مساعدة · رجوع · تخطي · انتقال N · مراجعة · خروج",
        "fr": "aide · retour · passer · aller N · revue · quitter",
        "es": "ayuda · atrás · omitir · ir N · revisar · salir"},
    "help": {
        "en": "At any prompt you can type:\n"
              "  help      this help\n"
              "  back      the question before (its answer is shown; Enter keeps it)\n"
              "  skip      leave this question open for later\n"
              "  goto N    go to question N (e.g. goto 12, goto 12a)\n"
              "  review    the table of sections and questions\n"
              "  quit      save and leave (run the same command to continue)\n"
              "  \\back     a backslash before a command word makes it the answer "
              "(\\back saves the text back)\n"
              "Ctrl-C or Ctrl-D also saves and leaves. Every answer is saved as soon as it is "
              "given. Long text: write several lines, then a line with only a full stop (.).",
        "ar": "يمكنك أن تكتب عند أي سؤال:\n"
              "  مساعدة    هذه المساعدة\n"
              "  رجوع      السؤال السابق (تظهر إجابته؛ Enter يبقيها)\n"
              "  تخطي      ترك هذا السؤال مفتوحاً لوقت لاحق\n"
              "  انتقال N  الانتقال إلى السؤال N (مثلاً انتقال 12)\n"
              "  مراجعة    جدول الأقسام والأسئلة\n"
              "  خروج      الحفظ والخروج (شغّل الأمر نفسه للمتابعة)\n"
              "  \\رجوع     شرطة مائلة عكسية قبل كلمة أمر تجعلها الإجابة "
              "(\\رجوع تحفظ النص رجوع)\n"
              "الكلمات الإنكليزية (help, back, skip, goto, review, quit) مقبولة أيضاً. "
              "Ctrl-C أو Ctrl-D يحفظ ويخرج كذلك. تُحفظ كل إجابة فور تقديمها. النص الطويل: "
              "اكتب عدة أسطر ثم سطراً لا يحوي إلا نقطة (.).",
        "fr": "À chaque question vous pouvez taper :\n"
              "  aide      cette aide\n"
              "  retour    la question précédente (sa réponse s'affiche ; Entrée la garde)\n"
              "  passer    laisser cette question ouverte pour plus tard\n"
              "  aller N   aller à la question N (p. ex. aller 12, aller 12a)\n"
              "  revue     le tableau des sections et des questions\n"
              "  quitter   enregistrer et sortir (relancez la même commande pour continuer)\n"
              "  \\retour   une barre oblique inverse devant un mot de commande en fait la "
              "réponse (\\retour enregistre le texte retour)\n"
              "Les mots anglais (help, back, skip, goto, review, quit) marchent aussi. Ctrl-C "
              "ou Ctrl-D enregistre et sort. Chaque réponse est enregistrée aussitôt donnée. "
              "Texte long : plusieurs lignes, puis une ligne ne contenant qu'un point (.).",
        "es": "En cualquier pregunta puede escribir:\n"
              "  ayuda     esta ayuda\n"
              "  atrás     la pregunta anterior (se muestra su respuesta; Intro la conserva)\n"
              "  omitir    dejar esta pregunta abierta para más tarde\n"
              "  ir N      ir a la pregunta N (p. ej. ir 12, ir 12a)\n"
              "  revisar   el cuadro de secciones y preguntas\n"
              "  salir     guardar y salir (ejecute el mismo comando para continuar)\n"
              "  \\atrás    una barra invertida delante de una palabra de comando la "
              "convierte en la respuesta (\\atrás guarda el texto atrás)\n"
              "Las palabras inglesas (help, back, skip, goto, review, quit) también valen. "
              "Ctrl-C o Ctrl-D guarda y sale. Cada respuesta se guarda en cuanto se da. "
              "Texto largo: varias líneas y luego una línea con solo un punto (.)."},
    "answer_prompt": {"en": "answer", "ar": "الإجابة", "fr": "réponse", "es": "respuesta"},
    # --- messages ------------------------------------------------------------------------
    "welcome": {
        "en": "{title}, version {version}. Country: {country}.\nEvery answer is saved in "
              "{path} as soon as you give it. Type help for the commands.",
        "ar": "{title}، الإصدار {version}. البلد: {country}.\nتُحفظ كل إجابة في {path} فور "
              "تقديمها. اكتب مساعدة لعرض الأوامر.",
        "fr": "{title}, version {version}. Pays : {country}.\nChaque réponse est enregistrée "
              "dans {path} dès qu'elle est donnée. Tapez aide pour les commandes.",
        "es": "{title}, versión {version}. País: {country}.\nCada respuesta se guarda en "
              "{path} en cuanto se da. Escriba ayuda para ver los comandos."},
    "resumed": {
        "en": "Welcome back: {answered} of {applicable} applicable questions are answered.",
        "ar": "مرحباً بعودتك: أُجيب عن {answered} من {applicable} من الأسئلة المنطبقة.",
        "fr": "Bon retour : {answered} des {applicable} questions applicables ont une réponse.",
        "es": "Bienvenido de nuevo: {answered} de {applicable} preguntas aplicables "
              "tienen respuesta."},
    "respondent_intro": {
        "en": "Who is answering? (optional: press Enter to leave a field empty)",
        "ar": "من يجيب؟ (اختياري: اضغط Enter لترك الحقل فارغاً)",
        "fr": "Qui répond ? (facultatif : Entrée pour laisser un champ vide)",
        "es": "¿Quién responde? (opcional: pulse Intro para dejar un campo vacío)"},
    "respondent_name": {"en": "Name", "ar": "الاسم", "fr": "Nom", "es": "Nombre"},
    "respondent_institution": {
        "en": "Institution", "ar": "المؤسسة", "fr": "Institution", "es": "Institución"},
    "respondent_email": {
        "en": "E-mail", "ar": "البريد الإلكتروني", "fr": "Courriel",
        "es": "Correo electrónico"},
    "bad_email": {
        "en": "'{text}' does not look like an e-mail address (name@example.org).",
        "ar": "'{text}' لا يبدو عنوان بريد إلكتروني (name@example.org).",
        "fr": "« {text} » ne ressemble pas à une adresse électronique (nom@example.org).",
        "es": "'{text}' no parece una dirección de correo (nombre@example.org)."},
    "country_prompt": {
        "en": "Which State does this response cover? Type its ISO 3166-1 alpha-3 code "
              "(e.g. ARG, NGA, ITA), EU, or its name",
        "ar": "ما الدولة التي يغطيها هذا الرد؟ اكتب رمزها وفق ISO 3166-1 alpha-3 "
              "(مثلاً ARG أو NGA أو ITA) أو EU أو اسمها",
        "fr": "Quel État cette réponse concerne-t-elle ? Tapez son code ISO 3166-1 alpha-3 "
              "(p. ex. ARG, NGA, ITA), EU, ou son nom",
        "es": "¿Qué Estado abarca esta respuesta? Escriba su código ISO 3166-1 alfa-3 "
              "(p. ej. ARG, NGA, ITA), EU, o su nombre"},
    "country_unknown": {
        "en": "'{text}' is not a country code tipq knows.",
        "ar": "'{text}' ليس رمز بلد يعرفه tipq.",
        "fr": "« {text} » n'est pas un code de pays connu de tipq.",
        "es": "'{text}' no es un código de país que tipq conozca."},
    "country_suggest": {
        "en": "Did you mean: {suggestions}?", "ar": "هل تقصد: {suggestions}؟",
        "fr": "Vouliez-vous dire : {suggestions} ?", "es": "¿Quiso decir: {suggestions}?"},
    "country_chosen": {
        "en": "Country: {name}.", "ar": "البلد: {name}.", "fr": "Pays : {name}.",
        "es": "País: {name}."},
    "not_accepted": {
        # {problem} is a whole sentence, its full stop included: see sentence()
        "en": "Not accepted: {problem} Please try again.",
        "ar": "غير مقبول: {problem} يُرجى المحاولة مرة أخرى.",
        "fr": "Non accepté : {problem} Veuillez réessayer.",
        "es": "No aceptado: {problem} Inténtelo de nuevo."},
    "number_read_as": {
        "en": "Read as {value}.", "ar": "قُرئ الرقم: {value}.", "fr": "Lu comme {value}.",
        "es": "Leído como {value}."},
    "needs_answer": {
        "en": "an answer is needed (or type skip to leave it open)",
        "ar": "الإجابة مطلوبة (أو اكتب تخطي لتركه مفتوحاً)",
        "fr": "une réponse est nécessaire (ou tapez passer pour la laisser ouverte)",
        "es": "hace falta una respuesta (o escriba omitir para dejarla abierta)"},
    "skipped": {
        "en": "Question {label} is left open for later.",
        "ar": "تُرك السؤال {label} مفتوحاً لوقت لاحق.",
        "fr": "La question {label} reste ouverte pour plus tard.",
        "es": "La pregunta {label} queda abierta para más tarde."},
    "at_start": {
        "en": "There is no question before this one.", "ar": "لا يوجد سؤال قبل هذا السؤال.",
        "fr": "Il n'y a pas de question avant celle-ci.",
        "es": "No hay ninguna pregunta antes de esta."},
    "goto_usage": {
        "en": "Write the question number after goto, e.g. goto 12.",
        "ar": "اكتب رقم السؤال بعد انتقال، مثلاً انتقال 12.",
        "fr": "Écrivez le numéro après aller, p. ex. aller 12.",
        "es": "Escriba el número después de ir, p. ej. ir 12."},
    "goto_unknown": {
        "en": "There is no question {label}.", "ar": "لا يوجد سؤال برقم {label}.",
        "fr": "Il n'y a pas de question {label}.", "es": "No hay ninguna pregunta {label}."},
    "goto_moved": {
        "en": "Question {label} was moved to {target}; it is not asked here.",
        "ar": "نُقل السؤال {label} إلى {target}؛ لا يُطرح هنا.",
        "fr": "La question {label} a été déplacée vers {target} ; elle n'est pas posée ici.",
        "es": "La pregunta {label} se trasladó a {target}; no se formula aquí."},
    "goto_blocked": {
        "en": "Question {label} does not apply, given the answer to question {ref}.",
        "ar": "لا ينطبق السؤال {label} بالنظر إلى الإجابة عن السؤال {ref}.",
        "fr": "La question {label} ne s'applique pas, vu la réponse à la question {ref}.",
        "es": "La pregunta {label} no se aplica, dada la respuesta a la pregunta {ref}."},
    "flagged": {
        "en": "Your answer to {label} is kept, but it no longer applies after this change. "
              "It is flagged in the review; nothing is deleted.",
        "ar": "إجابتك عن {label} محفوظة، لكنها لم تعد تنطبق بعد هذا التغيير. "
              "وهي مُعلَّمة في المراجعة؛ لا يُحذف شيء.",
        "fr": "Votre réponse à {label} est gardée, mais elle ne s'applique plus après ce "
              "changement. Elle est signalée dans la revue ; rien n'est supprimé.",
        "es": "Su respuesta a {label} se conserva, pero ya no se aplica tras este cambio. "
              "Queda señalada en la revisión; no se borra nada."},
    "unflagged": {
        "en": "Your earlier answer to {label} applies again.",
        "ar": "إجابتك السابقة عن {label} تنطبق مجدداً.",
        "fr": "Votre réponse antérieure à {label} s'applique de nouveau.",
        "es": "Su respuesta anterior a {label} vuelve a aplicarse."},
    "opened": {
        "en": "Now also to answer: {labels}.", "ar": "يجب الآن الإجابة أيضاً عن: {labels}.",
        "fr": "À répondre maintenant aussi : {labels}.",
        "es": "Ahora también hay que responder: {labels}."},
    "all_skipped": {
        "en": "{count} question(s) are still open. Type goto N to answer one, review to see "
              "them, or quit.",
        "ar": "ما زال {count} من الأسئلة مفتوحاً. اكتب انتقال N للإجابة عن أحدها، أو مراجعة "
              "لعرضها، أو خروج.",
        "fr": "{count} question(s) restent ouvertes. Tapez aller N pour répondre à l'une "
              "d'elles, revue pour les voir, ou quitter.",
        "es": "Quedan {count} pregunta(s) abiertas. Escriba ir N para responder una, "
              "revisar para verlas, o salir."},
    "next_prompt": {"en": "command", "ar": "الأمر", "fr": "commande", "es": "comando"},
    "all_answered": {
        "en": "Every applicable question is answered.",
        "ar": "تمت الإجابة عن جميع الأسئلة المنطبقة.",
        "fr": "Toutes les questions applicables ont une réponse.",
        "es": "Todas las preguntas aplicables tienen respuesta."},
    "submit_ask": {
        "en": "Mark the response as submitted? tipq first runs the checks the secretariat "
              "runs. (yes/no)",
        "ar": "هل تريد وسم الرد بأنه مُقدَّم؟ يُجري tipq أولاً الفحوص التي تجريها الأمانة. "
              "(نعم/لا)",
        "fr": "Marquer la réponse comme soumise ? tipq lance d'abord les contrôles du "
              "secrétariat. (oui/non)",
        "es": "¿Marcar la respuesta como presentada? tipq ejecuta antes los controles de la "
              "secretaría. (sí/no)"},
    "yes_or_no": {
        "en": "Please answer yes or no.", "ar": "يُرجى الإجابة بنعم أو لا.",
        "fr": "Répondez oui ou non.", "es": "Responda sí o no."},
    "submit_refused": {
        "en": "The response cannot be submitted yet: {count} problem(s) to fix.",
        "ar": "لا يمكن تقديم الرد بعد: يجب إصلاح {count} من المشكلات.",
        "fr": "La réponse ne peut pas encore être soumise : {count} problème(s) à corriger.",
        "es": "La respuesta aún no puede presentarse: hay {count} problema(s) que corregir."},
    "submit_fix_hint": {
        "en": "Type goto N to change an answer, or quit to come back later.",
        "ar": "اكتب انتقال N لتغيير إجابة، أو خروج للعودة لاحقاً.",
        "fr": "Tapez aller N pour changer une réponse, ou quitter pour revenir plus tard.",
        "es": "Escriba ir N para cambiar una respuesta, o salir para volver más tarde."},
    "submitted": {
        "en": "The response is marked submitted. Send {path} to the secretariat.",
        "ar": "وُسم الرد بأنه مُقدَّم. أرسل {path} إلى الأمانة.",
        "fr": "La réponse est marquée comme soumise. Envoyez {path} au secrétariat.",
        "es": "La respuesta está marcada como presentada. Envíe {path} a la secretaría."},
    "warnings": {
        "en": "Note ({count}):", "ar": "ملاحظات ({count}):", "fr": "À noter ({count}) :",
        "es": "Observaciones ({count}):"},
    "kept_draft": {
        "en": "The response stays a draft. To submit it later, run: {command}",
        "ar": "يبقى الرد مسودة. لتقديمه لاحقاً، شغّل: {command}",
        "fr": "La réponse reste un brouillon. Pour la soumettre plus tard, lancez : {command}",
        "es": "La respuesta sigue siendo un borrador. Para presentarla más tarde, ejecute: "
              "{command}"},
    "already_submitted": {
        "en": "This response was submitted on {when}. Changing an answer makes it a draft "
              "again.",
        "ar": "قُدِّم هذا الرد في {when}. تغيير أي إجابة يعيده مسودة.",
        "fr": "Cette réponse a été soumise le {when}. Changer une réponse la remet en "
              "brouillon.",
        "es": "Esta respuesta se presentó el {when}. Cambiar una respuesta la vuelve "
              "borrador."},
    "reopened": {
        "en": "The response is a draft again.", "ar": "عاد الرد مسودة.",
        "fr": "La réponse est de nouveau un brouillon.",
        "es": "La respuesta vuelve a ser un borrador."},
    "saved_resume": {
        "en": "Saved in {path}. To continue, run: {command}",
        "ar": "حُفظ في {path}. للمتابعة، شغّل: {command}",
        "fr": "Enregistré dans {path}. Pour continuer, lancez : {command}",
        "es": "Guardado en {path}. Para continuar, ejecute: {command}"},
    "interrupted": {
        "en": "Interrupted: every answer given is saved in {path}. To continue, run: {command}",
        "ar": "توقّف: كل الإجابات المقدَّمة محفوظة في {path}. للمتابعة، شغّل: {command}",
        "fr": "Interrompu : toutes les réponses données sont enregistrées dans {path}. Pour "
              "continuer, lancez : {command}",
        "es": "Interrumpido: todas las respuestas dadas están guardadas en {path}. Para "
              "continuar, ejecute: {command}"},
    "edited_outside": {
        "en": "{path} was changed outside the interview; tipq read the changes before saving.",
        "ar": "عُدِّل {path} خارج المقابلة؛ قرأ tipq التعديلات قبل الحفظ.",
        "fr": "{path} a été modifié hors de l'entretien ; tipq a lu les modifications avant "
              "d'enregistrer.",
        "es": "{path} se modificó fuera de la entrevista; tipq leyó los cambios antes de "
              "guardar."},
    "edited_outside_broken": {
        "en": "{path} was changed outside the interview and no longer reads as a response; "
              "that version is kept as {backup}.",
        "ar": "عُدِّل {path} خارج المقابلة ولم يعد صالحاً كرد؛ حُفظت تلك النسخة باسم {backup}.",
        "fr": "{path} a été modifié hors de l'entretien et ne se lit plus comme une réponse ; "
              "cette version est gardée sous {backup}.",
        "es": "{path} se modificó fuera de la entrevista y ya no se lee como respuesta; esa "
              "versión se guarda como {backup}."},
    "recovered_lock": {
        "en": "An earlier interview (process {pid} on {host}) ended without closing; its lock "
              "was removed. Nothing was lost.",
        "ar": "انتهت مقابلة سابقة (العملية {pid} على {host}) دون إغلاق؛ أُزيل قفلها. لم يُفقد شيء.",
        "fr": "Un entretien précédent (processus {pid} sur {host}) s'est arrêté sans se fermer ; "
              "son verrou a été levé. Rien n'est perdu.",
        "es": "Una entrevista anterior (proceso {pid} en {host}) terminó sin cerrarse; se "
              "quitó su bloqueo. No se perdió nada."},
    # --- review --------------------------------------------------------------------------
    "review_title": {"en": "Review", "ar": "المراجعة", "fr": "Revue", "es": "Revisión"},
    "col_number": {"en": "No.", "ar": "الرقم", "fr": "N°", "es": "N.º"},
    "col_state": {"en": "state", "ar": "الحالة", "fr": "état", "es": "estado"},
    "col_requirement": {"en": "provision", "ar": "الحكم", "fr": "disposition",
                        "es": "disposición"},
    "col_assistance": {"en": "assistance", "ar": "المساعدة", "fr": "assistance",
                       "es": "asistencia"},
    "col_note": {"en": "note", "ar": "ملاحظة", "fr": "remarque", "es": "nota"},
    "state.answered": {"en": "answered", "ar": "مُجاب", "fr": "répondu", "es": "respondida"},
    "state.open": {"en": "open", "ar": "مفتوح", "fr": "ouverte", "es": "abierta"},
    "state.open_n": {"en": "open ({count})", "ar": "مفتوح ({count})", "fr": "ouverte ({count})",
                     "es": "abierta ({count})"},
    "state.not-applicable": {"en": "does not apply", "ar": "لا ينطبق",
                             "fr": "ne s'applique pas", "es": "no se aplica"},
    "short.mandatory": {"en": "mandatory", "ar": "إلزامي", "fr": "obligatoire",
                        "es": "obligatoria"},
    "short.non-mandatory": {"en": "non-mandatory", "ar": "غير إلزامي",
                            "fr": "non obligatoire", "es": "no obligatoria"},
    "requested": {"en": "requested", "ar": "مطلوبة", "fr": "demandée", "es": "solicitada"},
    "flagged_note": {
        "en": "kept, no longer applies: {labels}", "ar": "محفوظ ولم يعد ينطبق: {labels}",
        "fr": "gardé, ne s'applique plus : {labels}",
        "es": "conservada, ya no se aplica: {labels}"},
    "review_summary": {
        "en": "{answered} of {applicable} answered · {open} open · technical assistance "
              "requested under {assist} question(s) · status: {status}",
        "ar": "أُجيب عن {answered} من {applicable} · {open} مفتوح · طُلبت مساعدة تقنية في "
              "{assist} سؤال · الحالة: {status}",
        "fr": "{answered} sur {applicable} répondues · {open} ouvertes · assistance technique "
              "demandée pour {assist} question(s) · statut : {status}",
        "es": "{answered} de {applicable} respondidas · {open} abiertas · asistencia técnica "
              "solicitada en {assist} pregunta(s) · estado: {status}"},
    # --- issue 11: clear, edit, skipped, no-answers, citations, review -------------------
    "help_more": {
        "en": "  clear     remove this question's answer (and its follow-ups', after asking)\n"
              "  edit      write a text answer in your editor ($VISUAL or $EDITOR)\n"
              "  respondent  change the respondent's name, institution or e-mail\n"
              "  review open  only the questions still open\n"
              "Where a question allows it, answer n/a, data not available or unknown, and "
              "give the reason when asked.",
        "ar": "  مسح      حذف إجابة هذا السؤال (وإجابات أسئلته الفرعية، بعد التأكيد)\n"
              "  تحرير    كتابة إجابة نصية في محررك ($VISUAL أو $EDITOR)\n"
              "  المجيب   تغيير اسم المجيب أو مؤسسته أو بريده الإلكتروني\n"
              "  مراجعة open  الأسئلة المفتوحة فقط\n"
              "حيث يسمح السؤال بذلك، أجب: لا ينطبق، أو البيانات غير متوفرة، أو غير معروف، "
              "واذكر السبب عند طلبه.",
        "fr": "  effacer   supprimer la réponse à cette question (et à ses sous-questions, après "
              "confirmation)\n"
              "  editer    écrire une réponse texte dans votre éditeur ($VISUAL ou $EDITOR)\n"
              "  repondant  changer le nom, l'institution ou le courriel du répondant\n"
              "  revue open  seulement les questions encore ouvertes\n"
              "Lorsque la question le permet, répondez sans objet, données non disponibles "
              "ou inconnu, et donnez la raison demandée.",
        "es": "  borrar    eliminar la respuesta a esta pregunta (y a sus subpreguntas, tras "
              "confirmar)\n"
              "  editar    escribir una respuesta de texto en su editor ($VISUAL o $EDITOR)\n"
              "  encuestado  cambiar el nombre, la institución o el correo del encuestado\n"
              "  revisar open  solo las preguntas aún abiertas\n"
              "Cuando la pregunta lo permite, responda no aplicable, datos no disponibles o "
              "desconocido, e indique el motivo cuando se le pida."},
    "skipped_kept": {
        "en": "Question {label} keeps its answer; moving on.",
        "ar": "يحتفظ السؤال {label} بإجابته؛ ننتقل إلى ما بعده.",
        "fr": "La question {label} garde sa réponse ; on continue.",
        "es": "La pregunta {label} conserva su respuesta; seguimos."},
    "resumed_skipped": {
        "en": "Skipped earlier and still open: {labels}. Type goto N to answer one now.",
        "ar": "أسئلة تُخطّيت سابقاً وما زالت مفتوحة: {labels}. اكتب انتقال N للإجابة عن أحدها.",
        "fr": "Passées plus tôt et encore ouvertes : {labels}. Tapez aller N pour y répondre.",
        "es": "Omitidas antes y aún abiertas: {labels}. Escriba ir N para responder una."},
    "clear_confirm": {
        "en": "Remove the answer to {label} and the answers to its follow-ups {labels}?",
        "ar": "هل تريد حذف إجابة السؤال {label} وإجابات أسئلته الفرعية {labels}؟",
        "fr": "Supprimer la réponse à {label} et les réponses à ses sous-questions {labels} ?",
        "es": "¿Eliminar la respuesta a {label} y las respuestas a sus subpreguntas {labels}?"},
    "cleared": {
        "en": "Removed the answer to {labels}.", "ar": "حُذفت إجابة {labels}.",
        "fr": "Réponse supprimée : {labels}.", "es": "Respuesta eliminada: {labels}."},
    "clear_cancelled": {
        "en": "Nothing removed.", "ar": "لم يُحذف شيء.", "fr": "Rien n'a été supprimé.",
        "es": "No se eliminó nada."},
    "nothing_to_clear": {
        "en": "Question {label} has no answer to remove.",
        "ar": "لا توجد إجابة للسؤال {label} لحذفها.",
        "fr": "La question {label} n'a pas de réponse à supprimer.",
        "es": "La pregunta {label} no tiene respuesta que eliminar."},
    "remove_flagged_ask": {
        "en": "These answers no longer apply: {labels}. Remove them before submitting?",
        "ar": "هذه الإجابات لم تعد تنطبق: {labels}. هل تريد حذفها قبل التقديم؟",
        "fr": "Ces réponses ne s'appliquent plus : {labels}. Les supprimer avant de soumettre ?",
        "es": "Estas respuestas ya no se aplican: {labels}. ¿Eliminarlas antes de presentar?"},
    "yes_no_hint": {
        "en": "(yes/no)", "ar": "(نعم/لا)", "fr": "(oui/non)", "es": "(sí/no)"},
    "no_answer.not-applicable": {
        "en": "Not applicable", "ar": "لا ينطبق", "fr": "Sans objet", "es": "No aplicable"},
    "no_answer.not-available": {
        "en": "Data not available", "ar": "البيانات غير متوفرة",
        "fr": "Données non disponibles", "es": "Datos no disponibles"},
    "no_answer.unknown": {
        "en": "Unknown", "ar": "غير معروف", "fr": "Inconnu", "es": "Desconocido"},
    "no_answer_reason": {
        "en": "Why? (one line; it is kept with the answer)",
        "ar": "لماذا؟ (سطر واحد؛ يُحفظ مع الإجابة)",
        "fr": "Pourquoi ? (une ligne ; elle est gardée avec la réponse)",
        "es": "¿Por qué? (una línea; se guarda con la respuesta)"},
    "no_answer_allowed": {
        "en": "If you cannot answer: {words} (you will be asked why).",
        "ar": "إذا تعذرت الإجابة: {words} (سيُطلب منك ذكر السبب).",
        "fr": "Si vous ne pouvez pas répondre : {words} (la raison vous sera demandée).",
        "es": "Si no puede responder: {words} (se le pedirá el motivo)."},
    "citation_title_edit": {
        "en": "  title", "ar": "  العنوان", "fr": "  titre", "es": "  título"},
    "citation_provision_edit": {
        "en": "  provision", "ar": "  الحكم", "fr": "  disposition", "es": "  disposición"},
    "citation_link_edit": {
        "en": "  link", "ar": "  الرابط", "fr": "  lien", "es": "  enlace"},
    "citations_so_far": {
        "en": "Citations so far:", "ar": "الاستشهادات حتى الآن:",
        "fr": "Citations jusqu'ici :", "es": "Citas hasta ahora:"},
    "citations_edit_hint": {
        "en": "Type a title to add a citation, its number to change one, or press Enter to "
              "finish.",
        "ar": "اكتب عنواناً لإضافة استشهاد، أو رقمه لتغييره، أو اضغط Enter للإنهاء.",
        "fr": "Tapez un titre pour ajouter une citation, son numéro pour en changer une, ou "
              "Entrée pour terminer.",
        "es": "Escriba un título para añadir una cita, su número para cambiar una, o Intro "
              "para terminar."},
    "legislation_known": {
        "en": "Legislation already cited (type L1, L2... to cite it again):",
        "ar": "تشريعات سبق الاستشهاد بها (اكتب L1 أو L2... للاستشهاد بها مجدداً):",
        "fr": "Législation déjà citée (tapez L1, L2... pour la citer à nouveau) :",
        "es": "Legislación ya citada (escriba L1, L2... para citarla de nuevo):"},
    "keeps": {
        "en": "{prompt} [Enter keeps: {value}]", "ar": "{prompt} [Enter يبقي: {value}]",
        "fr": "{prompt} [Entrée garde : {value}]", "es": "{prompt} [Intro conserva: {value}]"},
    "citation_removed_field": {
        "en": "Type - to remove it.", "ar": "اكتب - لحذفه.", "fr": "Tapez - pour l'enlever.",
        "es": "Escriba - para quitarlo."},
    "citation_saved": {
        "en": "Citation {n} saved.", "ar": "حُفظ الاستشهاد {n}.",
        "fr": "Citation {n} enregistrée.", "es": "Cita {n} guardada."},
    "unfinished_here": {
        "en": "Not finished: the citations typed so far are kept; add more or press Enter to "
              "finish.",
        "ar": "لم يكتمل: الاستشهادات المكتوبة حتى الآن محفوظة؛ أضف غيرها أو اضغط Enter للإنهاء.",
        "fr": "Pas terminé : les citations déjà tapées sont gardées ; ajoutez-en ou appuyez "
              "sur Entrée pour terminer.",
        "es": "Sin terminar: las citas escritas se conservan; añada más o pulse Intro para "
              "terminar."},
    "editor_none": {
        "en": "No editor is set. Set VISUAL or EDITOR (for example EDITOR=nano, or "
              "EDITOR=notepad on Windows), or type the text here.",
        "ar": "لم يُحدَّد محرر. حدّد VISUAL أو EDITOR (مثلاً EDITOR=nano، أو EDITOR=notepad في "
              "Windows)، أو اكتب النص هنا.",
        "fr": "Aucun éditeur n'est défini. Définissez VISUAL ou EDITOR (par exemple "
              "EDITOR=nano, ou EDITOR=notepad sous Windows), ou tapez le texte ici.",
        "es": "No hay editor definido. Defina VISUAL o EDITOR (por ejemplo EDITOR=nano, o "
              "EDITOR=notepad en Windows), o escriba el texto aquí."},
    "editor_failed": {
        "en": "The editor did not finish: {problem}. Your text is kept in {path}; nothing "
              "was saved as the answer. Fix the editor setting, or type the text here.",
        "ar": "لم يكتمل عمل المحرر: {problem}. نصك محفوظ في {path}؛ لم يُحفظ شيء كإجابة. "
              "أصلح إعداد المحرر، أو اكتب النص هنا.",
        "fr": "L'éditeur n'a pas abouti : {problem}. Votre texte est gardé dans {path} ; rien "
              "n'a été enregistré comme réponse. Corrigez le réglage de l'éditeur, ou tapez "
              "le texte ici.",
        "es": "El editor no terminó: {problem}. Su texto se conserva en {path}; no se guardó "
              "nada como respuesta. Corrija el editor, o escriba el texto aquí."},
    "editor_empty": {
        "en": "The editor returned no text; the answer is unchanged.",
        "ar": "لم يُرجع المحرر أي نص؛ لم تتغير الإجابة.",
        "fr": "L'éditeur n'a rendu aucun texte ; la réponse est inchangée.",
        "es": "El editor no devolvió texto; la respuesta no cambia."},
    "editor_text_only": {
        "en": "edit works for text answers; this question takes another kind of answer.",
        "ar": "الأمر تحرير يعمل للإجابات النصية فقط؛ هذا السؤال يأخذ نوعاً آخر من الإجابات.",
        "fr": "editer sert aux réponses texte ; cette question attend un autre type de réponse.",
        "es": "editar sirve para respuestas de texto; esta pregunta espera otro tipo."},
    "respondent_keep_hint": {
        "en": "Enter keeps what is shown; - removes it.",
        "ar": "Enter يبقي ما هو معروض؛ - يحذفه.",
        "fr": "Entrée garde ce qui est affiché ; - l'enlève.",
        "es": "Intro conserva lo que se muestra; - lo quita."},
    "respondent_saved": {
        "en": "Respondent details saved.", "ar": "حُفظت بيانات المجيب.",
        "fr": "Coordonnées du répondant enregistrées.",
        "es": "Datos del encuestado guardados."},
    "not_here": {
        "en": "'{word}' cannot be used here.", "ar": "لا يمكن استخدام '{word}' هنا.",
        "fr": "« {word} » ne peut pas servir ici.", "es": "«{word}» no se puede usar aquí."},
    "submit_changed_outside": {
        "en": "The file was changed outside the interview; it is checked as it now is.",
        "ar": "تغيّر الملف خارج المقابلة؛ يُفحص كما هو الآن.",
        "fr": "Le fichier a été modifié hors de l'entretien ; il est vérifié tel qu'il est.",
        "es": "El archivo cambió fuera de la entrevista; se comprueba tal como está."},
    "did_you_mean": {
        "en": "did you mean {option}?", "ar": "هل تقصد {option}؟",
        "fr": "vouliez-vous dire {option} ?", "es": "¿quiso decir {option}?"},
    "chosen": {
        "en": "Chosen: {labels}.", "ar": "الاختيار: {labels}.", "fr": "Choisi : {labels}.",
        "es": "Elegido: {labels}."},
    "review_legend": {
        "en": "answered: every applicable part has an answer · open (n): n parts still to "
              "answer · does not apply: not asked, given earlier answers · requested: "
              "technical assistance asked for",
        "ar": "مُجاب: لكل جزء منطبق إجابة · مفتوح (n): n أجزاء لم يُجب عنها · لا ينطبق: لا "
              "يُسأل بسبب إجابات سابقة · مطلوبة: طُلبت مساعدة تقنية",
        "fr": "répondu : chaque partie applicable a une réponse · ouverte (n) : n parties "
              "restent à remplir · ne s'applique pas : non posée, vu les réponses données · "
              "demandée : assistance technique demandée",
        "es": "respondida: cada parte aplicable tiene respuesta · abierta (n): faltan n partes "
              "· no se aplica: no se pregunta, según respuestas anteriores · solicitada: se "
              "pidió asistencia técnica"},
    "col_question": {"en": "question", "ar": "السؤال", "fr": "question", "es": "pregunta"},
    "review_open_none": {
        "en": "No question is open.", "ar": "لا يوجد سؤال مفتوح.",
        "fr": "Aucune question n'est ouverte.", "es": "Ninguna pregunta está abierta."},
    "review_more": {
        "en": "-- Enter: more · q: stop --", "ar": "-- Enter: المزيد · q: توقف --",
        "fr": "-- Entrée : la suite · q : arrêter --", "es": "-- Intro: más · q: parar --"},
    "retired_note": {
        "en": "No question {numbers}: {reason}", "ar": "لا يوجد السؤال {numbers}: {reason}",
        "fr": "Pas de question {numbers} : {reason}", "es": "No hay pregunta {numbers}: {reason}"},
    "moved_reason": {
        "en": "moved to the questionnaire '{target}' (report CTOC/COP/WG.4/2018/3, para. 30)",
        "ar": "نُقل إلى الاستبيان '{target}' (التقرير CTOC/COP/WG.4/2018/3، الفقرة 30)",
        "fr": "déplacée dans le questionnaire « {target} » (rapport CTOC/COP/WG.4/2018/3, "
              "par. 30)",
        "es": "trasladada al cuestionario «{target}» (informe CTOC/COP/WG.4/2018/3, párr. 30)"},
    "continuing_response": {
        "en": "{path} is a response; continuing it.",
        "ar": "{path} ملف إجابة؛ نواصله.",
        "fr": "{path} est une réponse ; on la poursuit.",
        "es": "{path} es una respuesta; se continúa."},
    "new_response_at": {
        "en": "New response at {path}.", "ar": "إجابة جديدة في {path}.",
        "fr": "Nouvelle réponse dans {path}.", "es": "Nueva respuesta en {path}."},
    "plausibility": {
        "en": "Please check: {problem}. Keep it anyway? ",
        "ar": "يُرجى التحقق: {problem}. هل تبقيه مع ذلك؟ ",
        "fr": "À vérifier : {problem}. Le garder quand même ? ",
        "es": "Compruebe: {problem}. ¿Conservarlo de todos modos? "},
    "status.draft": {"en": "draft", "ar": "مسودة", "fr": "brouillon", "es": "borrador"},
    "status.submitted": {"en": "submitted", "ar": "مُقدَّم", "fr": "soumise", "es": "presentada"},
}


def t(key: str, lang: str, **params: Any) -> str:
    """The message ``key`` in ``lang`` (English when it has no translation), filled in."""
    texts = MESSAGES[key]
    text = texts.get(lang) or texts["en"]
    return text.format(**params) if params else text


#: Marks that end a sentence, in the scripts tipq's messages use.
_SENTENCE_END = (".", "!", "?", "…", "؟", "。", "！", "？")


def sentence(text: str) -> str:
    """``text`` ending with one full stop: added when missing, never doubled, so that
    pieces can be joined into messages ("... at least 0." + " Please try again.")."""
    text = text.rstrip()
    return text if text.endswith(_SENTENCE_END) else f"{text}."


def command_words(lang: str) -> dict[str, str]:
    """Every word that invokes a command in ``lang`` (English included) -> the command."""
    words: dict[str, str] = {}
    for command, by_lang in COMMAND_WORDS.items():
        for language in ("en", lang):
            for w in by_lang.get(language, ()):
                words[w.casefold()] = command
    return words
