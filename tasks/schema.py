"""The one place that names newsflow's columns and their Arrow types.

Analysts read the Parquet output from pandas, DuckDB, Polars and Spark, so every file of a
table must carry exactly the same schema whatever its batch held (all-null columns, empty
lists, no entities). Every other module spells columns through ``Col`` and converts through
the schemas below, never by hand.
"""

from __future__ import annotations

from importlib import metadata

import pyarrow as pa

try:
    PIPELINE_VERSION = metadata.version("newsflow")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    PIPELINE_VERSION = "0.0.0+source"


class Col:
    """Column names of the in-flight batch and of the output tables."""

    DOC_ID = "doc_id"
    CONTENT_HASH = "content_hash"
    SOURCE_PATH = "source_path"
    SOURCE_FORMAT = "source_format"
    RECORD_INDEX = "record_index"
    TITLE = "title"
    TEXT = "text"
    LANGUAGE = "language"
    LANGUAGE_PROB = "language_prob"
    PARAGRAPH_LANGUAGES = "paragraph_languages"
    ENTITIES = "entities"
    SOCIAL_EMBEDS = "social_embeds"
    LINKS = "links"
    N_CHARS = "n_chars"
    URL = "url"
    AUTHOR = "author"
    SITE_NAME = "site_name"
    DECLARED_LANGUAGE = "declared_language"
    PUBLISHED_AT = "published_at"
    INGESTED_AT = "ingested_at"
    PIPELINE_VERSION = "pipeline_version"
    # entities table
    START = "start"
    END = "end"
    LABEL = "label"
    CANONICAL_ID = "canonical_id"
    CANONICAL_NAME = "canonical_name"
    # rejected table
    REASON = "reason"
    DETAIL = "detail"


class Embed:
    """Field names of one ``social_embeds`` entry."""

    PLATFORM = "platform"
    AUTHOR = "author"
    HANDLE = "handle"
    DATE = "date"
    URLS = "urls"
    RAW = "raw"


class Paragraph:
    """Field names of one ``paragraph_languages`` entry."""

    INDEX = "index"
    LANGUAGE = "language"
    PROB = "prob"


UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

ENTITY_STRUCT = pa.struct(
    [
        pa.field(Col.START, pa.int32()),
        pa.field(Col.END, pa.int32()),
        pa.field(Col.LABEL, pa.string()),
        pa.field(Col.TEXT, pa.string()),
        pa.field(Col.CANONICAL_ID, pa.string()),
        pa.field(Col.CANONICAL_NAME, pa.string()),
    ]
)

EMBED_STRUCT = pa.struct(
    [
        pa.field(Embed.PLATFORM, pa.string()),
        pa.field(Embed.AUTHOR, pa.string()),
        pa.field(Embed.HANDLE, pa.string()),
        pa.field(Embed.DATE, pa.date32()),
        pa.field(Embed.URLS, pa.list_(pa.string())),
        pa.field(Embed.RAW, pa.string()),
    ]
)

PARAGRAPH_STRUCT = pa.struct(
    [
        pa.field(Paragraph.INDEX, pa.int32()),
        pa.field(Paragraph.LANGUAGE, pa.string()),
        pa.field(Paragraph.PROB, pa.float64()),
    ]
)

# The Hive partition column of each table lives in the directory name, not in the files,
# as Spark, pyarrow and DuckDB expect; the *_FILE schemas are what each Parquet file holds.
ARTICLES_PARTITION = Col.LANGUAGE
ENTITIES_PARTITION = Col.LANGUAGE
REJECTED_PARTITION = Col.REASON

