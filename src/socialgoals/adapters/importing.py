"""Importing a metric source into the store, all or nothing.

>>> import tempfile, os
>>> from socialgoals.adapters.files import CSVMetricSource
>>> from socialgoals.store import Store
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "li.csv")
>>> with open(path, "w") as f:
...     _ = f.write("Date,Impressions (total),Clicks (total)\\n03/01/2026,1500,30\\n")
>>> store = Store(os.path.join(folder, "sg.db"))
>>> import_metrics(store, CSVMetricSource(path, preset="linkedin_page_metrics"))
ImportSummary(inserted=2, updated=0, unchanged=0, skipped=0)
>>> import_metrics(store, CSVMetricSource(path, preset="linkedin_page_metrics")).unchanged
2
"""

from __future__ import annotations

import attrs

from socialgoals.protocols import MetricQuery, MetricSource
from socialgoals.store import ImportSummary, Store

__all__ = ["import_metrics"]


def import_metrics(
    store: Store, source: MetricSource, query: MetricQuery | None = None
) -> ImportSummary:
    """Upsert what ``source`` yields for ``query`` in one transaction.

    When the source raises (a bad row, a network error), the store is left
    exactly as it was. Rows a source skipped (``on_error="skip"``) are counted
    in :attr:`~socialgoals.store.ImportSummary.skipped`.
    """
    summary = store.import_observations(source.observations(query or MetricQuery()))
    skipped = getattr(source, "skipped", 0)
    return attrs.evolve(summary, skipped=skipped if isinstance(skipped, int) else 0)
