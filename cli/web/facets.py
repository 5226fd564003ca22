"""A month facet for Datasette's table views: ``_facet_month=published``.

Datasette facets by column value and by day; an archive is read by month.
Months are the first seven characters of the ISO date as stored (the date
the site printed, in its own time zone), and choosing one filters with
Datasette's own ``COLUMN__startswith=YYYY-MM``, so the filter shows in the
table's filter bar and in the JSON/CSV links like any other.
"""
from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

MONTH_GLOB = "[0-9][0-9][0-9][0-9]-[01][0-9]*"


class MonthFacet(Facet):
    type = "month"

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            col = escape_sqlite(column)
            sql = (f"select substr({col}, 1, 7) as value, count(*) as count from ({self.sql}) "
                   f"where {col} glob '{MONTH_GLOB}' group by value order by value desc "
                   f"limit {size + 1}")
            try:
                rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                             custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                selected = args.get(key) == row["value"]
                path = (path_with_removed_args(self.request, {key: row["value"]}) if selected
                        else path_with_added_args(self.request, {key: row["value"]}))
                values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, path),
                               "selected": selected})
            results.append({"name": column, "type": self.type, "results": values,
                            "hideable": source_and_config["source"] != "metadata",
                            "toggle_url": path_with_removed_args(self.request, {"_facet_month": column}),
                            "truncated": len(rows.rows) > size})
        return results, timed_out
