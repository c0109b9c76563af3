"""What a format parser yields: per record position, either its fields or why it was rejected."""

from __future__ import annotations

from typing import Any, Union

from tasks.batch import Rejected

Fields = dict[str, Any]
# (record position in the file or None for the whole file, fields or the rejection)
Item = tuple[Union[int, None], Union[Fields, Rejected]]
