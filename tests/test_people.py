"""One name per person within an article: a bare surname counts under the article's full name."""

from __future__ import annotations

from conftest import shared_path

from tasks.entities import tag_texts
from tasks.entities.people import name_people, people_named_in_full
from tasks.schema import Col


def _people(texts: list[str], language: str, given_names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(mention, canonical_name) of each PER mention, mentions given as PER spans of one article;
    ``given_names`` are what the name lexicon knows as given names."""
    entities = [{Col.LABEL: "PER", Col.TEXT: text, Col.CANONICAL_ID: None, Col.CANONICAL_NAME: None} for text in texts]
    name_people(entities, language, lambda word: "GIV_PER" if word in given_names else None)
    return [(entity[Col.TEXT], entity[Col.CANONICAL_NAME]) for entity in entities]


def test_a_bbc_articles_mr_blair_counts_as_its_tony_blair():
    text = shared_path("corpora/news/en_bbc/bbc/politics/249.txt").read_text(encoding="utf-8")
    people = [(e[Col.TEXT], e[Col.CANONICAL_NAME], e[Col.CANONICAL_ID]) for e in tag_texts([text], "en")[0]
              if e[Col.LABEL] == "PER"]
    # read by eye: the article's Tony Blair, three times "Mr Blair", once "says Blair" (the models
    # left the first "Mr Blair" untagged; repeats.py finds it)
    assert [name for mention, name, _ in people if mention.endswith("Blair")] == ["Tony Blair"] * 5
    assert ("Michael Howard", "Michael Howard", None) in people  # people have no knowledge-base id


def test_surnames_titles_and_german_genitives_take_the_full_name():
    assert _people(["Angela Merkel", "Merkel", "Merkels", "Frau Merkel"], "de") == [
        ("Angela Merkel", "Angela Merkel"), ("Merkel", "Angela Merkel"), ("Merkels", "Angela Merkel"),
        ("Frau Merkel", "Angela Merkel")]
    # the genitive is read off only where the article also writes the name without it
    assert _people(["Jürg Christandls", "Christandl"], "de")[0] == ("Jürg Christandls", "Jürg Christandl")
    assert _people(["Hans Weiss", "Weiss"], "de") == [("Hans Weiss", "Hans Weiss"), ("Weiss", "Hans Weiss")]
    assert _people(["Emmanuel Macron", "M. Macron"], "fr")[1] == ("M. Macron", "Emmanuel Macron")
    assert _people(["Mr Blair's"], "en") == [("Mr Blair's", "Blair")]  # no full name: the mention, bare


def test_a_surname_two_people_share_is_left_alone():
    assert _people(["Michael Schumacher", "Ralf Schumacher", "Schumacher"], "de") == [
        ("Michael Schumacher", "Michael Schumacher"), ("Ralf Schumacher", "Ralf Schumacher"),
        ("Schumacher", "Schumacher")]


def test_forms_of_one_name_count_under_the_commonest():
    assert [name for _, name in _people(["George W Bush", "George Bush", "George Bush", "Bush"], "en")] == [
        "George Bush"] * 4
    assert [name for _, name in _people(["S Williams", "Serena Williams", "Williams"], "en")] == [
        "Serena Williams"] * 3
    # Spanish names a man by both his surnames; the whole name wins even where it is rarer
    assert [name for _, name in _people(["José Luis Rodríguez Zapatero", "Rodríguez Zapatero", "Rodríguez Zapatero",
                                         "Zapatero"], "es")] == ["José Luis Rodríguez Zapatero"] * 4
    # a surname with a particle alone is a surname, not a first name and a surname
    assert [name for _, name in _people(["Alexander Van der Bellen", "Van der Bellen"], "de")] == [
        "Alexander Van der Bellen"] * 2


def test_names_the_model_ran_into_others_do_not_hide_the_person():
    # 10kGNAD: "Landeshauptmann Hans Niessl Doskozil ..." came out as one span "Niessl Doskozil"
    assert [name for _, name in _people(["Hans Peter Doskozil", "Hans Niessl", "Niessl Doskozil", "Doskozil"], "de")] == [
        "Hans Peter Doskozil", "Hans Niessl", "Hans Peter Doskozil", "Hans Peter Doskozil"]
    assert [name for _, name in _people(["Alexander Gauland", "Gauland Gauland", "Gauland"], "de")] == [
        "Alexander Gauland"] * 3
    # "Van der Bellen" cut short to "Van": a particle is no surname, so nothing is counted under it
    assert _people(["Alexander Van", "Van", "Kickl Van"], "de") == [
        ("Alexander Van", "Alexander Van"), ("Van", "Van"), ("Kickl Van", "Kickl Van")]
    assert _people(["Gen Pervez Musharraf", "Gen Musharraf"], "en")[1] == ("Gen Musharraf", "Pervez Musharraf")



def test_a_given_name_that_is_another_persons_surname_is_not_taken_for_a_glued_span():
    # "Thomas Müller" beside "Michael Thomas" is Thomas Müller, not a span run into Gerd Müller's name
    assert _people(["Thomas Müller", "Gerd Müller", "Gerd Müller", "Michael Thomas", "Müller"], "de",
                   given_names=("Thomas", "Gerd", "Michael")) == [
        ("Thomas Müller", "Thomas Müller"), ("Gerd Müller", "Gerd Müller"), ("Gerd Müller", "Gerd Müller"),
        ("Michael Thomas", "Michael Thomas"), ("Müller", "Müller")]
    # English "Don" is a given name, a title only in Spanish
    assert _people(["Don King", "Carole King", "King"], "en") == [
        ("Don King", "Don King"), ("Carole King", "Carole King"), ("King", "King")]
    assert _people(["Don Miguel Ángel Moratinos", "Moratinos"], "es")[1] == ("Moratinos", "Miguel Ángel Moratinos")
    # "Weiss" is no genitive of "Weis": names ending in s take an apostrophe
    assert _people(["Hans Weiss", "Weis"], "de") == [("Hans Weiss", "Hans Weiss"), ("Weis", "Weis")]


def test_spanish_news_names_a_person_by_the_fathers_surname():
    # "Pedro Sánchez Pérez-Castejón", then "Sánchez": the father's surname, not the last word
    assert [name for _, name in _people(["Pedro Sánchez Pérez-Castejón", "Sánchez", "Sánchez"], "es")] == [
        "Pedro Sánchez Pérez-Castejón"] * 3
    # a father and daughter share it: the bare surname is left alone, not given to the daughter
    assert _people(["Amancio Ortega Gaona", "Marta Ortega", "Ortega", "Ortega Gaona"], "es") == [
        ("Amancio Ortega Gaona", "Amancio Ortega Gaona"), ("Marta Ortega", "Marta Ortega"), ("Ortega", "Ortega"),
        ("Ortega Gaona", "Amancio Ortega Gaona")]
    # two brothers: each keeps his own forms together, with and without the mother's surname
    assert [name for _, name in _people(["Marc Márquez Alentà", "Álex Márquez Alentà", "Marc Márquez", "Álex Márquez",
                                         "Márquez"], "es")] == [
        "Marc Márquez Alentà", "Álex Márquez Alentà", "Marc Márquez Alentà", "Álex Márquez Alentà", "Márquez"]


def test_a_company_the_model_called_a_person_is_the_organisation():
    # BBC: "Yukos" was tagged PER 74 times, and Yukos was among the people analysts counted most
    [entities] = tag_texts(["Yukos had filed for bankruptcy protection in Houston. Yukos said it would appeal."], "en")
    assert [(e[Col.TEXT], e[Col.LABEL], e[Col.CANONICAL_ID]) for e in entities if e[Col.TEXT] == "Yukos"] == [
        ("Yukos", "ORG", "org:yukos")] * 2


def test_a_person_named_like_a_company_stays_a_person():
    from types import SimpleNamespace

    from tasks.entities.people import organisations_among_people

    companies = {name: SimpleNamespace(id=f"org:{name.lower()}", name=name, label="ORG")
                 for name in ("Porsche", "Siemens", "Chelsea")}
    classes = {"Siemens": "ORG_PER", "Chelsea": "GIV_ORG"}  # as the English name lexicon has them

    def relabelled(texts: list[str]) -> list[str]:
        entities = [{Col.LABEL: "PER", Col.TEXT: text, Col.CANONICAL_ID: None, Col.CANONICAL_NAME: None}
                    for text in texts]
        organisations_among_people(entities, "en", companies.get, classes.get)
        return [entity[Col.LABEL] for entity in entities]

    assert relabelled(["Porsche"]) == ["ORG"]
    # the article's Ferdinand Porsche makes its bare Porsche him
    assert relabelled(["Ferdinand Porsche", "Porsche"]) == ["PER", "PER"]
    # a word known from people's names (Werner von Siemens) stays a person
    assert relabelled(["Siemens"]) == ["PER"]
    # a given name alone is how news names a club, unless the article names a person with it
    assert relabelled(["Chelsea"]) == ["ORG"]
    assert relabelled(["Chelsea Clinton", "Chelsea"]) == ["PER", "PER"]


def test_a_german_genitive_of_the_articles_person_stays_a_person():
    from types import SimpleNamespace

    from tasks.entities.people import organisations_among_people

    porsche = SimpleNamespace(id="org:porsche", name="Porsche", label="ORG")
    entities = [{Col.LABEL: "PER", Col.TEXT: text, Col.CANONICAL_ID: None, Col.CANONICAL_NAME: None}
                for text in ("Wolfgang Porsche", "Porsches")]
    organisations_among_people(entities, "de", lambda text: porsche if text.startswith("Porsche") else None,
                               lambda word: None)
    assert [entity[Col.LABEL] for entity in entities] == ["PER", "PER"]


def test_a_bare_surname_the_model_called_a_place_or_company_is_the_articles_person():
    # 10kGNAD's interview with Franz Landau had "Herr Landau" LOC ten times; the BBC's Ms Fiorina was ORG
    def entity(text: str, label: str, canonical_id: str | None = None) -> dict:
        return {Col.LABEL: label, Col.TEXT: text, Col.CANONICAL_ID: canonical_id, Col.CANONICAL_NAME: None}

    entities = [entity("Franz Landau", "PER"), entity("Landau", "LOC"), entity("Landaus", "LOC"),
                entity("Wien", "LOC", "city:2761369"), entity("NF", "ORG"), entity("Mattersburg", "LOC")]
    people_named_in_full(entities, "de", lambda name: name == "Mattersburg")
    assert [e[Col.LABEL] for e in entities] == ["PER", "PER", "PER", "LOC", "ORG", "LOC"]
    name_people(entities, "de")
    assert [e[Col.CANONICAL_NAME] for e in entities[:3]] == ["Franz Landau"] * 3
    # a linked place of the surname's name stays the place; without a full name nothing changes
    entities = [entity("George Washington", "PER"), entity("Washington", "LOC", "city:4140963"), entity("Fiorina", "ORG")]
    people_named_in_full(entities, "en")
    assert [e[Col.LABEL] for e in entities] == ["PER", "LOC", "ORG"]


def _bands(bands: dict[str, int]) -> dict[str, object]:
    return {"band_of": bands}


def _added_surnames(text: str, full_names: list[str], language: str,
                    common: tuple[str, ...] = ("Kraft", "Deutsche"), given_names: tuple[str, ...] = ("Henry",),
                    known: tuple[str, ...] = (), band_of: dict[str, int] | None = None) -> list[str]:
    """The PER mentions ``repeats.untagged_surnames`` adds to an article whose only entities are
    ``full_names`` (tagged at their first occurrence); ``band_of`` gives words' Zipf bands,
    ``common`` words are frequent (band 5), every other word rare, ``given_names`` are what the
    name lexicon knows so, and ``known`` the names the knowledge base knows."""
    from tasks.entities.repeats import untagged_surnames

    entities = []
    for name in full_names:
        start = text.index(name)
        entities.append({Col.START: start, Col.END: start + len(name), Col.LABEL: "PER", Col.TEXT: name,
                         Col.CANONICAL_ID: None, Col.CANONICAL_NAME: None})
    bands = band_of or {}
    untagged_surnames(entities, text, language, lambda word: bands.get(word, 5 if word in common else 0),
                      lambda word: "GIV_PER" if word in given_names else None, lambda name: name in known)
    assert entities == sorted(entities, key=lambda entity: entity[Col.START])
    return [e[Col.TEXT] for e in entities if e[Col.TEXT] not in full_names]


def test_a_surname_the_models_left_untagged_is_the_article_person():
    # 10kGNAD: "Edomwonyi nützte die Gelegenheit" had no span, though the article named him in full
    text = ("Der Stürmer Emeka Edomwonyi traf. Edomwonyi nützte die Gelegenheit, Edomwonyis Tor zählte. "
            "Später sagte Kraft, Henry Edomwonyi sei sein Bruder. Bundespräsident Alexander Van der Bellen "
            "kam. Van der Bellen mahnte.")
    assert _added_surnames(text, ["Emeka Edomwonyi", "Alexander Van der Bellen"], "de") == [
        "Edomwonyi", "Edomwonyis", "Van der Bellen"]  # not the other person "Henry Edomwonyi"
    # a surname that is a common word is left alone ("Kraft" is force, "Mann" a man)
    assert _added_surnames("Stefan Kraft sprang weit. Danach fehlte Kraft.", ["Stefan Kraft"], "de") == []
    # the full name's own first words before it: the models left the whole name untagged there (BBC
    # had "Deutsche Boerse" as a person once); outside German any other capitalised word before it
    # makes it another name (a rare one in German), but a title, a matching initial or a sentence's
    # start; a different initial is another person (BBC's "G Easterby" beside "S Easterby")
    text = ("Deutsche Boerse said. It said Deutsche Boerse had offered. Westlife sang. Boerse, Mr Boerse, "
            "D Boerse and E Boerse left. Then chief Werner Boerse spoke.")
    assert _added_surnames(text, ["Deutsche Boerse"], "en", common=()) == ["Boerse", "Boerse", "Boerse"]
    # famous names are frequent words too: German takes a proper noun to HanTa that is not among
    # the commonest words ("Merkel", Zipf 4), never a noun or adjective ("Kurz", Zipf 5)
    text = "Angela Merkel und Sebastian Kurz kamen. Merkel sprach kurz. Danach lobte Kurz den Plan."
    bands = {"Merkel": 4, "Kurz": 5}
    assert _added_surnames(text, ["Angela Merkel", "Sebastian Kurz"], "de", common=("Danach",), **_bands(bands)) == ["Merkel"]
    # elsewhere a capitalised word inside a sentence is a name unless it is among the commonest
    # ("May", the month); at a sentence's start only a rare one ("Green")
    text = "Theresa May met Mark Rutte and Tom Green. Volgens Rutte and May in May, Green said. Green energy grew."
    bands = {"May": 6, "Rutte": 3, "Green": 4, "Volgens": 4}
    assert _added_surnames(text, ["Theresa May", "Mark Rutte", "Tom Green"], "en", **_bands(bands)) == ["Rutte", "Green"]
    # a full name the knowledge base knows is a company the models called a person (10kGNAD)
    text = "Axel Springer kaufte zu. Seit Springers Vorstoß wächst bild.de."
    assert _added_surnames(text, ["Axel Springer"], "de", common=("Seit",)) == ["Springers"]
    assert _added_surnames(text, ["Axel Springer"], "de", common=("Seit",), known=("Axel Springer",)) == []
