"""Ingest: every format, every encoding problem, every kind of broken input becomes data."""

from __future__ import annotations

import codecs
import gzip
import json
import random
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLES, shared_path
from helpers import source_file

from tasks.batch import Rejected
from tasks.ingest import decode, ingest_files, source_format
from tasks.schema import Col


def ingest(path: Path, **kwargs):
    return ingest_files([source_file(path, path.parent)], **kwargs)


def reasons(batch) -> list[str]:
    return [row[Col.REASON] for row in batch.rejected]


def test_seed_txt_first_line_is_title_rest_is_body():
    seed = shared_path("seed/000_ef3653d5635585ef.txt")
    batch = ingest(seed)
    assert len(batch) == 1 and not batch.rejected
    row = batch.articles.iloc[0]
    assert row[Col.TITLE].startswith("Leisten nun NATO-Staaten der Ukraine")
    assert row[Col.TEXT].startswith("Nato-Armeen bereiten Ukraine-Einsatz vor")
    assert "Gabrielius Landsbergis" in row[Col.TEXT]
    assert row[Col.SOURCE_FORMAT] == "txt"


def test_bbc_latin1_file_decodes_pound_sign():
    path = shared_path("corpora/news/en_bbc/bbc/sport/199.txt")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text, encoding = decode.decode_bytes(raw)
    assert encoding == "cp1252"
    assert "£15.8m" in text  # charset-normalizer guessed cp932 and garbled this


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-8-sig"])
def test_encodings_round_trip(encoding):
    text = "Grüße aus Köln – „Zitat“ über Bundeskanzler Olaf Scholz.\nZweite Zeile mit ß und é."
    if encoding in ("cp1252", "latin-1"):
        text = text.replace("„", '"').replace("“", '"').replace("–", "-")
    decoded, _ = decode.decode_bytes(text.encode(encoding))
    assert decoded == text


def test_mojibake_is_repaired_and_quotes_stay_typographic():
    broken = "FÃ¼r die Ukraine: â€žWir fordern nichtâ€œ, sagte er."
    assert decode.repair_text(broken) == "Für die Ukraine: „Wir fordern nicht“, sagte er."


def test_ftfy_corpus_mojibake_is_repaired_modulo_quote_style():
    """ftfy's own test cases, compared with quotes straightened on both sides.

    ftfy's expected outputs straighten curly quotes; newsflow keeps them as the author wrote
    them, so only the quote style may differ from ftfy's expectation.
    """
    from ftfy.fixes import uncurl_quotes

    cases_dir = shared_path("corpora/messy/ftfy/tests/test-cases")
    cases = [c for f in sorted(cases_dir.glob("*.json")) for c in json.loads(f.read_text()) if c["expect"] == "pass"]
    assert len(cases) > 100
    fixed = sum(uncurl_quotes(decode.repair_text(c["original"])) == uncurl_quotes(c["fixed"]) for c in cases)
    assert fixed / len(cases) >= 0.97, f"{fixed}/{len(cases)} repaired"


def test_binary_and_empty_files_are_rejected_with_reasons(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "noise.txt").write_bytes(bytes([7, 8, 1, 2, 3, 200, 201, 15, 16, 17] * 200))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n\n   \n")
    batch = ingest_files([source_file(p, tmp_path) for p in sorted(tmp_path.iterdir())])
    assert len(batch) == 0
    by_file = {row[Col.SOURCE_PATH]: row[Col.REASON] for row in batch.rejected}
    assert by_file == {"image.txt": "binary", "noise.txt": "binary", "empty.txt": "empty", "blank.txt": "empty"}


def test_jsonl_bad_line_is_rejected_and_the_rest_goes_on():
    batch = ingest(SAMPLES / "feeds" / "wire.jsonl")
    assert len(batch) == 3
    assert reasons(batch) == ["malformed_json"]
    assert batch.rejected[0][Col.RECORD_INDEX] == 2
    assert "line 3" in batch.rejected[0][Col.DETAIL]
    titles = batch.articles[Col.TITLE].tolist()
    assert "España refuerza la vigilancia de incendios forestales" in titles  # "headline" field
    spain = batch.articles[batch.articles[Col.TITLE].str.startswith("España")].iloc[0]
    assert spain[Col.URL] == "https://example.org/es/incendios"  # "link" field
    assert str(spain[Col.PUBLISHED_AT].date()) == "2025-04-15"  # "date" field


def test_a_jsonl_string_may_hold_line_and_paragraph_separators(tmp_path):
    # JSON allows U+2028/U+2029 raw inside a string (json.dumps(..., ensure_ascii=False) writes them);
    # only "\n" ends a JSON Lines record, so the record stays one article and later indices hold.
    records = [{"title": "Eins", "text": "Erster Absatz.\u2028Zweiter Absatz.\u2029Dritter."},
               {"title": "Zwei", "text": "Noch ein Artikel."}]
    path = tmp_path / "feed.jsonl"
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in records).encode())
    batch = ingest(path)
    assert reasons(batch) == []
    assert batch.articles[Col.TITLE].tolist() == ["Eins", "Zwei"]
    assert batch.articles[Col.RECORD_INDEX].tolist() == [0, 1]
    assert batch.articles[Col.TEXT].iloc[0] == "Erster Absatz.\nZweiter Absatz.\nDritter."  # as paragraphs end
    document = tmp_path / "feed.json"
    document.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert ingest(document).articles[Col.TITLE].tolist() == ["Eins", "Zwei"]
    old_mac = tmp_path / "old-mac.jsonl"  # lines ended by a bare carriage return, as classic Mac OS wrote them
    old_mac.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\r" for r in records).encode())
    assert ingest(old_mac).articles[Col.RECORD_INDEX].tolist() == [0, 1]


