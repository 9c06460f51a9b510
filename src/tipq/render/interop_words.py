"""tipq's own words in the forms it exports for other tools (XLSForm, FHIR), in the six UN
languages: a form is filled in every language of its questionnaire, whichever they are.
The questionnaire's texts come from the questionnaire; the non-paper's labels from
:mod:`tipq.render.labels`."""

from __future__ import annotations

from typing import Any

from tipq.core.languages import pick_text

WORDS: dict[str, dict[str, str]] = {
    "required": {
        "en": "Please answer this question: every question is to be answered, whether or not "
              "the provision it concerns is mandatory (CTOC/COP/WG.4/2018/3, para. 32).",
        "ar": "يُرجى الإجابة عن هذا السؤال: يجب الإجابة عن كل سؤال، سواء أكان الحكم الذي "
              "يتناوله إلزامياً أم غير إلزامي (CTOC/COP/WG.4/2018/3، الفقرة 32).",
        "fr": "Veuillez répondre à cette question : il doit être répondu à toutes les "
              "questions, que la disposition visée soit obligatoire ou non "
              "(CTOC/COP/WG.4/2018/3, par. 32).",
        "es": "Sírvase responder a esta pregunta: deben responderse todas las preguntas, sea o "
              "no obligatoria la disposición de que se trate (CTOC/COP/WG.4/2018/3, párr. 32).",
        "ru": "Просьба ответить на этот вопрос: ответ требуется на каждый вопрос, независимо "
              "от того, является ли соответствующее положение обязательным "
              "(CTOC/COP/WG.4/2018/3, пункт 32).",
        "zh": "请回答此问题：无论所涉条款是否为强制性条款，每个问题均须作答"
              "（CTOC/COP/WG.4/2018/3，第32段）。",
    },
    "respondent": {
        "en": "State and respondent", "ar": "الدولة والمجيب", "fr": "État et répondant",
        "es": "Estado y encuestado", "ru": "Государство и респондент", "zh": "国家和答复人"},
    "country": {
        "en": "State (ISO 3166-1 alpha-3 code, e.g. ARG; EU for the European Union)",
        "ar": "الدولة (رمز ISO 3166-1 المكون من ثلاثة أحرف، مثل ARG؛ EU للاتحاد الأوروبي)",
        "fr": "État (code ISO 3166-1 alpha-3, par exemple ARG ; EU pour l'Union européenne)",
        "es": "Estado (código ISO 3166-1 alfa-3, por ejemplo ARG; EU para la Unión Europea)",
        "ru": "Государство (код ISO 3166-1 alpha-3, например ARG; EU для Европейского союза)",
        "zh": "国家（ISO 3166-1 三字母代码，例如 ARG；欧洲联盟为 EU）"},
    "country_message": {
        "en": "Write the three capital letters of the ISO 3166-1 alpha-3 code, e.g. ARG.",
        "ar": "يُرجى كتابة الأحرف الكبيرة الثلاثة لرمز ISO 3166-1، مثل ARG.",
        "fr": "Écrivez les trois lettres majuscules du code ISO 3166-1 alpha-3, par exemple "
              "ARG.",
        "es": "Escriba las tres letras mayúsculas del código ISO 3166-1 alfa-3, por ejemplo "
              "ARG.",
        "ru": "Введите три заглавные буквы кода ISO 3166-1 alpha-3, например ARG.",
        "zh": "请填写 ISO 3166-1 三字母代码的三个大写字母，例如 ARG。"},
    "respondent_name": {"en": "Name of the focal point", "ar": "اسم جهة الوصل",
                        "fr": "Nom du point focal", "es": "Nombre del coordinador",
                        "ru": "Имя координатора", "zh": "联络人姓名"},
    "respondent_institution": {"en": "Institution", "ar": "المؤسسة", "fr": "Institution",
                               "es": "Institución", "ru": "Учреждение", "zh": "机构"},
    "respondent_email": {"en": "Email address", "ar": "عنوان البريد الإلكتروني",
                         "fr": "Adresse électronique", "es": "Correo electrónico",
                         "ru": "Адрес электронной почты", "zh": "电子邮件地址"},
    "email_message": {"en": "Write an email address, e.g. name@example.org.",
                      "ar": "يُرجى كتابة عنوان بريد إلكتروني، مثل name@example.org.",
                      "fr": "Écrivez une adresse électronique, par exemple name@example.org.",
                      "es": "Escriba una dirección de correo, por ejemplo name@example.org.",
                      "ru": "Введите адрес электронной почты, например name@example.org.",
                      "zh": "请填写电子邮件地址，例如 name@example.org。"},
    "url_message": {"en": "Write a web address starting with https://.",
                    "ar": "يُرجى كتابة عنوان إلكتروني يبدأ بـ https://.",
                    "fr": "Écrivez une adresse web commençant par https://.",
                    "es": "Escriba una dirección web que empiece por https://.",
                    "ru": "Введите веб-адрес, начинающийся с https://.",
                    "zh": "请填写以 https:// 开头的网址。"},
    "answer_is": {"en": "The answer is {what}.", "ar": "الإجابة: {what}.",
                  "fr": "La réponse est {what}.", "es": "La respuesta es {what}.",
                  "ru": "Ответ: {what}.", "zh": "答复应为{what}。"},
    "text_limit": {"en": "at most {n} characters", "ar": "{n} حرفاً على الأكثر",
                   "fr": "au plus {n} caractères", "es": "como máximo {n} caracteres",
                   "ru": "не более {n} символов", "zh": "不超过{n}个字符"},
}


def w(key: str, lang: str, **params: Any) -> str:
    """The word ``key`` in ``lang`` (English if it has none), with ``params`` filled in."""
    text, _ = pick_text(WORDS[key], lang)
    return text.format(**params) if params else text
