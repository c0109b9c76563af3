"""Whole real corpora through the flow, read back from Parquet as an analyst would."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import shared_path

from tasks.schema import Col

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]


def run_flow(raw: Path, out: Path) -> dict:
    from flows.pipeline import news_pipeline

    return news_pipeline(raw_dir=str(raw), out_dir=str(out))


def test_seed_through_the_flow(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(shared_path("seed/000_ef3653d5635585ef.txt"), raw)
    run_flow(raw, tmp_path / "out")
    con = duckdb.connect()
    row = con.sql(
        f"SELECT language, language_prob, text FROM read_parquet('{tmp_path}/out/articles/**/*.parquet', "
        f"hive_partitioning=true)"
    ).fetchall()[0]
    assert row[0] == "de" and row[1] >= 0.9
    for residue in ("t.co", "pic.twitter.com", "@JulianRoepcke", "➡"):
        assert residue not in row[2]
    entities = set(con.sql(
        f"SELECT text, label FROM read_parquet('{tmp_path}/out/entities/**/*.parquet', hive_partitioning=true)"
    ).fetchall())
    assert {("Gabrielius Landsbergis", "PER"), ("Olaf Scholz", "PER"), ("Nico Lange", "PER"),
            ("Oleksii Makeiev", "PER"), ("Litauen", "LOC"), ("Frankreich", "LOC"),
            ("NATO", "ORG"), ("BILD", "ORG")} <= entities


def test_every_bbc_article_comes_out_english(tmp_path: Path):
    bbc = shared_path("corpora/news/en_bbc/bbc")
    summary = run_flow(bbc, tmp_path / "out")
    assert summary["records_in"] == 2225 and summary["rejected"] == 0
    articles = pd.read_parquet(tmp_path / "out" / "articles", columns=[Col.SOURCE_PATH, Col.LANGUAGE, Col.TEXT])
    assert len(articles) == 2225
    assert set(articles[Col.LANGUAGE].astype(str)) == {"en"}
    latin1 = articles[articles[Col.SOURCE_PATH] == "sport/199.txt"].iloc[0]
    assert "£" in latin1[Col.TEXT] and "\ufffd" not in latin1[Col.TEXT]


def test_every_10kgnad_article_comes_out_german(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(shared_path("corpora/news/de_10kgnad/test.csv"), raw)
    summary = run_flow(raw, tmp_path / "out")
    assert summary["records_in"] == 1028 and summary["rejected"] == 0
    articles = pd.read_parquet(tmp_path / "out" / "articles", columns=[Col.LANGUAGE, Col.RECORD_INDEX])
    assert len(articles) == 1028 and set(articles[Col.LANGUAGE].astype(str)) == {"de"}
    assert sorted(articles[Col.RECORD_INDEX]) == list(range(1028))


def test_every_readability_page_is_an_article_or_a_rejected_row(tmp_path: Path):
    pages = shared_path("corpora/html/readability/test/test-pages")
    raw = tmp_path / "raw"
    for page in sorted(pages.iterdir()):
        if (page / "source.html").exists():
            (raw / page.name).mkdir(parents=True)
            shutil.copy(page / "source.html", raw / page.name / "source.html")
    expected = {f"{p.name}/source.html" for p in raw.iterdir()}
    assert len(expected) == 130
    run_flow(raw, tmp_path / "out")
    articles = pd.read_parquet(tmp_path / "out" / "articles", columns=[Col.SOURCE_PATH])
    rejected_dir = tmp_path / "out" / "rejected"
    rejected = pd.read_parquet(rejected_dir) if rejected_dir.exists() else pd.DataFrame(columns=[Col.SOURCE_PATH, Col.REASON])
    accounted = list(articles[Col.SOURCE_PATH]) + list(rejected[Col.SOURCE_PATH])
    assert sorted(accounted) == sorted(expected)  # every page once, in exactly one table
    assert rejected[Col.REASON].notna().all()
