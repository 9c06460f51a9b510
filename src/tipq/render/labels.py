"""The words of the non-paper around the questionnaire's own text, in the six UN languages.

Headings, tag names, the explanation of the tags (report para 32) and the status date are
tipq's own text, so tipq carries them in every language a questionnaire may be shown in.
:func:`t` picks a label in a language (English when a label lacks it) and fills its
``{placeholders}``.
"""

from __future__ import annotations

from typing import Any

from tipq.core.languages import RTL_LANGUAGES, pick_text

# Each entry: {lang: text}. Keep the six languages in the order en, ar, fr, es, ru, zh.
LABELS: dict[str, dict[str, str]] = {
    # --- title block ----------------------------------------------------------------------
    "status_at": {
        "en": "status: {date}", "ar": "حالة النص في {date}", "fr": "état au {date}",
        "es": "situación al {date}", "ru": "по состоянию на {date}", "zh": "截至{date}",
    },
    "instrument": {"en": "Instrument", "ar": "الصك", "fr": "Instrument", "es": "Instrumento",
                   "ru": "Документ", "zh": "文书"},
    "symbol": {"en": "Document symbol", "ar": "رمز الوثيقة", "fr": "Cote du document",
               "es": "Signatura del documento", "ru": "Условное обозначение документа",
               "zh": "文件编号"},
    "status": {"en": "Status", "ar": "الوضع", "fr": "Statut", "es": "Carácter",
               "ru": "Статус", "zh": "状态"},
    "version": {"en": "Version", "ar": "الصيغة", "fr": "Version", "es": "Versión",
                "ru": "Версия", "zh": "版本"},
    "questionnaire": {"en": "Questionnaire", "ar": "الاستبيان", "fr": "Questionnaire",
                      "es": "Cuestionario", "ru": "Вопросник", "zh": "调查表"},
    "languages": {"en": "Languages", "ar": "اللغات", "fr": "Langues", "es": "Idiomas",
                  "ru": "Языки", "zh": "语文"},
    "filters": {"en": "Shown", "ar": "المعروض", "fr": "Affichage", "es": "Se muestran",
                "ru": "Показаны", "zh": "显示"},
    "shown_of": {
        "en": "{shown} of {total} questions", "ar": "{shown} من أصل {total} سؤالاً",
        "fr": "{shown} questions sur {total}", "es": "{shown} de {total} preguntas",
        "ru": "{shown} из {total} вопросов", "zh": "{total}个问题中的{shown}个",
    },
    "no_match": {
        "en": "No question matches these filters.",
        "ar": "لا يوجد سؤال يطابق عوامل التصفية هذه.",
        "fr": "Aucune question ne correspond à ces filtres.",
        "es": "Ninguna pregunta coincide con estos filtros.",
        "ru": "Ни один вопрос не соответствует этим фильтрам.",
        "zh": "没有符合这些筛选条件的问题。",
    },
    "qstatus.draft": {"en": "Draft", "ar": "مشروع", "fr": "Projet", "es": "Proyecto",
                      "ru": "Проект", "zh": "草案"},
    "qstatus.non-paper": {"en": "Non-paper", "ar": "ورقة غير رسمية", "fr": "Document officieux",
                          "es": "Documento oficioso", "ru": "Неофициальный документ",
                          "zh": "非正式文件"},
    "qstatus.adopted": {"en": "Adopted", "ar": "معتمد", "fr": "Adopté", "es": "Aprobado",
                        "ru": "Утвержден", "zh": "已通过"},
    # --- the tags -------------------------------------------------------------------------
    "about_tags": {"en": "About the tags", "ar": "شرح الوسوم", "fr": "Explication des mentions",
                   "es": "Explicación de las etiquetas", "ru": "Пояснение к пометкам",
                   "zh": "标注说明"},
    "tag_mandatory": {
        "en": "Mandatory: the provision the question reviews obliges States parties "
              "(\"shall\").",
        "ar": "إلزامي: الحكم الذي يتناوله السؤال يُلزم الدول الأطراف («shall» في النص "
              "الإنكليزي).",
        "fr": "Obligatoire\u00a0: la disposition examinée oblige les États parties "
              "(«\u00a0shall\u00a0» dans le texte anglais).",
        "es": "Obligatoria: la disposición examinada obliga a los Estados partes (\"shall\" "
              "en el texto inglés).",
        "ru": "Обязательное: рассматриваемое положение обязывает государства-участники "
              "(«shall» в английском тексте).",
        "zh": "强制性：问题所审查的条款对缔约国具有约束力（英文本中的“shall”）。",
    },
    "tag_non_mandatory": {
        "en": "Non-mandatory: the provision asks States parties to consider or to endeavour "
              "to take a measure, or permits it (\"shall consider\", \"shall endeavour\", "
              "\"may\").",
        "ar": "غير إلزامي: الحكم يدعو الدول الأطراف إلى النظر في اتخاذ تدبير أو السعي إلى "
              "اتخاذه، أو يُجيزه («shall consider» و«shall endeavour» و«may» في النص "
              "الإنكليزي).",
        "fr": "Non obligatoire\u00a0: la disposition invite les États parties à envisager une "
              "mesure ou à s'efforcer de la prendre, ou la leur permet "
              "(«\u00a0shall consider\u00a0», «\u00a0shall endeavour\u00a0», «\u00a0may\u00a0» "
              "dans le texte anglais).",
        "es": "No obligatoria: la disposición pide a los Estados partes que consideren la "
              "posibilidad de adoptar una medida o que procuren adoptarla, o se la permite "
              "(\"shall consider\", \"shall endeavour\", \"may\" en el texto inglés).",
        "ru": "Необязательное: положение предлагает государствам-участникам рассмотреть "
              "возможность принятия меры или стремиться принять ее либо разрешает ее "
              "(«shall consider», «shall endeavour», «may» в английском тексте).",
        "zh": "非强制性：条款请缔约国考虑或努力采取某项措施，或允许其采取该措施（英文本中的"
              "“shall consider”、“shall endeavour”、“may”）。",
    },
    "tag_answer_all": {
        "en": "The tag describes the legal obligation behind a question; it does not mean "
              "that the question may be skipped. Every question must be answered (report "
              "CTOC/COP/WG.4/2018/3, para. 32).",
        "ar": "يصف الوسم مستوى الالتزام القانوني الذي يستند إليه السؤال، ولا يعني جواز ترك "
              "السؤال دون رد. يجب الرد على كل سؤال (التقرير "
              "\u2066CTOC/COP/WG.4/2018/3\u2069، الفقرة 32).",
        "fr": "La mention décrit l'obligation juridique sur laquelle porte la question\u00a0; "
              "elle ne signifie pas que la question peut être laissée de côté. Il faut "
              "répondre à toutes les questions (rapport CTOC/COP/WG.4/2018/3, par. 32).",
        "es": "La etiqueta describe la obligación jurídica en que se basa la pregunta; no "
              "significa que la pregunta pueda omitirse. Deben responderse todas las "
              "preguntas (informe CTOC/COP/WG.4/2018/3, párr. 32).",
        "ru": "Пометка описывает юридическое обязательство, лежащее в основе вопроса; она "
              "не означает, что вопрос можно пропустить. Ответить необходимо на все вопросы "
              "(доклад CTOC/COP/WG.4/2018/3, п. 32).",
        "zh": "标注说明问题所依据的法律义务，并不表示可以不回答该问题。所有问题都必须回答"
              "（报告CTOC/COP/WG.4/2018/3，第32段）。",
    },
    "tag_brackets": {
        "en": "Questions on which there is no consensus are shown in square brackets, with "
              "the alternative wordings proposed (para. 31).",
        "ar": "الأسئلة التي لم يتحقق بشأنها توافق في الآراء معروضة بين معقوفتين، مع الصيغ "
              "البديلة المقترحة (الفقرة 31).",
        "fr": "Les questions sur lesquelles il n'y a pas de consensus figurent entre crochets, "
              "avec les libellés proposés (par. 31).",
        "es": "Las preguntas sobre las que no hay consenso figuran entre corchetes, con las "
              "redacciones alternativas propuestas (párr. 31).",
        "ru": "Вопросы, по которым нет консенсуса, заключены в квадратные скобки; приводятся "
              "предложенные альтернативные формулировки (п. 31).",
        "zh": "未达成共识的问题置于方括号内，并列出所提议的替代措辞（第31段）。",
    },
    "tag_moved": {
        "en": "Questions moved to another questionnaire keep their number and are not asked "
              "here (para. 30).",
        "ar": "الأسئلة المنقولة إلى استبيان آخر تحتفظ بأرقامها ولا تُطرح هنا (الفقرة 30).",
        "fr": "Les questions transférées dans un autre questionnaire gardent leur numéro et "
              "ne sont pas posées ici (par. 30).",
        "es": "Las preguntas trasladadas a otro cuestionario conservan su número y no se "
              "formulan aquí (párr. 30).",
        "ru": "Вопросы, перенесенные в другой вопросник, сохраняют свой номер и здесь не "
              "задаются (п. 30).",
        "zh": "移至另一调查表的问题保留原编号，不在此处提问（第30段）。",
    },
    "tag_fallback": {
        "en": "A text marked \"{marker}\" has no {language} version yet and is shown in the "
              "language named.",
        "ar": "النص الموسوم بعبارة «{marker}» ليست له بعدُ صيغة باللغة {language}، ويُعرض "
              "باللغة المذكورة.",
        "fr": "Un texte marqué «\u00a0{marker}\u00a0» n'existe pas encore en {language} et "
              "est donné dans la langue indiquée.",
        "es": "Un texto marcado \"{marker}\" aún no tiene versión en {language} y se muestra "
              "en el idioma indicado.",
        "ru": "Текст с пометкой «{marker}» еще не имеет версии на {language} языке и "
              "приводится на указанном языке.",
        "zh": "标有“{marker}”的文本尚无{language}本，以所注语文显示。",
    },
    # --- requirement, obligation, status --------------------------------------------------
    "requirement": {"en": "Requirement", "ar": "المتطلب", "fr": "Exigence", "es": "Requisito",
                    "ru": "Требование", "zh": "要求"},
    "req.mandatory": {"en": "Mandatory", "ar": "إلزامي", "fr": "Obligatoire",
                      "es": "Obligatoria", "ru": "Обязательное", "zh": "强制性"},
    "req.non-mandatory": {"en": "Non-mandatory", "ar": "غير إلزامي", "fr": "Non obligatoire",
                          "es": "No obligatoria", "ru": "Необязательное", "zh": "非强制性"},
    "req.none": {"en": "No requirement tag", "ar": "بلا وسم", "fr": "Sans mention",
                 "es": "Sin etiqueta", "ru": "Без пометки", "zh": "无标注"},
    "obligation": {"en": "Obligation", "ar": "الالتزام", "fr": "Obligation",
                   "es": "Obligación", "ru": "Обязательство", "zh": "义务"},
    "obl.shall": {"en": "shall", "ar": "يتعيّن", "fr": "doit", "es": "deberá",
                  "ru": "обязано", "zh": "应"},
    "obl.shall-consider": {"en": "shall consider", "ar": "تنظر في", "fr": "envisage",
                           "es": "considerará", "ru": "рассматривает возможность",
                           "zh": "考虑"},
    "obl.shall-endeavour": {"en": "shall endeavour", "ar": "تسعى إلى", "fr": "s'efforce",
                            "es": "procurará", "ru": "стремится", "zh": "努力"},
    "obl.may": {"en": "may", "ar": "يجوز", "fr": "peut", "es": "podrá", "ru": "может",
                "zh": "可"},
    "obl.none": {"en": "not given", "ar": "غير محدد", "fr": "non indiquée",
                 "es": "no indicada", "ru": "не указано", "zh": "未注明"},
    "negotiation": {"en": "Negotiation status", "ar": "حالة التفاوض", "fr": "État des "
                    "négociations", "es": "Estado de la negociación",
                    "ru": "Ход переговоров", "zh": "谈判状况"},
    "st.agreed": {"en": "Agreed", "ar": "متفق عليه", "fr": "Approuvée", "es": "Acordada",
                  "ru": "Согласован", "zh": "已商定"},
    "st.under-discussion": {"en": "Under discussion", "ar": "قيد المناقشة",
                            "fr": "En discussion", "es": "En debate", "ru": "Обсуждается",
                            "zh": "讨论中"},
    "st.no-consensus": {"en": "No consensus", "ar": "لا توافق في الآراء",
                        "fr": "Pas de consensus", "es": "Sin consenso", "ru": "Нет консенсуса",
                        "zh": "未达成共识"},
    "st.moved": {"en": "Moved", "ar": "منقول", "fr": "Transférée", "es": "Trasladada",
                 "ru": "Перенесен", "zh": "已移出"},
    # --- questions ------------------------------------------------------------------------
    "section": {"en": "Section", "ar": "القسم", "fr": "Section", "es": "Sección",
                "ru": "Раздел", "zh": "部分"},
    "provisions": {"en": "Provisions", "ar": "الأحكام", "fr": "Dispositions",
                   "es": "Disposiciones", "ru": "Положения", "zh": "条款"},
    "article": {"en": "art. {ref}", "ar": "المادة {ref}", "fr": "art. {ref}",
                "es": "art. {ref}", "ru": "ст. {ref}", "zh": "第{ref}条"},
    "instname.tip-protocol": {
        "en": "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially "
              "Women and Children",
        "ar": "بروتوكول منع وقمع ومعاقبة الاتجار بالأشخاص، وبخاصة النساء والأطفال",
        "fr": "Protocole visant à prévenir, réprimer et punir la traite des personnes, en "
              "particulier des femmes et des enfants",
        "es": "Protocolo para prevenir, reprimir y sancionar la trata de personas, "
              "especialmente mujeres y niños",
        "ru": "Протокол о предупреждении и пресечении торговли людьми, особенно женщинами и "
              "детьми, и наказании за нее",
        "zh": "关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书",
    },
    "instname.untoc": {
        "en": "United Nations Convention against Transnational Organized Crime",
        "ar": "اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية",
        "fr": "Convention des Nations Unies contre la criminalité transnationale organisée",
        "es": "Convención de las Naciones Unidas contra la Delincuencia Organizada "
              "Transnacional",
        "ru": "Конвенция Организации Объединенных Наций против транснациональной "
              "организованной преступности",
        "zh": "联合国打击跨国有组织犯罪公约",
    },
    "inst.tip-protocol": {"en": "Protocol", "ar": "البروتوكول", "fr": "Protocole",
                          "es": "Protocolo", "ru": "Протокол", "zh": "议定书"},
    "inst.untoc": {"en": "Convention", "ar": "الاتفاقية", "fr": "Convention",
                   "es": "Convención", "ru": "Конвенция", "zh": "公约"},
    "inst.smuggling-protocol": {"en": "Migrants Protocol", "ar": "بروتوكول المهاجرين",
                                "fr": "Protocole relatif aux migrants",
                                "es": "Protocolo sobre migrantes",
                                "ru": "Протокол о мигрантах", "zh": "移民议定书"},
    "inst.firearms-protocol": {"en": "Firearms Protocol", "ar": "بروتوكول الأسلحة النارية",
                               "fr": "Protocole relatif aux armes à feu",
                               "es": "Protocolo sobre armas de fuego",
                               "ru": "Протокол об огнестрельном оружии",
                               "zh": "枪支议定书"},
    "alternative": {"en": "Alternative wording {n}", "ar": "الصيغة البديلة {n}",
                    "fr": "Autre libellé {n}", "es": "Redacción alternativa {n}",
                    "ru": "Альтернативная формулировка {n}", "zh": "替代措辞{n}"},
    "guidance": {"en": "Guidance", "ar": "إرشادات", "fr": "Indications", "es": "Orientación",
                 "ru": "Пояснения", "zh": "指导"},
    "answer": {"en": "Answer", "ar": "الإجابة", "fr": "Réponse", "es": "Respuesta",
               "ru": "Ответ", "zh": "答复"},
    "moved_to": {"en": "Moved to {where}", "ar": "نُقل إلى {where}", "fr": "Transférée vers "
                 "{where}", "es": "Trasladada a {where}", "ru": "Перенесен в {where}",
                 "zh": "已移至{where}"},
    "moved_where": {"en": "{questionnaire}, question {question}",
                    "ar": "{questionnaire}، السؤال {question}",
                    "fr": "{questionnaire}, question {question}",
                    "es": "{questionnaire}, pregunta {question}",
                    "ru": "{questionnaire}, вопрос {question}",
                    "zh": "{questionnaire}，问题{question}"},
    "this_questionnaire": {"en": "this questionnaire", "ar": "هذا الاستبيان",
                           "fr": "ce questionnaire", "es": "este cuestionario",
                           "ru": "настоящий вопросник", "zh": "本调查表"},
    "cond_parent": {"en": "the answer is {values}", "ar": "كانت الإجابة {values}",
                    "fr": "la réponse est {values}", "es": "la respuesta es {values}",
                    "ru": "ответ: {values}", "zh": "答复为{values}"},
    "cond_other": {"en": "the answer to question {label} is {values}",
                   "ar": "كانت الإجابة عن السؤال {label} هي {values}",
                   "fr": "la réponse à la question {label} est {values}",
                   "es": "la respuesta a la pregunta {label} es {values}",
                   "ru": "ответ на вопрос {label}: {values}",
                   "zh": "问题{label}的答复为{values}"},
    "if": {"en": "If {cond}:", "ar": "إذا {cond}:", "fr": "Si {cond}\u00a0:", "es": "Si {cond}:",
           "ru": "Если {cond}:", "zh": "如果{cond}："},
    "asked_if": {"en": "Asked only if {cond}.", "ar": "لا يُطرح إلا إذا {cond}.",
                 "fr": "Posée seulement si {cond}.", "es": "Solo se formula si {cond}.",
                 "ru": "Задается, только если {cond}.", "zh": "仅在{cond}时提问。"},
    "or": {"en": " or ", "ar": " أو ", "fr": " ou ", "es": " o ", "ru": " или ", "zh": "或"},
    "and": {"en": " and ", "ar": " و", "fr": " et ", "es": " y ", "ru": " и ", "zh": "且"},
    # separators: between provisions or filters; items of a list; the parts of a title
    # ("Draft, 3 July 2018"); after a heading word ("Guidance: "), the space after it apart
    "provision_sep": {"en": "; ", "ar": "؛ ", "fr": "\u00a0; ", "es": "; ", "ru": "; ", "zh": "；"},
    "list_sep": {"en": ", ", "ar": "، ", "fr": ", ", "es": ", ", "ru": ", ", "zh": "、"},
    "title_sep": {"en": ", ", "ar": "، ", "fr": ", ", "es": ", ", "ru": ", ", "zh": "，"},
    "colon": {"en": ":", "ar": ":", "fr": "\u00a0:", "es": ":", "ru": ":", "zh": "："},
    "fallback": {"en": "(in {language})", "ar": "(ب{language})", "fr": "(en {language})",
                 "es": "(en {language})", "ru": "(на {language} языке)", "zh": "（{language}）"},
    # --- answer forms ---------------------------------------------------------------------
    "ans.choose_one": {"en": "one of", "ar": "خيار واحد مما يلي", "fr": "une réponse parmi",
                       "es": "una de", "ru": "один вариант из", "zh": "以下之一"},
    "ans.choose_many": {"en": "one or more of", "ar": "خيار واحد أو أكثر مما يلي",
                        "fr": "une ou plusieurs réponses parmi", "es": "una o más de",
                        "ru": "один или несколько вариантов из", "zh": "以下一项或多项"},
    "ans.text": {"en": "free text", "ar": "نص حر", "fr": "texte libre", "es": "texto libre",
                 "ru": "свободный текст", "zh": "自由文本"},
    "ans.number": {"en": "a number", "ar": "رقم", "fr": "un nombre", "es": "un número",
                   "ru": "число", "zh": "数字"},
    "ans.integer": {"en": "a whole number", "ar": "عدد صحيح", "fr": "un nombre entier",
                    "es": "un número entero", "ru": "целое число", "zh": "整数"},
    "ans.min": {"en": "at least {n}", "ar": "لا يقل عن {n}", "fr": "au moins {n}",
                "es": "como mínimo {n}", "ru": "не менее {n}", "zh": "至少{n}"},
    "ans.max": {"en": "at most {n}", "ar": "لا يزيد على {n}", "fr": "au plus {n}",
                "es": "como máximo {n}", "ru": "не более {n}", "zh": "至多{n}"},
    "ans.date": {"en": "a date (YYYY-MM-DD)", "ar": "تاريخ (YYYY-MM-DD)",
                 "fr": "une date (AAAA-MM-JJ)", "es": "una fecha (AAAA-MM-DD)",
                 "ru": "дата (ГГГГ-ММ-ДД)", "zh": "日期（YYYY-MM-DD）"},
    "ans.citations": {"en": "citations of the applicable legislation (title, provision, link)",
                      "ar": "إشارات إلى التشريعات المنطبقة (العنوان، الحكم، الرابط)",
                      "fr": "références à la législation applicable (titre, disposition, lien)",
                      "es": "referencias a la legislación aplicable (título, disposición, "
                            "enlace)",
                      "ru": "ссылки на применимое законодательство (название, положение, "
                            "ссылка)",
                      "zh": "所适用立法的引证（标题、条款、链接）"},
    "ans.assistance": {"en": "technical assistance needed (yes or no); if yes, of which kinds:",
                       "ar": "هل يلزم تقديم مساعدة تقنية (نعم أو لا)؛ وإن لزمت، فمن أي نوع:",
                       "fr": "assistance technique nécessaire (oui ou non)\u00a0; si oui, de "
                             "quel type\u00a0:",
                       "es": "asistencia técnica necesaria (sí o no); en caso afirmativo, "
                             "de qué tipo:",
                       "ru": "нужна ли техническая помощь (да или нет); если да, то "
                             "какая:",
                       "zh": "是否需要技术援助（是或否）；如需要，何种援助："},
    # --- parts, lists, summary ------------------------------------------------------------
    "part.mandatory": {"en": "Questions on mandatory provisions",
                       "ar": "الأسئلة المتعلقة بالأحكام الإلزامية",
                       "fr": "Questions portant sur les dispositions obligatoires",
                       "es": "Preguntas sobre las disposiciones obligatorias",
                       "ru": "Вопросы об обязательных положениях",
                       "zh": "关于强制性条款的问题"},
    "part.non-mandatory": {"en": "Questions on non-mandatory provisions",
                           "ar": "الأسئلة المتعلقة بالأحكام غير الإلزامية",
                           "fr": "Questions portant sur les dispositions non obligatoires",
                           "es": "Preguntas sobre las disposiciones no obligatorias",
                           "ru": "Вопросы о необязательных положениях",
                           "zh": "关于非强制性条款的问题"},
    "part.none": {"en": "Questions without a requirement tag",
                  "ar": "أسئلة بلا وسم للمتطلب",
                  "fr": "Questions sans mention d'exigence",
                  "es": "Preguntas sin etiqueta de requisito",
                  "ru": "Вопросы без пометки о требовании", "zh": "无要求标注的问题"},
    "part_n": {"en": "Part {n}. {title}", "ar": "الجزء {n}: {title}", "fr": "Partie {n}. {title}",
               "es": "Parte {n}. {title}", "ru": "Часть {n}. {title}", "zh": "第{n}部分：{title}"},
    "annex": {"en": "Annex. {title}", "ar": "المرفق: {title}", "fr": "Annexe. {title}",
              "es": "Anexo. {title}", "ru": "Приложение. {title}", "zh": "附件：{title}"},
    "moved_list": {"en": "Moved questions", "ar": "الأسئلة المنقولة",
                   "fr": "Questions transférées", "es": "Preguntas trasladadas",
                   "ru": "Перенесенные вопросы", "zh": "已移出的问题"},
    "moved_list_intro": {
        "en": "These questions are not asked in this questionnaire (report para. 30).",
        "ar": "هذه الأسئلة لا تُطرح في هذا الاستبيان (الفقرة 30 من التقرير).",
        "fr": "Ces questions ne sont pas posées dans le présent questionnaire (rapport, "
              "par. 30).",
        "es": "Estas preguntas no se formulan en este cuestionario (informe, párr. 30).",
        "ru": "Эти вопросы в настоящем вопроснике не задаются (доклад, п. 30).",
        "zh": "本调查表不提出这些问题（报告第30段）。",
    },
    "question": {"en": "Question", "ar": "السؤال", "fr": "Question", "es": "Pregunta",
                 "ru": "Вопрос", "zh": "问题"},
    "summary": {"en": "Summary", "ar": "موجز", "fr": "Récapitulatif", "es": "Resumen",
                "ru": "Сводка", "zh": "汇总"},
    "tag": {"en": "Tag", "ar": "الوسم", "fr": "Mention", "es": "Etiqueta", "ru": "Пометка",
            "zh": "标注"},
    "value": {"en": "Value", "ar": "القيمة", "fr": "Valeur", "es": "Valor", "ru": "Значение",
              "zh": "值"},
    "questions": {"en": "Questions", "ar": "الأسئلة", "fr": "Questions", "es": "Preguntas",
                  "ru": "Вопросы", "zh": "问题"},
    "total": {"en": "Total", "ar": "المجموع", "fr": "Total", "es": "Total", "ru": "Всего",
              "zh": "共计"},
    "follow_ups": {"en": "Follow-up questions", "ar": "الأسئلة الفرعية",
                   "fr": "Questions complémentaires", "es": "Preguntas complementarias",
                   "ru": "Дополнительные вопросы", "zh": "后续问题"},
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    # name of language X (key) written in language Y, in the form the "fallback" label needs
    "en": {"en": "English", "ar": "الإنكليزية", "fr": "anglais", "es": "inglés",
           "ru": "английском", "zh": "英文"},
    "ar": {"en": "Arabic", "ar": "العربية", "fr": "arabe", "es": "árabe", "ru": "арабском",
           "zh": "阿拉伯文"},
    "fr": {"en": "French", "ar": "الفرنسية", "fr": "français", "es": "francés",
           "ru": "французском", "zh": "法文"},
    "es": {"en": "Spanish", "ar": "الإسبانية", "fr": "espagnol", "es": "español",
           "ru": "испанском", "zh": "西班牙文"},
    "ru": {"en": "Russian", "ar": "الروسية", "fr": "russe", "es": "ruso", "ru": "русском",
           "zh": "俄文"},
    "zh": {"en": "Chinese", "ar": "الصينية", "fr": "chinois", "es": "chino", "ru": "китайском",
           "zh": "中文"},
}