def test_a_record_with_a_blank_text_field_is_empty_not_missing_its_field(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "   "}\n{"title": "Nur ein Titel"}\n{"body": "Ein Artikel mit Text."}\n', encoding="utf-8")
    batch = ingest(path)
    assert reasons(batch) == ["empty", "no_text_field"]
    assert "keys: title" in batch.rejected[1][Col.DETAIL]
    assert batch.articles[Col.TEXT].tolist() == ["Ein Artikel mit Text."]
    table = tmp_path / "short.csv"  # a row that stops before the text column has it blank, not absent
    table.write_text('title,text\n"Nur ein Titel"\n"Zwei","Ein Artikel mit Text."\n', encoding="utf-8")
    assert reasons(ingest(table)) == ["empty"]


def test_json_array_envelope_and_non_objects(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"articles": [
        {"headline": "A", "articleBody": "Erster Text über Berlin."},
        {"title": "B"},
        "just a string",
    ]}))
    batch = ingest(path)
    assert batch.articles[Col.TEXT].tolist() == ["Erster Text über Berlin."]
    assert sorted(reasons(batch)) == ["no_text_field", "not_an_article"]


def test_malformed_json_file_is_one_rejected_row(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x", "text": "unterminated')
    batch = ingest(path)
    assert reasons(batch) == ["malformed_json"] and batch.rejected[0][Col.RECORD_INDEX] is None


def test_10kgnad_csv_sniffs_semicolon_and_quote_and_finds_text_column():
    path = shared_path("corpora/news/de_10kgnad/test.csv")
    batch = ingest(path)
    assert len(batch) == 1028 and not batch.rejected
    first = batch.articles.iloc[0][Col.TEXT]
    assert first.startswith("Die Gewerkschaft GPA-djp lanciert den")  # not the category column
    assert batch.articles[Col.RECORD_INDEX].tolist() == list(range(1028))


def test_csv_with_header_uses_named_columns():
    batch = ingest(SAMPLES / "briefs.csv")
    assert batch.articles[Col.TITLE].tolist() == ["Rail strike called off", "Hochwasser in Bayern"]
    assert str(batch.articles.iloc[1][Col.PUBLISHED_AT].date()) == "2025-06-02"


def test_a_csv_cut_off_inside_a_quoted_field_rejects_that_row_and_keeps_the_rest(tmp_path):
    whole = (SAMPLES / "briefs.csv").read_text(encoding="utf-8")
    cut = whole.index("die Feuerwehr pumpte")  # inside the last row's quoted text: the download stopped there
    path = tmp_path / "cut.csv"
    path.write_text(whole[:cut], encoding="utf-8")
    batch = ingest(path)
    assert batch.articles[Col.TITLE].tolist() == ["Rail strike called off"]
    assert reasons(batch) == ["malformed_csv"]
    assert "without closing" in batch.rejected[0][Col.DETAIL] and batch.rejected[0][Col.RECORD_INDEX] == 1


def test_a_stray_quote_no_longer_joins_the_10kgnad_rows_after_it(tmp_path):
    # One opening quote that never closed on its line read the next 33 articles into one cell:
    # 995 articles, none rejected, and not a word about the 33.
    raw = shared_path("corpora/news/de_10kgnad/test.csv").read_bytes()
    path = tmp_path / "stray.csv"
    path.write_bytes(raw.replace(b"\nWeb;Eigener Browser Edge", b"\nWeb;'Eigener Browser Edge", 1))
    assert path.read_bytes() != raw
    damaged, whole = ingest(path), ingest(shared_path("corpora/news/de_10kgnad/test.csv"))
    assert len(damaged) == 1028 and not damaged.rejected
    assert damaged.articles[Col.TEXT].tolist() == whole.articles[Col.TEXT].tolist()


def test_a_stray_quote_in_a_cell_before_the_last_rejects_its_row_and_keeps_the_next(tmp_path):
    whole = (SAMPLES / "briefs.csv").read_text(encoding="utf-8")
    rows = whole.splitlines(keepends=True)
    # the text's quote never closes: the date runs into it, and the rows after it are whole again
    stray = rows[0] + rows[1].replace('normally.",', 'normally.,', 1) + rows[2] * 3
    path = tmp_path / "stray.csv"
    path.write_text(stray, encoding="utf-8")
    batch = ingest(path)
    assert batch.articles[Col.TITLE].tolist() == ["Hochwasser in Bayern"] * 3
    assert reasons(batch) == ["malformed_csv"] and "never closes on its line" in batch.rejected[0][Col.DETAIL]


def test_a_stray_quote_no_later_quote_closes_rejects_its_row_and_keeps_the_rows_after_it():
    # A file that quotes no cell: the stray quote's field ran to the end of the file, and every
    # row after it was rejected with it as one record.
    from tasks.ingest import delimited

    rows = "".join(f"{i},Title {i},Text of article {i}.\n" for i in range(2, 6))
    in_a_middle_cell = delimited.parse(('1,"Broken title,Text of article 1.\n' + rows).encode())  # no header
    assert [item[1]["text"] for item in in_a_middle_cell] == [f"Text of article {i}." for i in range(1, 6)]
    # in the last cell of a numbered file: the rows after it start with the next numbers
    numbered = delimited.parse(('0,Title 0,Fine.\n1,Title 1,"Text of article 1.\n' + rows).encode())
    assert [item[1]["text"] for item in numbered] == ["Fine."] + [f"Text of article {i}." for i in range(1, 6)]
    # with a header naming the text last, a file that quotes no cell is read as written, quote and all
    headed = delimited.parse(('id,title,text\n1,"Broken title,Text of article 1.\n' + rows).encode())
    assert [item[1]["title"] for item in headed] == ['"Broken title'] + [f"Title {i}" for i in range(2, 6)]
    # a stray quote in the first row of a numbered file: the rows after it are rows
    first = delimited.parse(('id,title,text\n1,Title 1,"Text of article 1.\n' + rows).encode())
    assert [item[1]["title"] for item in first] == [f"Title {i}" for i in range(1, 6)]
    # a cut-off last article whose paragraphs hold the file's count of commas stays one rejected record
    cut = delimited.parse(b"id,title,text\n1,T1,Fine\n2,T2,\"Cut off article\nsecond paragraph, with, commas\n")
    assert cut[0][1]["text"] == "Fine" and len(cut) == 2
    assert cut[1][1].reason == "malformed_csv" and "(2 lines not read as rows" in cut[1][1].detail


def test_a_csv_that_quotes_nothing_keeps_each_article_whole_and_its_quotes():
    # A scraper wrote "nr,title,text" lines without quoting: a quote opening a cell inside the text
    # ('injury," said') ran a quoted field over the next rows, gluing them into one article, and
    # the rows read leniently lost their quotation marks.
    from tasks.ingest import delimited

    texts = ['He will race again, "I am quite confident," said Claxton. "But I take each race as it comes."',
             'The coach said she had recovered from a minor injury," said the race director, in Dublin.',
             'Kenya reversed the ban, "We have withdrawn the ban," said the federation.',
             "Greene won the 400m, a title he last held in 2003."]
    data = "nr,title,text\n" + "".join(f"{i},Title {i},{text}\n" for i, text in enumerate(texts))
    assert [record[Col.TEXT] for _, record in delimited.parse(data.encode())] == texts
    # the stray-quote reading rejected a row and read two whole ones as one cut-off record
    texts[0] = "Greene won the 400m again this year."
    data = "nr,title,text\n" + "".join(f"{i},Title {i},{text}\n" for i, text in enumerate(texts))
    assert [record[Col.TEXT] for _, record in delimited.parse(data.encode())] == texts
    # a file that quotes its cells is never read as quoting nothing: one bad row leaves the others whole
    quoted = delimited.parse(b'title,text\n"Strike, called off","The union called off the strike, trains run."\n'
                             b'Floods,"Heavy rain, flooded towns\nStorm,Winds of 100 km/h "hit" the coast, trees fell.\n'
                             b'Heat,"Temperatures rose, to 40 degrees."\n')
    assert quoted[0][1] == {Col.TITLE: "Strike, called off", Col.TEXT: "The union called off the strike, trains run."}
    assert quoted[-1][1] == {Col.TITLE: "Heat", Col.TEXT: "Temperatures rose, to 40 degrees."}
    # without a header nothing says where such a text ends: rejected, not cut at its first comma
    headerless = delimited.parse("".join(f"{i},Title {i},{text}\n" for i, text in enumerate(texts)).encode())
    assert {item.reason for _, item in headerless} == {"malformed_csv"}
    assert "unquoted delimiter inside the text" in headerless[0][1].detail


def test_a_sloppy_quote_inside_an_article_or_a_cut_off_file_is_not_split_into_rows():
    from tasks.ingest import delimited

    # a quote inside a multi-line article follows a word, not a delimiter: one article, as csv reads it
    good = "".join(f'T{i},"Body {i}, with a comma.\nSecond paragraph {i}."\n' for i in range(10))
    data = ("title,text\n" + good + 'A,"Berlin, Monday.\nThe minister said "no", and left."\n' + good).encode()
    items = delimited.parse(data)
    assert len(items) == 21 and items[10][1]["title"] == "A" and items[10][1]["text"].startswith("Berlin, Monday.\nThe")
    # a quoted field no quote closes is a cut-off last article, even where its paragraphs have commas
    cut = delimited.parse(b'title,text\nA,"ok"\nB,"cut off, here\nand more, text')
    assert cut[0][1]["text"] == "ok" and cut[1][1].reason == "malformed_csv" and len(cut) == 2


def test_tsv_and_gzip(tmp_path):
    tsv = "headline\tbody\nErste Meldung\tDer Text der ersten Meldung aus Wien.\n"
    path = tmp_path / "wire.tsv.gz"
    path.write_bytes(gzip.compress(tsv.encode()))
    batch = ingest(path)
    assert source_format("wire.tsv.gz") == "tsv"
    assert batch.articles[Col.TEXT].tolist() == ["Der Text der ersten Meldung aus Wien."]
    assert batch.articles[Col.SOURCE_FORMAT].tolist() == ["tsv"]


@pytest.mark.parametrize("encoding, text", [
    ("cp1250", "Narodowy Bank Polski obniżył stopy procentowe o pół punktu. Rada Polityki Pieniężnej "
               "podjęła decyzję po dwudniowym posiedzeniu. Złoty osłabił się wobec euro, a ekonomiści "
               "spodziewają się kolejnych cięć jeszcze w tym roku, powiedział prezes banku."),
    ("cp1254", "Türkiye Cumhuriyet Merkez Bankası faiz oranlarını değiştirmedi. Banka, enflasyonun "
               "düşüşünü izliyor ve şubat ayında yeniden toplanacak. Ekonomistler, kararın piyasalarda "
               "beklendiğini söyledi. İstanbul borsası güne yükselişle başladı."),
    ("cp1252", "¿Qué pasará con los tipos? El Banco de España prevé una subida en otoño, según señaló "
               "ayer su gobernador. La col·lecció del museu, Mª José, el 1º piso: «cita» y »Zitat«."),
    ("cp1253", "Η Τράπεζα της Ελλάδος ανακοίνωσε σήμερα ότι η οικονομία αναπτύχθηκε ταχύτερα από το "
               "αναμενόμενο. Ο διοικητής δήλωσε ότι ο πληθωρισμός θα υποχωρήσει το επόμενο έτος."),
    ("koi8_r", "Центральный банк России снизил ключевую ставку. Решение было принято в пятницу на "
               "заседании совета директоров."),
    # Czech in ISO 8859-2 was read as cp1250: "š" and "ž" came out as "ą" and "ľ"
    ("iso8859_2", "Česká národní banka ponechala úrokové sazby beze změny. Guvernér uvedl, že inflace "
                  "se letos vrátí k cíli, ale mzdy rostou příliš rychle. Koruna vůči euru mírně "
                  "oslabila a analytici očekávají snížení sazeb až v příštím roce."),
    # Slovenian in cp1250 passed for Western text: every "č" came out as "è"
    ("cp1250", "Vlada je v četrtek sprejela predlog proračuna za prihodnje leto. Minister za finance je "
               "dejal, da bo primanjkljaj manjši, kot so pričakovali, in da bodo plače v javnem "
               "sektorju rasle počasneje. Opozicija je načrt ostro kritizirala."),
    # Baltic cp1257: the cp1252-first guess read a third of such Lithuanian texts in other letters
    ("cp1257", "Lietuvos bankas paskelbė, kad šalies ekonomika antrąjį ketvirtį augo sparčiau, nei "
               "tikėtasi. Centrinio banko vadovas sakė, kad infliacija mažėja, tačiau būsto kainos "
               "vis dar kyla. Vyriausybė žada peržiūrėti biudžetą rudenį."),
    # Albanian in cp1252: chardet alone reads its "ë" as Lithuanian "ė" (cp1257); the language says no
    ("cp1252", "Qeveria shqiptare miratoi të enjten buxhetin për vitin e ardhshëm. Ministri i "
               "financave tha se rritja ekonomike do të jetë më e lartë se sa pritej, ndërsa "
               "opozita e kritikoi planin për taksat e reja mbi pronën dhe biznesin."),
    ("shift_jis", "日本銀行は金曜日、政策金利を据え置くと発表した。総裁は記者会見で、物価の上昇は"
                  "一時的なものだと述べた。円相場はドルに対してやや下落した。"),
])
def test_single_byte_code_pages_of_other_regions_are_not_read_as_western(encoding, text):
    # Polish and Turkish have few non-ASCII letters, so their cp1250/cp1254 bytes read as cp1252
    # passed for Western text: "obni¿y³", "deðiþtirmedi", written as articles in the wrong letters.
    decoded, found = decode.decode_bytes((text + "\n").encode(encoding))
    assert decoded.strip() == text
    assert codecs.lookup(found).name == codecs.lookup(encoding).name or (found, encoding) == ("cp932", "shift_jis")


def test_every_code_page_a_language_is_checked_against_is_one_chardet_can_choose():
    # chardet refuses names it does not know (ValueError): "euc_jp", Python's name, crashed the check
    from chardet.enums import EncodingEra
    from chardet.registry import REGISTRY

    eras = EncodingEra.MODERN_WEB | EncodingEra.LEGACY_ISO
    known = {codecs.lookup(info.name).name for info in REGISTRY.values() if info.era & eras}
    pages = {page for pages in decode._CODE_PAGES_BY_LANGUAGE.values() for page in pages}
    assert {page for page in pages if codecs.lookup(page).name not in known} == set()


@pytest.mark.parametrize("data, text", [
    # chardet alone: DOS and Mac code pages for English with curly quotes or ©
    (b"US bank boss hails \x91genius\x92 Smith", "US bank boss hails ‘genius’ Smith"),
    (b"UK firm faces Venezuelan land row\n\xa9 BBC 2005", "UK firm faces Venezuelan land row\n© BBC 2005"),
    (b"Z\xfcrich: \xbe of voters say \x84Ja\x93", "Zürich: ¾ of voters say „Ja“"),
    # chardet calls them binary: a file signature in front (BMW is a BMP image's), a DOS end-of-file byte
    (b"BMW sales rise 5% \x96 report", "BMW sales rise 5% – report"),
    (b"Caf\xe9 owner says prices will rise next year.\x1a", "Café owner says prices will rise next year."),
    # an ISO 8859 page would read cp1252's quotes as control characters
    (b"Price: 5\x80 per kilo \x96 \xbc off", "Price: 5€ per kilo – ¼ off"),
    # a few words give chardet nothing to go on ("Ēa va?"); an acute accent for an apostrophe is no Ž
    (b"\xc7a va?", "Ça va?"),
    (b"d\xb4Artagnan et les trois mousquetaires sont arriv\xe9s \xe0 Paris.", "d´Artagnan et les trois mousquetaires sont arrivés à Paris."),
])
def test_short_western_texts_keep_their_quotes_dashes_and_signs(data, text):
    assert decode.decode_bytes(data)[0] == text


@pytest.mark.parametrize("text, encoding, declared", [
    ("Госдума приняла бюджет на следующий год. Депутаты проголосовали в третьем чтении.", "cp1251", "windows-1252"),
    ("Poslanci schválili rozpočet na příští rok. Předseda vlády řekl, že schodek bude nižší.", "iso8859_2", "iso-8859-1"),
    ("Sejm przyjął ustawę o budżecie. Źródła w rządzie mówią, że deficyt będzie mniejszy.", "cp1250", "iso-8859-1"),
])
def test_a_page_declaring_the_wrong_charset_is_read_in_its_own(text, encoding, declared):
    # latin-1 decodes every byte, so a wrong declaration gave "Ãîñäóìà" and "rozpoèet" with no error
    page = f"<html><head><meta charset='{declared}'></head><body><p>{text}</p></body></html>"
    decoded, found = decode.decode_bytes(page.encode(encoding), declared=declared, markup=True)
    assert text in decoded and codecs.lookup(found).name == codecs.lookup(encoding).name


def test_a_right_declaration_stays():
    text = "Die Regierung hat den Haushalt beschlossen. „Wir sparen“, sagte der Minister. Café, Köln, Straße."
    assert decode.decode_bytes(f"<p>{text}</p>".encode("cp1252"), declared="windows-1252", markup=True) == (
        f"<p>{text}</p>", "windows-1252")


# languages and the legacy code pages their news was written in, before UTF-8
_LEGACY_PAGES = {
    "de": ["cp1252", "latin-1"], "fr": ["cp1252"], "es": ["cp1252"], "pt": ["cp1252"], "sv": ["cp1252"],
    "is": ["cp1252"], "cs": ["cp1250", "iso8859_2"], "sk": ["cp1250", "iso8859_2"], "pl": ["cp1250", "iso8859_2"],
    "hu": ["cp1250", "iso8859_2"], "sl": ["cp1250"], "hr": ["cp1250"], "ro": ["cp1250"],
    "lt": ["cp1257"], "lv": ["cp1257"], "et": ["cp1257"], "tr": ["cp1254"], "ru": ["cp1251", "koi8_r"],
    "uk": ["cp1251"], "bg": ["cp1251"], "el": ["cp1253"], "he": ["cp1255"], "ar": ["cp1256"],
    "ja": ["shift_jis", "euc_jp"], "zh": ["gb18030", "big5"], "ko": ["euc_kr"],
}


def test_legacy_code_pages_of_26_languages_read_back_as_written():
    # Three real sentences at a time (a short article), in each language's pre-UTF-8 code pages.
    # Of these 178 texts, the cp1252-first guess with charset-normalizer behind it read 128 back
    # right; chardet 7, checked against the language of its reading, all 178.
    folder = shared_path("corpora/langid/lingua/language-testdata/sentences")
    c1_controls = re.compile("[\x80-\x9f]")  # a few lingua sentences carry mojibake of their own
    wrong, total = [], 0
    for language, encodings in _LEGACY_PAGES.items():
        lines = [line for line in (folder / f"{language}.txt").read_text(encoding="utf-8").splitlines()
                 if not c1_controls.search(line)]
        pick = random.Random(language)
        for encoding in encodings:
            for _ in range(6):
                text = "\n".join(pick.sample(lines, 3))
                try:
                    data = text.encode(encoding)
                except UnicodeEncodeError:
                    continue
                if data.isascii():
                    continue
                total += 1
                if decode.decode_bytes(data)[0] != decode.repair_text(text):
                    wrong.append((language, encoding))
    assert total > 150
    assert len(wrong) <= total // 50, wrong


def test_an_empty_envelope_is_an_empty_file_and_a_number_is_no_text():
    from tasks.ingest.jsondoc import parse_json

    assert parse_json(b'{"articles": []}') == []  # as "[]": the file becomes one `empty` row
    assert parse_json(b'{"title": "x", "tags": []}')[0][1].reason == "no_text_field"
    items = parse_json(b'[{"text": 12345}, {"text": ["one paragraph", "another"]}]')
    assert items[0][1].reason == "empty" and items[1][1][Col.TEXT] == "one paragraph\n\nanother"


def test_a_file_with_no_records_and_a_text_too_long_for_an_article_are_rows(tmp_path):
    (tmp_path / "a.json").write_text("[]")
    (tmp_path / "b.csv").write_text("title,text\n")
    (tmp_path / "c.txt").write_text("Ein Protokoll\n" + "Zeile um Zeile, ohne Ende. " * 40_000)  # 1.08 million characters
    batch = ingest_files([source_file(p, tmp_path) for p in sorted(tmp_path.iterdir())])
    assert [(row[Col.SOURCE_PATH], row[Col.REASON]) for row in batch.rejected] == [
        ("a.json", "empty"), ("b.csv", "empty"), ("c.txt", "too_large"),
    ]
    assert "1,000,000" in batch.rejected[2][Col.DETAIL] and len(batch.articles) == 0


def test_a_date_no_article_has_is_null():
    from tasks.ingest.fields import parse_datetime

    # placeholders and typos seen in feeds: 0 for "unknown", the ends of the calendar, an 11-digit count
    for value in (0, "0", -5, 99999999999, "0001-01-01", "9999-12-31", "1799-12-31"):
        assert parse_datetime(value) is None, value
    assert str(parse_datetime(1700000000)) == "2023-11-14 22:13:20+00:00"  # epoch seconds
    assert str(parse_datetime(1700000000000)) == "2023-11-14 22:13:20+00:00"  # and milliseconds
    assert str(parse_datetime("1848-03-13")) == "1848-03-13 00:00:00+00:00"  # archives go back far


def test_every_member_of_a_concatenated_gzip_is_read(tmp_path):
    # `cat monday.jsonl.gz tuesday.jsonl.gz > feed.jsonl.gz` appends to a feed; gzip -d reads both
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Erste Meldung aus Wien."}\n')
                     + gzip.compress(b'{"text": "Zweite Meldung aus Graz."}\n'))
    batch = ingest(path)
    assert batch.articles[Col.TEXT].tolist() == ["Erste Meldung aus Wien.", "Zweite Meldung aus Graz."]
    assert batch.articles[Col.RECORD_INDEX].tolist() == [0, 1]
    path.write_bytes(gzip.compress(b'{"text": "Erste Meldung aus Wien."}\n') + b"not gzip at all")
    assert reasons(ingest(path)) == ["corrupt_gzip"]  # trailing garbage, as Python's gzip module says


