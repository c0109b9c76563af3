"""Output: one schema, readable by analysts' tools, atomic, exactly once across crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
from conftest import SAMPLES
from helpers import run_stages, source_file

from tasks.manifest import Manifest
from tasks.output import write_batch
from tasks.schema import ARTICLES_FILE, ENTITIES_FILE, REJECTED_FILE, Col


def visible(out: Path) -> list[Path]:
    """What a reader globbing ``**/*.parquet`` sees."""
    return sorted(out.glob("**/*.parquet"))


def commit(raw: Path, out: Path, names: list[str]) -> dict:
    paths = [raw / name for name in names]
    batch = run_stages(paths, root=raw)
    manifest = Manifest(out)
    try:
        return write_batch(batch, [source_file(p, raw) for p in paths], manifest)
    finally:
        manifest.close()


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(SAMPLES, folder)
    return folder


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(SAMPLES, raw, dirs_exist_ok=True)
    (raw / "bare.txt").write_text("Nur eine Zeile ohne Titel, ohne Links und ohne Namen.\n")
    out = tmp_path_factory.mktemp("out")
    names = [p.relative_to(raw).as_posix() for p in sorted(raw.rglob("*")) if p.is_file()]
    commit(raw, out, names)
    return out


def test_every_file_carries_its_tables_schema(sample_output: Path):
    expected = {"articles": ARTICLES_FILE, "entities": ENTITIES_FILE, "rejected": REJECTED_FILE}
    files = visible(sample_output)
    assert {f.relative_to(sample_output).parts[0] for f in files} == set(expected)
    for file in files:
        schema = pq.read_schema(file)
        assert schema.remove_metadata().equals(expected[file.relative_to(sample_output).parts[0]]), file
        assert pq.ParquetFile(file).metadata.row_group(0).column(0).compression == "ZSTD"


