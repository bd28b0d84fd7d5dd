"""The admin home for store managers (docs/admin.md "Dashboard"): their store at a glance.

Revenue and rentals per month over the last 24 months, the top 10 movies of the quarter,
overdue rentals, low-stock titles and the day's rentals, for the manager's store; a
superuser sees all stores or picks one (`?store=<id>`). `?day=YYYY-MM-DD` shows the
dashboard as of that day (the seeded history ends on 2025-06-30); rentals.forms reads both.
Every number comes from a selector; the charts are SVG drawn by the template from
reelfake/charts.py geometry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from reelfake.admin_scope import admin_scope
from reelfake.charts import column_chart, row_chart
from rentals import selectors
from rentals.forms import DashboardQueryForm
from stores.models import Store
from stores.selectors import LOW_STOCK, inventory_low_stock

MONTHS = 24
TOP_MOVIES = 10
LIST_ROWS = 10


@dataclass(frozen=True)
class Window:
    """The day the dashboard describes, and the bounds its panels read."""

    day: datetime.date
    day_start: datetime.datetime
    day_end: datetime.datetime
    quarter_start: datetime.datetime
    now: datetime.datetime  # what "overdue" compares with: now, or the end of a past day


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def window_of(day: datetime.date) -> Window:
    start, end = _midnight(day), _midnight(day + datetime.timedelta(days=1))
    quarter = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Window(day, start, end, _midnight(quarter), min(timezone.now(), end))


def _first(queryset, count: int) -> list:
    """The first `count` rows: their ids first, without the joins (so the database sorts
    bare rows, not every match joined to customers and movies), then those rows whole."""
    ids = list(queryset.values_list("id", flat=True)[:count])
    return sorted(queryset.filter(id__in=ids), key=lambda row: ids.index(row.id))


def _money(value) -> str:
    return f"{value or 0:,.2f}"


def dashboard_context(request) -> dict:
    """The template's context: `dashboard` is None for a user without a store."""
    scope = admin_scope(request)
    stores: list[Store] = []
    if not scope.restricted:
        stores = list(Store.objects.order_by("id"))
    elif scope.store_id is None:
        return {"dashboard": None}
    query = DashboardQueryForm(request.GET, stores=stores)
    query.is_valid()  # a refused value is left out: its default below
    store_id = scope.store_id if scope.restricted else query.cleaned_data.get("store")
    window = window_of(query.cleaned_data.get("day") or timezone.localdate())

    months = selectors.rental_monthly_totals(
        store_id=store_id, last_month=window.day, months=MONTHS
    )
    top = list(
        selectors.rental_top_movies(
            store_id=store_id, since=window.quarter_start, until=window.day_end, limit=TOP_MOVIES
        )
    )
    overdue = selectors.rental_overdue_list(store_id=store_id, now=window.now)
    today = selectors.rental_started_between(
        store_id=store_id, since=window.day_start, until=window.day_end
    )
    low = inventory_low_stock(store_id=store_id, at_most=LOW_STOCK)
    today_rows = _first(today, LIST_ROWS)
    today_totals = today.aggregate(rentals=Count("id"), revenue=Sum("amount_paid"))
    quarter_label = f"Q{(window.day.month - 1) // 3 + 1} {window.day.year}"
    return {
        "dashboard": {
            "store_id": store_id,
            "stores": stores,
            "day": window.day,
            "is_today": window.day == timezone.localdate(),
            "quarter": quarter_label,
            "months": [
                {"month": m.month, "rentals": m.rentals, "revenue": _money(m.revenue)}
                for m in months
            ],
            "revenue_total": _money(sum(m.revenue for m in months)),
            "rentals_total": sum(m.rentals for m in months),
            "revenue_chart": column_chart(
                [(m.month.strftime("%b %y"), m.revenue, _money(m.revenue)) for m in months]
            ),
            "rentals_chart": column_chart(
                [(m.month.strftime("%b %y"), m.rentals, f"{m.rentals:,}") for m in months]
            ),
            "top": [{**row, "revenue": _money(row["revenue"])} for row in top],
            "top_chart": row_chart([(r["title"], r["rentals"], str(r["rentals"])) for r in top]),
            "overdue_count": overdue.count(),
            "overdue": _first(overdue, LIST_ROWS),
            "low_stock_at_most": LOW_STOCK,
            "low_stock_count": low.count(),
            "low_stock": _first(low, LIST_ROWS),
            "today_count": today_totals["rentals"],
            "today_revenue": _money(today_totals["revenue"]),
            "today": today_rows,
        }
    }