def test_corrupt_gzip_and_unsupported_and_too_large(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b'{"text": "hallo welt"}\n')[:-8] + b"garbage!")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "c.txt").write_text("Titel\n" + "Text " * 500)
    batch = ingest_files([source_file(p, tmp_path) for p in sorted(tmp_path.iterdir())], max_bytes=1000)
    assert {row[Col.SOURCE_PATH]: row[Col.REASON] for row in batch.rejected} == {
        "a.jsonl.gz": "corrupt_gzip", "b.docx": "unsupported_format", "c.txt": "too_large",
    }


def test_unreadable_file_raises_for_retry_then_becomes_a_row(tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text("Titel\nText")
    source = source_file(path, tmp_path)
    path.unlink()
    with pytest.raises(OSError):
        ingest_files([source], final_attempt=False)
    batch = ingest_files([source], final_attempt=True)
    assert reasons(batch) == ["unreadable"]


def test_readability_page_main_text_and_metadata():
    page = shared_path("corpora/html/readability/test/test-pages/001")
    expected = json.loads((page / "expected-metadata.json").read_text())
    batch = ingest(page / "source.html")
    assert len(batch) == 1
    row = batch.articles.iloc[0]
    # readability's expected title is its own pick; trafilatura's author must still agree
    assert row[Col.AUTHOR] == expected["byline"]
    assert row[Col.TITLE]
    assert "So finally you're testing your frontend JavaScript code" in row[Col.TEXT]
    assert str(row[Col.PUBLISHED_AT].date()) == "2013-09-29"


def test_an_html_page_s_code_page_is_told_from_the_words_a_reader_sees(tmp_path):
    # A page with no charset: its markup, scripts and English navigation outweigh its Slovenian words,
    # and read whole, the page passed for cp1252 ("Vlada je v èetrtek").
    body = ("Vlada je v četrtek sprejela predlog proračuna za prihodnje leto. Minister za finance je "
            "dejal, da bo primanjkljaj manjši, kot so pričakovali, in da bodo plače v javnem sektorju "
            "rasle počasneje. Opozicija je načrt ostro kritizirala in napovedala, da bo zahtevala "
            "glasovanje o zaupnici. Sindikati so za prihodnji teden napovedali stavko učiteljev.")
    script = "".join(f"var item{n} = {{title: 'Subscribe to our newsletter', url: '/news/{n}'}};\n" for n in range(200))
    page = (f"<html><head><title>Proračun</title><script>{script}</script>"
            "<style>body { font-family: Georgia, serif; } .nav a { color: #333; }</style></head><body>"
            "<nav class='nav'><a href='/'>Home</a> <a href='/world'>World</a> <a href='/business'>Business</a> "
            "<a href='/sport'>Sport</a> <a href='/login'>Sign in</a></nav>"
            f"<article><h1>Vlada sprejela proračun</h1><p>{body}</p></article></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1250"))
    assert "Vlada je v četrtek sprejela predlog proračuna" in ingest(path).articles.iloc[0][Col.TEXT]


