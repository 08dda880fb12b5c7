"""Metric sources reading analytics exports: CSV, JSON and JSON Lines files.

Each row goes through a :class:`~socialgoals.adapters.mapping.ColumnMapping`
(given, or a preset such as ``"meta_instagram_posts"``). A bad row raises a
:class:`~socialgoals.errors.BadRowError` naming the file, the line and the
column; with ``on_error="skip"`` it is skipped and counted in
:attr:`skipped` (and kept in :attr:`bad_rows`) instead. Two rows giving the
same observation different values is an error, never a silent "last one wins".

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "ig.csv")
>>> with open(path, "w") as f:
...     _ = f.write("Day,Reach,Likes\\n2026-03-01,1200,80\\n2026-03-02,oops,95\\n")
>>> src = CSVMetricSource(path, mapping={"date": "Day", "platform": "instagram",
...                                      "metrics": {"Reach": "reach", "Likes": "likes"}})
>>> list(src.observations(MetricQuery()))
Traceback (most recent call last):
...
socialgoals.errors.BadRowError: ig.csv:3, column 'Reach': 'oops' is not a number ...
>>> src = CSVMetricSource(path, preset=None, on_error="skip", mapping=src.mapping)
>>> len(list(src.observations(MetricQuery()))), src.skipped
(2, 1)
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, Final, Literal

from socialgoals.adapters.mapping import ColumnMapping, RowError, preset
from socialgoals.converters import structure
from socialgoals.errors import BadRowError, ValidationError
from socialgoals.model import Observation, Platform
from socialgoals.protocols import MetricQuery, SourceCapabilities
from socialgoals.redaction import redact

__all__ = ["CSVMetricSource", "JSONMetricSource", "OnError"]

OnError = Literal["raise", "skip"]
"""What to do with a bad row: stop with an error, or skip it and count it."""

_HEADER_SEARCH: Final = 20


def _mapping(mapping: ColumnMapping | Mapping[str, Any] | None, name: str | None) -> ColumnMapping:
    if isinstance(mapping, ColumnMapping):
        return mapping
    if mapping is not None and name is not None:
        return preset(name, **dict(mapping))
    if mapping is not None:
        return structure(dict(mapping), ColumnMapping, path="mapping")
    if name is not None:
        return preset(name)
    raise ValidationError("give a column mapping or a preset name", path="mapping")


class _FileMetricSource:
    """What CSV and JSON sources share: mapping, bad-row policy, duplicate checks."""

    name: ClassVar[str] = ""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        mapping: ColumnMapping | Mapping[str, Any] | None = None,
        preset: str | None = None,
        on_error: OnError = "raise",
        source: str | None = None,
        encoding: str = "utf-8-sig",
    ) -> None:
        if on_error not in ("raise", "skip"):
            raise ValidationError("must be 'raise' or 'skip'", path="on_error", value=on_error)
        self.path = Path(path)
        self.mapping = _mapping(mapping, preset)
        self.on_error: OnError = on_error
        self.source_id = source or f"{self.name}:{self.path.name}"
        self.encoding = encoding
        self.skipped = 0
        self.bad_rows: list[BadRowError] = []

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r}, source={self.source_id!r})"

    @property
    def capabilities(self) -> SourceCapabilities:
        """The mapping's platform and metrics; the query window is honoured."""
        platforms = (
            frozenset({Platform.parse(self.mapping.platform)})
            if self.mapping.platform
            else frozenset()
        )
        return SourceCapabilities(
            platforms=platforms, metrics=self.mapping.metric_ids, incremental=True
        )

    def _rows(self) -> Iterator[tuple[int, Mapping[str, Any]]]:
        raise NotImplementedError

    def _bad(self, error: BadRowError) -> None:
        if self.on_error == "raise":
            raise error
        self.skipped += 1
        self.bad_rows.append(error)

    def observations(self, query: MetricQuery) -> Iterator[Observation]:
        """Read the file and yield the observations ``query`` wants."""
        self.skipped = 0
        self.bad_rows = []
        seen: dict[tuple[str, ...], tuple[float, int]] = {}
        for line, row in self._rows():
            try:
                found = list(self.mapping.observations(row, source=self.source_id))
            except RowError as exc:
                self._bad(
                    BadRowError(
                        redact(exc.reason), file=self.path.name, line=line, column=exc.column
                    )
                )
                continue
            fresh: list[Observation] = []
            conflict: BadRowError | None = None
            for obs in found:
                key = obs.natural_key
                if key in seen:
                    value, first = seen[key]
                    if value != obs.value:
                        conflict = BadRowError(
                            f"{obs.metric} on {obs.date} is {obs.value:g} here but "
                            f"{value:g} on line {first}",
                            file=self.path.name,
                            line=line,
                        )
                        break
                    continue
                fresh.append(obs)
            if conflict is not None:
                self._bad(conflict)
                continue
            for obs in fresh:
                seen[obs.natural_key] = (obs.value, line)
                if query.wants(obs.date, obs.metric):
                    yield obs

    def _header_error(self, line: int, missing: list[str]) -> BadRowError:
        return BadRowError(
            f"missing column(s) {', '.join(repr(m) for m in missing)}",
            file=self.path.name,
            line=line,
            column=missing[0],
        )