def test_duckdb_reads_hive_partitions_and_entities_group_by(sample_output: Path):
    con = duckdb.connect()
    articles = con.sql(
        f"SELECT language, count(*) AS n FROM read_parquet('{sample_output}/articles/**/*.parquet', "
        f"hive_partitioning=true) GROUP BY language ORDER BY language"
    ).fetchall()
    assert dict(articles) == {"de": 3, "en": 2, "es": 1, "fr": 1, "nl": 1}
    top = con.sql(
        f"SELECT canonical_name, count(*) FROM read_parquet('{sample_output}/entities/**/*.parquet', "
        f"hive_partitioning=true) WHERE canonical_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    assert ("European Union", 2) in top  # "Unión Europea" and "Union européenne"
    described = con.sql(
        f"DESCRIBE SELECT * FROM read_parquet('{sample_output}/articles/**/*.parquet', hive_partitioning=true)"
    ).fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["entities"].startswith("STRUCT(")
    assert types["links"] == "VARCHAR[]"


def test_pandas_reads_each_table_with_documented_dtypes(sample_output: Path):
    articles = pd.read_parquet(sample_output / "articles")
    assert isinstance(articles[Col.LANGUAGE].dtype, pd.CategoricalDtype)
    assert str(articles[Col.PUBLISHED_AT].dtype) == "datetime64[us, UTC]"
    assert str(articles[Col.RECORD_INDEX].dtype) == "int32"
    assert articles[Col.DOC_ID].is_unique
    entities = pd.read_parquet(sample_output / "entities")
    assert str(entities[Col.START].dtype) == "int32"
    rejected = pd.read_parquet(sample_output / "rejected")
    assert rejected[Col.REASON].astype(str).tolist() == ["malformed_json"]


def test_polars_reads_with_hive_partitioning(sample_output: Path):
    frame = pl.read_parquet(sample_output / "articles" / "**" / "*.parquet", hive_partitioning=True)
    assert frame.height == 8 and "language" in frame.columns
    assert frame.schema["entities"].inner.fields[0].name == "start"


def test_empty_lists_and_null_columns_keep_the_schema(sample_output: Path):
    bare = pd.read_parquet(sample_output / "articles", filters=[(Col.SOURCE_PATH, "=", "bare.txt")]).iloc[0]
    assert pd.isna(bare[Col.TITLE]) and pd.isna(bare[Col.PUBLISHED_AT])
    assert len(bare[Col.LINKS]) == 0 and len(bare[Col.SOCIAL_EMBEDS]) == 0


def test_crash_after_commit_is_rolled_forward(raw: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    import tasks.manifest

    real_replace = tasks.manifest.os.replace
    moves = []

    def die_on_second_move(src, dst):
        if moves:
            raise KeyboardInterrupt("simulated kill between two file moves")
        moves.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(tasks.manifest.os, "replace", die_on_second_move)
    with pytest.raises(KeyboardInterrupt):
        commit(raw, out, ["briefs.csv", "de_ostsee_manoever.txt"])
    assert len(visible(out)) == 1  # half published ...
    monkeypatch.undo()
    manifest = Manifest(out)
    assert manifest.recover() == 1  # ... and finished by the next start
    assert manifest.counts() == (2, 3, 0)
    manifest.close()
    articles = pd.read_parquet(out / "articles")
    assert sorted(articles[Col.SOURCE_PATH]) == ["briefs.csv", "briefs.csv", "de_ostsee_manoever.txt"]


def test_crash_before_commit_leaves_nothing_visible(raw: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"

    def crash(self, *args, **kwargs):
        raise KeyboardInterrupt("simulated kill before the manifest transaction")

    monkeypatch.setattr(Manifest, "commit", crash)
    with pytest.raises(KeyboardInterrupt):
        commit(raw, out, ["briefs.csv"])
    assert visible(out) == []
    assert list((out / "_newsflow" / "staging").rglob("*.staged"))  # written, not visible
    monkeypatch.undo()
    manifest = Manifest(out)
    manifest.recover()
    assert not (out / "_newsflow" / "staging").exists() and manifest.counts() == (0, 0, 0)
    manifest.close()


def test_changed_source_replaces_its_old_rows(raw: Path, tmp_path: Path):
    out = tmp_path / "out"
    commit(raw, out, ["briefs.csv", "de_ostsee_manoever.txt"])
    (raw / "briefs.csv").write_text(
        'title,text\n"Rail strike called off","Train drivers called off the strike after new talks in Leeds."\n'
    )
    summary = commit(raw, out, ["briefs.csv"])
    assert summary["replaced_sources"] == 1
    articles = pd.read_parquet(out / "articles")
    assert sorted(articles[Col.SOURCE_PATH]) == ["briefs.csv", "de_ostsee_manoever.txt"]
    assert "Leeds" in articles[articles[Col.SOURCE_PATH] == "briefs.csv"].iloc[0][Col.TEXT]
    entities = pd.read_parquet(out / "entities")
    assert "Manchester" not in set(entities[Col.TEXT])  # the old version's entities went too
    assert set(entities[Col.DOC_ID]) <= set(articles[Col.DOC_ID])


def test_a_partition_whose_last_row_went_leaves_no_empty_folder(raw: Path, tmp_path: Path):
    # A fixed file took the only malformed_json row out, and an empty reason=malformed_json folder
    # stayed behind, which readers list as a partition with nothing in it.
    out = tmp_path / "out"
    (raw / "broken.json").write_text('{"title": "x", "text": ')
    commit(raw, out, ["broken.json", "de_ostsee_manoever.txt"])
    assert (out / "rejected" / "reason=malformed_json").is_dir()
    (raw / "broken.json").write_text('{"title": "Fixed", "text": "Die Reparatur kam am Montag, und alles lief wieder."}')
    commit(raw, out, ["broken.json"])
    assert not (out / "rejected").exists()  # its only partition went, and the table's folder with it
    assert len(pd.read_parquet(out / "articles")) == 2


def test_a_file_renamed_inside_the_raw_folder_is_not_ingested_twice(raw: Path, tmp_path: Path):
    from tasks.discover import find_new_sources

    out = tmp_path / "out"
    commit(raw, out, ["briefs.csv", "de_ostsee_manoever.txt"])
    before = len(pd.read_parquet(out / "articles"))
    (raw / "de_ostsee_manoever.txt").rename(raw / "ostsee.txt")
    manifest = Manifest(out)
    try:
        todo, _ = find_new_sources(raw, manifest)
    finally:
        manifest.close()
    assert "ostsee.txt" not in [source.rel_path for source in todo]  # the same source, renamed
    # and a later edit of the renamed file replaces its rows (written under the old name)
    (raw / "ostsee.txt").write_text("Manöver beendet\n\nDie Schiffe kehrten am Freitag nach Kiel zurück.\n")
    commit(raw, out, ["ostsee.txt"])
    articles = pd.read_parquet(out / "articles")
    assert len(articles) == before
    assert "Kiel zurück" in " ".join(articles[Col.TEXT])


def test_an_output_folder_inside_the_raw_folder_is_not_read_back(raw: Path):
    from tasks.discover import find_new_sources

    out = raw / "processed"  # newsflow run --raw raw --out raw/processed
    names = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file())
    commit(raw, out, names)
    assert visible(out)
    manifest = Manifest(out)
    try:
        todo, unchanged = find_new_sources(raw, manifest)
    finally:
        manifest.close()
    assert todo == [] and unchanged == len(names)  # its own Parquet would be rejected, every run


def test_two_batches_rewriting_one_file_at_once_keep_neither_old_row(raw: Path, tmp_path: Path, monkeypatch):
    # Both sources' first rows sit in one part file. Each batch of the next run takes its own
    # source's old rows out of it; run side by side (up to 2 x workers output tasks are in flight),
    # each used to read the file before the other published, and the later rewrite put the other
    # source's old rows back, owned by no source in the manifest (a reviewer saw 32 of 256).
    import threading

    import tasks.output as output

    out = tmp_path / "out"
    names = ["briefs.csv", "de_ostsee_manoever.txt"]
    commit(raw, out, names)
    (raw / "briefs.csv").write_text('title,text\n"Rail strike called off","Drivers called off the strike in Leeds."\n')
    (raw / "de_ostsee_manoever.txt").write_text("Manöver vor Kiel\n\nDie Marine übt in diesem Jahr vor Kiel.\n")
    batches = [(run_stages([raw / name], root=raw), [source_file(raw / name, raw)]) for name in names]

    both_read = threading.Barrier(2)
    stage = output._stage_replacements

    def stage_then_wait(*args):
        staged = stage(*args)
        try:
            both_read.wait(timeout=5)  # with the race, the other batch has read the same old file by now
        except threading.BrokenBarrierError:
            pass
        return staged

    monkeypatch.setattr(output, "_stage_replacements", stage_then_wait)
    manifest = Manifest(out)
    try:
        threads = [threading.Thread(target=write_batch, args=(batch, sources, manifest)) for batch, sources in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        manifest.close()
    articles = pd.read_parquet(out / "articles")
    assert sorted(articles[Col.SOURCE_PATH]) == names  # one row each: no old row came back
    assert "Leeds" in articles[articles[Col.SOURCE_PATH] == "briefs.csv"].iloc[0][Col.TEXT]


def test_a_raw_folder_read_from_another_place_is_not_ingested_twice(raw: Path, tmp_path: Path):
    from tasks.discover import find_new_sources

    out = tmp_path / "out"
    names = ["briefs.csv", "de_ostsee_manoever.txt"]
    commit(raw, out, names)
    copy = shutil.copytree(raw, tmp_path / "copy")  # still there: a copy
    manifest = Manifest(out)
    try:
        never_committed = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()
                                 and p.relative_to(raw).as_posix() not in names)
        todo, unchanged = find_new_sources(copy, manifest)
        assert unchanged == 2 and sorted(s.rel_path for s in todo) == never_committed
        (copy / "de_ostsee_manoever.txt").write_text("Ein anderer Artikel unter demselben Namen.\n")
        todo, _ = find_new_sources(copy, manifest)  # same name, new content: a new article, not a copy
        assert "de_ostsee_manoever.txt" in [s.rel_path for s in todo]
        moved = raw.rename(tmp_path / "moved")  # the old path is gone: the folder moved
        todo, _ = find_new_sources(moved, manifest)
        assert [s.rel_path for s in todo if s.rel_path in names] == []
        assert str((moved / "briefs.csv").resolve()) in manifest.source_states()
    finally:
        manifest.close()
    (moved / "briefs.csv").write_text('title,text\n"Rail strike called off","Drivers called off the strike in Leeds."\n')
    summary = commit(moved, out, ["briefs.csv"])
    assert summary["replaced_sources"] == 1  # the moved source owns its old rows
    articles = pd.read_parquet(out / "articles")
    assert sorted(articles[Col.SOURCE_PATH]) == names
    assert articles[Col.DOC_ID].is_unique