def test_html_lang_attribute_and_metadata_of_sample():
    batch = ingest(SAMPLES / "en_rate_decision.html")
    row = batch.articles.iloc[0]
    assert row[Col.DECLARED_LANGUAGE] == "en"
    assert row[Col.AUTHOR] == "Priya Natarajan"
    assert row[Col.SITE_NAME] == "Example Gazette"
    assert "Bank of England" in row[Col.TEXT] and "Sign in" not in row[Col.TEXT]
    # the headline is the title, not also the text's first line (as for text and JSON sources)
    assert row[Col.TITLE] == "Central bank holds rates as inflation cools"
    assert row[Col.TEXT].startswith("The Bank of England kept its main interest rate unchanged")


def test_an_html_publication_time_keeps_its_time_of_day_in_utc(tmp_path):
    page = (SAMPLES / "en_rate_decision.html").read_bytes()
    assert b'"article:published_time" content="2025-02-06T12:00:00Z"' in page
    assert str(ingest(SAMPLES / "en_rate_decision.html").articles.iloc[0][Col.PUBLISHED_AT]) == "2025-02-06 12:00:00+00:00"
    shifted = tmp_path / "shifted.html"
    shifted.write_bytes(page.replace(b"2025-02-06T12:00:00Z", b"2025-03-04T17:45:00+01:00"))
    assert str(ingest(shifted).articles.iloc[0][Col.PUBLISHED_AT]) == "2025-03-04 16:45:00+00:00"


