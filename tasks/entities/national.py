"""One name, several countries' institutions: link it to the one of the country a text is about.

German-language news names its own country's institutions bare: "die Bundesregierung", "das
Kanzleramt", "die Grünen", "der Verfassungsschutz" are Germany's in a German paper and Austria's in
an Austrian one, and "der Bundesrat" is Switzerland's government in a Swiss one. The knowledge
base lists each country's institution under its own id with the same names (``organisations.json``
entries with a ``country``), and a span naming several gets the one whose country the rest of the
text names most: its places, countries and other national institutions (``Wien``, ``Österreich``,
``ÖVP`` against ``Berlin``, ``CDU``). In the 1,028 Austrian 10kGNAD articles the German ids had
been wrong for 84 of 88 ``Grünen`` and 14 of 18 ``Bundesregierung`` mentions.

A text that names none of the candidate countries keeps the knowledge base's first entry
(Germany's, the largest): German news on the war in Ukraine names Russia and Ukraine, and its
"Bundesregierung" is Germany's. (An article on Brazil's "Bundespolizei" gets Germany's too.)
Unless that entry is marked ``where_named``: a bare "Rechnungshof" in a text that names neither
Germany nor Austria is as often the European Court of Auditors, so it gets no id.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tasks.entities.gazetteer import Gazetteer
from tasks.schema import Col


def text_countries(entities: list[dict[str, Any]], gazetteer: Gazetteer) -> Counter:
    """How often the text's linked mentions name each country, national namesakes left out."""
    counts: Counter = Counter()
    for entity in entities:
        canonical_id = entity[Col.CANONICAL_ID]
        if canonical_id and not gazetteer.national_namesakes(entity[Col.TEXT]):
            country = gazetteer.country_of(canonical_id)
            if country:
                counts[country] += 1
    return counts


def link_national_names(entities: list[dict[str, Any]], gazetteer: Gazetteer) -> None:
    """Relink, in place, each span naming several countries' institutions to its text's country's."""
    countries = None
    for entity in entities:
        namesakes = gazetteer.national_namesakes(entity[Col.TEXT])
        if not namesakes or entity[Col.CANONICAL_ID] not in namesakes.values():
            continue
        if countries is None:
            countries = text_countries(entities, gazetteer)
        current = gazetteer.country_of(entity[Col.CANONICAL_ID])
        best = max(namesakes, key=lambda country: (countries[country], country == current))
        if countries[best]:
            entity[Col.CANONICAL_ID] = namesakes[best]
            entity[Col.CANONICAL_NAME] = gazetteer.entries[namesakes[best]]["name"]
        elif gazetteer.entries[entity[Col.CANONICAL_ID]].get("where_named"):
            entity[Col.CANONICAL_ID] = entity[Col.CANONICAL_NAME] = None
        # else no candidate country is named: the first entry stays
