"""The case timeline: what happened on a case, newest first.

`cases` builds items from its own records; other apps add theirs by registering a source function in
their AppConfig.ready():

    from cases.timeline import TimelineItem, register_timeline_source

    def meetings(case):
        return [TimelineItem(when=m.held_on, kind="network.meeting", title=_("Network meeting"),
                             url=reverse("network-meeting", kwargs={...})) for m in ...]

    register_timeline_source(meetings)

A source gets the Case and returns a list of TimelineItem. It should run a constant number of queries.
Titles and details are shown escaped (plain text).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import F, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TimelineItem:
    when: date | datetime
    kind: str  # "<app>.<thing>", e.g. "cases.contact", "network.meeting"
    title: Any  # str or lazy translation
    detail: Any = ""
    url: str = ""
    actor: str = ""

    @property
    def sort_key(self) -> datetime:
        when = self.when
        if isinstance(when, datetime):
            return when if timezone.is_aware(when) else timezone.make_aware(when)
        # A bare date sorts at the end of its day, so same-day items with a time come out right.
        return timezone.make_aware(datetime.combine(when, time(23, 59)))

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)


TimelineSource = Callable[[Any], list[TimelineItem]]

_SOURCES: list[TimelineSource] = []


def register_timeline_source(fn: TimelineSource) -> None:
    """Register `fn(case) -> list[TimelineItem]`."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)


def timeline_for(case: Any, *, limit: int | None = 100) -> list[TimelineItem]:
    """All registered sources merged, newest first."""
    items: list[TimelineItem] = []
    for source in _SOURCES:
        try:
            items.extend(source(case))
        except Exception:  # a broken contributor must not break the case page
            logger.exception("timeline source %r failed", source)
    items.sort(key=lambda item: item.sort_key, reverse=True)
    return items[:limit] if limit else items


TIMELINE_TEXT_COLUMNS = 3


def timeline_rows(queryset: Any, kind: str, day: str, *, code: str = "code", texts: Any = ()) -> Any:
    """The rows of one kind in the columns every kind shares, so that a source can read all its kinds as one
    UNION (`first.union(*rest, all=True)`) and stay one query whatever the case holds.

    Each row has `tl_kind`, `tl_day` (the field named by `day`), `tl_code` and up to three texts `tl_text0` to
    `tl_text2`: field names or expressions, cast to text; missing ones are empty.
    """
    if len(texts) > TIMELINE_TEXT_COLUMNS:
        raise ValueError(f"at most {TIMELINE_TEXT_COLUMNS} texts per timeline row")
    columns = {}
    for i in range(TIMELINE_TEXT_COLUMNS):
        value = texts[i] if i < len(texts) else Value("")
        columns[f"tl_text{i}"] = Cast(F(value) if isinstance(value, str) else value, output_field=TextField())
    return (
        queryset.order_by()
        .annotate(tl_kind=Value(kind, output_field=TextField()), tl_day=F(day), tl_code=F(code), **columns)
        .values("tl_kind", "tl_day", "tl_code", *columns)
    )