def test_an_html_page_s_stated_publication_time_wins_over_other_dates_on_it(tmp_path):
    # htmldate, weighing every date on a page, took a dateModified for the publication (Spiceworks),
    # and kept the day alone of times a page states with an offset (NYTimes, Telegraph, Le Monde)
    page = (SAMPLES / "en_rate_decision.html").read_bytes().replace(
        b'<meta property="article:published_time" content="2025-02-06T12:00:00Z">',
        b'<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2025-03-01T09:00:00Z",'
        b' "datePublished": "2025-02-06T07:15:30-05:00"}</script>',
    )
    assert b"datePublished" in page and b"article:published_time" not in page
    path = tmp_path / "page.html"
    path.write_bytes(page)
    assert str(ingest(path).articles.iloc[0][Col.PUBLISHED_AT]) == "2025-02-06 12:15:30+00:00"
    # a date of another thing on the page (an embedded video, a related story) is not the article's
    from tasks.ingest.html import declared_publication_time

    assert declared_publication_time(
        '<script type="application/ld+json">[{"@type": "WebSite", "datePublished": "2003-01-01"},'
        ' {"@type": "NewsArticle", "datePublished": "2024-05-01T10:00:00Z",'
        ' "video": {"@type": "VideoObject", "datePublished": "2019-03-02T10:00:00Z"}}]</script>'
    ) == pd.Timestamp("2024-05-01 10:00", tz="UTC")