ARTICLES_FILE = pa.schema(
    [
        pa.field(Col.DOC_ID, pa.string(), nullable=False),
        pa.field(Col.CONTENT_HASH, pa.string(), nullable=False),
        pa.field(Col.SOURCE_PATH, pa.string(), nullable=False),
        pa.field(Col.SOURCE_FORMAT, pa.string(), nullable=False),
        pa.field(Col.RECORD_INDEX, pa.int32(), nullable=False),
        pa.field(Col.TITLE, pa.string()),
        pa.field(Col.TEXT, pa.string(), nullable=False),
        pa.field(Col.LANGUAGE_PROB, pa.float64()),
        pa.field(Col.PARAGRAPH_LANGUAGES, pa.list_(PARAGRAPH_STRUCT)),
        pa.field(Col.ENTITIES, pa.list_(ENTITY_STRUCT)),
        pa.field(Col.SOCIAL_EMBEDS, pa.list_(EMBED_STRUCT)),
        pa.field(Col.LINKS, pa.list_(pa.string())),
        pa.field(Col.N_CHARS, pa.int32(), nullable=False),
        pa.field(Col.URL, pa.string()),
        pa.field(Col.AUTHOR, pa.string()),
        pa.field(Col.SITE_NAME, pa.string()),
        pa.field(Col.DECLARED_LANGUAGE, pa.string()),
        pa.field(Col.PUBLISHED_AT, UTC_TIMESTAMP),
        pa.field(Col.INGESTED_AT, UTC_TIMESTAMP, nullable=False),
        pa.field(Col.PIPELINE_VERSION, pa.string(), nullable=False),
    ]
)

ENTITIES_FILE = pa.schema(
    [
        pa.field(Col.DOC_ID, pa.string(), nullable=False),
        pa.field(Col.SOURCE_PATH, pa.string(), nullable=False),
        pa.field(Col.START, pa.int32(), nullable=False),
        pa.field(Col.END, pa.int32(), nullable=False),
        pa.field(Col.LABEL, pa.string(), nullable=False),
        pa.field(Col.TEXT, pa.string(), nullable=False),
        pa.field(Col.CANONICAL_ID, pa.string()),
        pa.field(Col.CANONICAL_NAME, pa.string()),
        pa.field(Col.INGESTED_AT, UTC_TIMESTAMP, nullable=False),
        pa.field(Col.PIPELINE_VERSION, pa.string(), nullable=False),
    ]
)

REJECTED_FILE = pa.schema(
    [
        pa.field(Col.SOURCE_PATH, pa.string(), nullable=False),
        pa.field(Col.SOURCE_FORMAT, pa.string()),
        pa.field(Col.RECORD_INDEX, pa.int32()),
        pa.field(Col.DETAIL, pa.string(), nullable=False),
        pa.field(Col.INGESTED_AT, UTC_TIMESTAMP, nullable=False),
        pa.field(Col.PIPELINE_VERSION, pa.string(), nullable=False),
    ]
)

TABLES: dict[str, tuple[pa.Schema, str]] = {
    "articles": (ARTICLES_FILE, ARTICLES_PARTITION),
    "entities": (ENTITIES_FILE, ENTITIES_PARTITION),
    "rejected": (REJECTED_FILE, REJECTED_PARTITION),
}

# Why a record was rejected: short machine-readable codes, documented in the README.
REASONS: dict[str, str] = {
    "empty": "the file or record holds no text",
    "empty_after_cleaning": "nothing but boilerplate, embeds or links was left after cleaning",
    "binary": "the bytes are not text (control characters, NUL bytes, an image or archive)",
    "undecodable": "no text encoding fits the bytes",
    "too_large": "the file (or its decompressed content) exceeds the size limit, or a record's text is over 1,000,000 characters",
    "corrupt_gzip": "the .gz file cannot be decompressed",
    "malformed_json": "a JSON document or JSON line does not parse",
    "malformed_csv": "a CSV/TSV file does not parse",
    "malformed_html": "an HTML file cannot be parsed",
    "no_text_field": "a JSON/CSV record has no text, body or content field",
    "not_an_article": "a JSON value is not an object (a bare string, number or list)",
    "no_main_text": "trafilatura found no main text in an HTML page",
    "unsupported_format": "the file extension is not one newsflow reads",
    "unreadable": "the file could not be read (permissions, vanished, I/O error) after retries",
    "stage_error": "a stage raised an unexpected error on this record; detail has the message",
}

UNDETERMINED_LANGUAGE = "und"