_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    # United Nations Arabic usage: the Levantine and the Egyptian name, as in UN documents.
    "ar": ("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
           "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
           "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}


def t(key: str, lang: str, **params: Any) -> str:
    """The label ``key`` in ``lang`` (English if it has none), with ``params`` filled in."""
    text, _ = pick_text(LABELS[key], lang)
    return text.format(**params) if params else text


def language_name(of: str, lang: str) -> str:
    """The name of language ``of``, written in ``lang``."""
    return LANGUAGE_NAMES.get(of, {}).get(lang) or LANGUAGE_NAMES.get(of, {}).get("en") or of


def fallback_marker(shown_in: str, lang: str) -> str:
    """The visible mark on a text shown in ``shown_in`` because it lacks ``lang``."""
    return t("fallback", lang, language=language_name(shown_in, lang))


def format_version(version: str, lang: str) -> str:
    """``2018-07-03T18:00`` as a UN document dates it: ``3 July 2018, 6 p.m.`` in English."""
    day_part, time_part = version.split("T")
    year, month, day = (int(x) for x in day_part.split("-"))
    hour, minute = (int(x) for x in time_part.split(":"))
    if lang == "zh":
        clock = f"{hour}时" + (f"{minute}分" if minute else "")
        return f"{year}年{month}月{day}日{clock}"
    month_name = _MONTHS.get(lang, _MONTHS["en"])[month - 1]
    if lang == "fr":
        clock = f"{hour} heures" if not minute else f"{hour} h {minute:02d}"
        return f"{day} {month_name} {year}, {clock}"
    if lang == "es":
        return f"{day} de {month_name} de {year}, {hour}.{minute:02d} horas"
    if lang == "ru":
        return f"{day} {month_name} {year} года, {hour}:{minute:02d}"
    if lang == "ar":
        return f"{day} {month_name} {year}، الساعة {hour}:{minute:02d}"
    return f"{day} {month_name} {year}, {_english_clock(hour, minute)}"


def _english_clock(hour: int, minute: int) -> str:
    """UN English: ``6 p.m.``, ``10.30 a.m.``, ``noon``, ``midnight``."""
    if minute == 0 and hour == 12:
        return "noon"
    if minute == 0 and hour == 0:
        return "midnight"
    suffix = "a.m." if hour < 12 else "p.m."
    h = hour % 12 or 12
    return f"{h} {suffix}" if minute == 0 else f"{h}.{minute:02d} {suffix}"


def isolate(text: str, lang: str) -> str:
    """``text`` (a reference such as ``5(2)(a)``, ``12(a)``, a document symbol or an id)
    kept left to right inside right-to-left text, between the Unicode isolates LRI and PDI;
    unchanged in a left-to-right language. The HTML renderer turns them into
    ``<bdi dir="ltr">``; Markdown keeps them; the terminal drops them when it reorders."""
    return f"\u2066{text}\u2069" if lang in RTL_LANGUAGES else text
