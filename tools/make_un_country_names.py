"""Generate src/tipq/core/data/un_country_names.json: the UN's short names of States
(UNTERM / M49, in the six UN languages) where they differ from CLDR's territory names
(Babel), which tipq uses for everything else.

The source is the "Countries & Territories Taxonomy" CSV that the hdx-python-country
package ships (MIT; the names are the UN's, from UNTERM and M49). Run:

    pip download --no-deps hdx-python-country -d /tmp/hdx && unzip -o /tmp/hdx/*.whl -d /tmp/hdx/x
    python tools/make_un_country_names.py "/tmp/hdx/x/hdx/location/Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pycountry
from babel import Locale

OUT = Path(__file__).resolve().parents[1] / "src/tipq/core/data/un_country_names.json"
COLUMNS = {"en": "English Short", "fr": "French Short", "es": "Spanish Short",
           "ru": "Russian Short", "zh": "Chinese Short", "ar": "Arabic Short"}


def main(source: str) -> None:
    territories = {lang: Locale.parse(lang).territories for lang in COLUMNS}
    names: dict[str, dict[str, str]] = {}
    with open(source, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["ISO 3166-1 Alpha 3-Codes"].strip()
            country = pycountry.countries.get(alpha_3=code) if code else None
            if country is None:
                continue
            differing = {}
            for lang, column in COLUMNS.items():
                un = " ".join(row[column].split())
                if un and un != territories[lang].get(country.alpha_2):
                    differing[lang] = un
            if differing:
                names[code] = differing
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"source": "UNTERM / UN M49 short names, via hdx-python-country's "
                       "Countries & Territories Taxonomy; only where CLDR differs",
                       "names": dict(sorted(names.items()))},
                      ensure_ascii=False, indent=0, sort_keys=False)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT}: {len(names)} States")


if __name__ == "__main__":
    main(sys.argv[1])