def test_a_txt_file_holding_a_web_page_is_read_as_html(tmp_path):
    # a scraper that saved the response as .txt: its tags were the article ("New York.</p></body></html")
    path = tmp_path / "saved.txt"
    path.write_bytes((SAMPLES / "en_rate_decision.html").read_bytes())
    row = ingest(path).articles.iloc[0]
    assert row[Col.TITLE] == "Central bank holds rates as inflation cools" and "<" not in row[Col.TEXT]
    assert row[Col.SOURCE_FORMAT] == "txt"


def test_an_html_byline_twice_and_a_date_line_above_the_headline_are_dropped(tmp_path):
    page = (SAMPLES / "en_rate_decision.html").read_text(encoding="utf-8")
    headline = "<h1>Central bank holds rates as inflation cools</h1>"
    assert headline in page
    page = page.replace(headline, "<p>06.02.2025 12:46</p>" + headline)
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    row = ingest(path).articles.iloc[0]
    assert row[Col.TEXT].startswith("The Bank of England kept its main interest rate unchanged")
    from tasks.ingest.html import _distinct_names

    assert _distinct_names("Jeffrey Gettleman; JEFFREY GETTLEMAN") == "Jeffrey Gettleman"


def test_html_without_main_text_is_rejected(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>")
    assert reasons(ingest(path)) == ["no_main_text"]
    headline = tmp_path / "headline.html"  # a headline alone: its letters do not make the page an article
    headline.write_text("<html><body><h1>Minister resigns over budget dispute today</h1><p>More soon.</p></body></html>")
    assert reasons(ingest(headline)) == ["no_main_text"]


def test_utf8_with_a_few_stray_bytes_stays_utf8():
    # One bad byte in a UTF-8 article had sent it to the code-page guessers: a long one came out
    # as cp1250 mojibake ("fĂĽnf"), a short one was rejected as undecodable. The stray bytes are
    # read as cp1252, so a Western line pasted into a UTF-8 file keeps its letters.
    text = "Die Regierung beschloss für Käufer fünf größere Änderungen. "
    for repeats in (1, 20):
        damaged = (text * repeats).encode("utf-8").replace("Käufer".encode(), b"\xffK\xc3\xa4ufer", 1)
        decoded, found = decode.decode_bytes(damaged)
        assert decoded == (text * repeats).replace("Käufer", "ÿKäufer", 1), repeats
        assert found.startswith("utf-8")
    mixed = (text * 5).encode("utf-8") + "Für Österreichs Außenministerin wäre das gut.".encode("cp1252")
    assert decode.decode_bytes(mixed)[0] == text * 5 + "Für Österreichs Außenministerin wäre das gut."
    # a legacy code page never passes for damaged UTF-8: its accented letters are lone lead bytes
    assert decode.decode_bytes((text * 20).encode("cp1252")) == (text * 20, "cp1252")


@pytest.mark.parametrize("data, title, text", [
    ("Überschrift,Inhalt,Autor,Datum\nHaushalt beschlossen,Die Regierung hat den Haushalt beschlossen.,Anna Muster,"
     "31.12.2024\n".encode(), "Haushalt beschlossen", "Die Regierung hat den Haushalt beschlossen."),
    ("titre;texte;auteur;date\nBudget adopté;Le gouvernement a adopté le budget.;Anna Muster;31.12.2024\n".encode(),
     "Budget adopté", "Le gouvernement a adopté le budget."),
    ("tytuł;treść;autor;data_publikacji\nSejm przyjął budżet;Sejm przyjął ustawę o budżecie, a źródła w rządzie mówią, że "
     "deficyt będzie mniejszy.;Anna Muster;31.12.2024\n".encode("cp1250"), "Sejm przyjął budżet",
     "Sejm przyjął ustawę o budżecie, a źródła w rządzie mówią, że deficyt będzie mniejszy."),
    ("ID;Titel;Artikel;Autor;Datum\n7;Haushalt beschlossen;Die Regierung hat den Haushalt beschlossen.;Anna Muster;"
     "31.12.2024\n".encode(), "Haushalt beschlossen", "Die Regierung hat den Haushalt beschlossen."),  # was an article "Artikel"
    ("título\ttexto\tautor\tfecha\nPresupuesto aprobado\tEl Gobierno aprobó el presupuesto.\tAnna Muster\t"
     "31.12.2024\n".encode(), "Presupuesto aprobado", "El Gobierno aprobó el presupuesto."),
])
def test_csv_headers_in_other_languages_name_their_columns(data, title, text):
    # an English-only table read "Überschrift,Inhalt,Autor" as a row: an article whose text was "Inhalt"
    from tasks.ingest import delimited

    assert delimited.parse(data) == [(0, {Col.TEXT: text, Col.TITLE: title, Col.AUTHOR: "Anna Muster",
                                          Col.PUBLISHED_AT: pd.Timestamp("2024-12-31", tz="UTC")})]


def test_a_first_row_with_a_category_named_like_a_field_is_no_header():
    # "noticia" (Spanish for a news item) and "Data" are field names; beside an article they are a category
    from tasks.ingest import delimited

    rows = delimited.parse('noticia,"El Gobierno aprobó el presupuesto para el año que viene, dijo el ministro."\n'
                           'opinión,"Otro artículo de opinión sobre el presupuesto del Gobierno y sus efectos."\n'.encode())
    assert [record[Col.TEXT][:14] for _, record in rows] == ["El Gobierno ap", "Otro artículo "]
    rows = delimited.parse(b'Data,"Big data firms raise money"\nTech,"Another tech story about chips"\n')
    assert [record[Col.TEXT] for _, record in rows] == ["Big data firms raise money", "Another tech story about chips"]


def test_a_csv_without_a_header_keeps_its_title_link_and_date_columns():
    # Only the longest column was read: the title, link and date beside each article were lost.
    from tasks.ingest import delimited

    data = ('Rail strike called off,"The union called off the strike after talks, trains run normally.",'
            'https://example.com/a,2025-06-01\n'
            'Floods in Bavaria,"Heavy rain flooded towns in Bavaria; the fire brigade pumped out cellars.",'
            'https://example.com/b,02.06.2025\n').encode()
    assert delimited.parse(data)[1] == (1, {
        Col.TEXT: "Heavy rain flooded towns in Bavaria; the fire brigade pumped out cellars.",
        Col.TITLE: "Floods in Bavaria", Col.URL: "https://example.com/b",
        Col.PUBLISHED_AT: pd.Timestamp("2025-06-02", tz="UTC")})
    # an id, a category and an author's name are no title; of two title-like columns the wordier one is
    data = ("1;Politik;Anna Muster;Haushalt im Bundestag beschlossen;Der Bundestag hat am Freitag nach langer "
            "Debatte den Haushalt beschlossen.\n"
            "2;Politik;Ben Beispiel;Neue Brücke in Leipzig eröffnet;Die Stadt Leipzig hat am Montag eine neue Brücke "
            "über die Elster eröffnet.\n"
            "3;Sport;Anna Muster;Leipzig gewinnt das Derby deutlich;Der Fußballklub aus Leipzig gewann das Derby am "
            "Sonntag mit drei zu null.\n").encode()
    assert [record for _, record in delimited.parse(data)][2] == {
        Col.TEXT: "Der Fußballklub aus Leipzig gewann das Derby am Sonntag mit drei zu null.",
        Col.TITLE: "Leipzig gewinnt das Derby deutlich"}
    # a column of authors' names or bylines is no title, and ids that look like years are no dates
    data = ("2001,Maria de Souza,David Blunkett has apologised to MPs after the Home Office row.\n"
            "2002,By Jane Ann Doe,Pro-hunt supporters are set to protest at the party conference.\n"
            "2003,Peter van der Berg,Campaigners against airport expansion have won a court ruling.\n").encode()
    assert [record for _, record in delimited.parse(data)][1] == {
        Col.TEXT: "Pro-hunt supporters are set to protest at the party conference."}


def test_extra_cells_in_a_csv_row_are_no_silent_cut():
    from tasks.ingest import delimited

    # An unquoted comma in the text column split it, and the cells past the header were dropped:
    # the article was cut at its first comma without a word.
    assert delimited.parse(b"title,text\nA,one, two, three\n")[0][1]["text"] == "one, two, three"
    # elsewhere no cell can be trusted: the row is rejected, not written with shifted cells
    assert delimited.parse(b"text,title\none, two,A\n")[0][1].reason == "malformed_csv"
    # a trailing delimiter adds an empty cell, not a value
    assert delimited.parse(b"text,id\nHello world,1,\n")[0][1]["text"] == "Hello world"
    assert delimited.parse(b"id,text\n1,Hello world,\n")[0][1]["text"] == "Hello world"
    # well-formed multi-line cells, doubled quotes included, are read as before
    data = b'title,text\nA,"multi\nline, with comma"\nB,"He said ""hi""\nthen"\n'
    assert [r["text"] for _, r in delimited.parse(data)] == ["multi\nline, with comma", 'He said "hi"\nthen']


def test_undecodable_raises_rejected_not_a_crash():
    with pytest.raises(Rejected) as caught:
        decode.decode_bytes(b"\x00\x01\x02\x03" * 100)
    assert caught.value.reason == "binary"


@pytest.mark.parametrize("written, read", [
    ("2025-03-04T17:45:00+01:00", "2025-03-04 16:45:00+00:00"),
    ("Tue, 04 Mar 2025 17:45:00 +0100", "2025-03-04 16:45:00+00:00"),
    ("04.03.2025", "2025-03-04 00:00:00+00:00"),  # dots: day first, as German and Austrian sites write it
    ("4.3.2025 14:30", "2025-03-04 14:30:00+00:00"),
    ("31/12/2024", "2024-12-31 00:00:00+00:00"),  # only one reading: day first
    ("12/31/2024", "2024-12-31 00:00:00+00:00"),  # only one reading: month first
    ("05/05/2025", "2025-05-05 00:00:00+00:00"),
    ("04/03/2025", "None"),  # 4 March or 3 April: no guess
    ("04-03-2025", "None"),
    ("04.03.25", "2025-03-04 00:00:00+00:00"),  # a two-digit year, day first all the same
    ("04.03.2025T10:00Z", "2025-03-04 10:00:00+00:00"),
    ("04/03/25", "None"),
    ("31/12/99", "1999-12-31 00:00:00+00:00"),
    ("1741110300", "2025-03-04 17:45:00+00:00"),  # epoch seconds in a CSV cell
    ("1741110300000", "2025-03-04 17:45:00+00:00"),  # epoch millis
    ("17411103000", "None"),  # eleven digits: neither (seconds would be the year 2521)
    ("yesterday", "None"),
])
def test_publication_dates_are_read_without_guessing_day_and_month(written, read):
    from tasks.ingest.fields import parse_datetime

    assert str(parse_datetime(written)) == read