class CSVMetricSource(_FileMetricSource):
    """A metric source reading a CSV export.

    Args:
        path: the file.
        mapping: a :class:`~socialgoals.adapters.mapping.ColumnMapping` or its
            plain-data form; with ``preset``, changes to the preset.
        preset: a preset name (see :data:`~socialgoals.adapters.mapping.PRESETS`).
        on_error: ``"raise"`` (default) or ``"skip"`` bad rows (counted).
        source: the source id for idempotent imports (default ``csv:<file name>``).
        encoding: the file's encoding (a UTF-8 BOM is accepted by default).
        delimiter: the field separator; guessed among ``, ; tab`` when ``None``.

    The header is the first line (among the first 20) that contains the date
    column, so preamble lines (``sep=,``, a title) are skipped.
    """

    name: ClassVar[str] = "csv"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        mapping: ColumnMapping | Mapping[str, Any] | None = None,
        preset: str | None = None,
        on_error: OnError = "raise",
        source: str | None = None,
        encoding: str = "utf-8-sig",
        delimiter: str | None = None,
    ) -> None:
        super().__init__(
            path,
            mapping=mapping,
            preset=preset,
            on_error=on_error,
            source=source,
            encoding=encoding,
        )
        self.delimiter = delimiter

    def _sniff(self, sample: str) -> str:
        if self.delimiter is not None:
            return self.delimiter
        try:
            return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:
            return ","

    def _rows(self) -> Iterator[tuple[int, Mapping[str, Any]]]:
        with self.path.open(encoding=self.encoding, newline="") as f:
            sample = f.read(8192)
            f.seek(0)
            reader = csv.reader(f, delimiter=self._sniff(sample))
            header: list[str] | None = None
            for cells in reader:
                names = [c.strip() for c in cells]
                if self.mapping.date in names:
                    header = names
                    break
                if reader.line_num >= _HEADER_SEARCH:
                    break
            if header is None:
                raise self._header_error(1, [self.mapping.date])
            missing = self.mapping.missing_columns(header)
            if missing:
                raise self._header_error(reader.line_num, missing)
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    self._bad(
                        BadRowError(
                            f"the row has {len(cells)} cells but the header has {len(header)}",
                            file=self.path.name,
                            line=reader.line_num,
                        )
                    )
                    continue
                yield reader.line_num, dict(zip(header, cells, strict=True))


class JSONMetricSource(_FileMetricSource):
    """A metric source reading JSON (an array, or ``{"data": [...]}``) or JSON Lines.

    Files ending in ``.jsonl`` or ``.ndjson`` are read one object per line
    (errors give the line); other files are one JSON document, and errors give
    the record's 1-based position as the line. Arguments are those of
    :class:`CSVMetricSource` (without ``delimiter``).
    """

    name: ClassVar[str] = "json"

    def _rows(self) -> Iterator[tuple[int, Mapping[str, Any]]]:
        if self.path.suffix.lower() in (".jsonl", ".ndjson"):
            yield from self._lines()
            return
        text = self.path.read_text(encoding=self.encoding)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadRowError(
                f"invalid JSON: {exc.msg}", file=self.path.name, line=exc.lineno
            ) from None
        if isinstance(data, Mapping) and isinstance(data.get("data"), list):
            data = data["data"]
        if not isinstance(data, list):
            raise BadRowError(
                'expected an array of objects or {"data": [...]}', file=self.path.name, line=1
            )
        for index, record in enumerate(data, start=1):
            row = self._record(record, index)
            if row is not None:
                yield index, row

    def _lines(self) -> Iterator[tuple[int, Mapping[str, Any]]]:
        with self.path.open(encoding=self.encoding) as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    self._bad(
                        BadRowError(f"invalid JSON: {exc.msg}", file=self.path.name, line=number)
                    )
                    continue
                row = self._record(record, number)
                if row is not None:
                    yield number, row

    def _record(self, record: object, line: int) -> Mapping[str, Any] | None:
        if not isinstance(record, Mapping):
            self._bad(BadRowError("expected a JSON object", file=self.path.name, line=line))
            return None
        missing = self.mapping.missing_columns(set(record))
        if missing:
            self._bad(self._header_error(line, missing))
            return None
        return record
