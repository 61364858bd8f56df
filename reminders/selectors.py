"""Reads of the reminders app: what one person sees, the bell count, the calendar feed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from cases.selectors import cases_visible_to

from .models import ACTIVE_STATUSES, CalendarFeed, Notification, Reminder, Status


def _mine(user: Any) -> QuerySet[Reminder]:
    """Reminders delivered to the user, or assigned to them (planned ones are not delivered yet)."""
    # The ids as a UNION of two indexed lookups: "delivered OR assigned" as one condition made PostgreSQL scan
    # every reminder of every team (15,000 rows at bench size, ~30 ms per list).
    ids = (
        Notification.objects.filter(user=user)
        .values("reminder_id")
        .union(Reminder.objects.filter(assigned_to=user).values("id"))
    )
    return (
        Reminder.objects.filter(pk__in=ids)
        .filter(Q(case__isnull=True) | Q(case__in=cases_visible_to(user)))
        .select_related("case")
    )


def reminders_for(user: Any, *, now: Any = None) -> dict[str, list[Reminder]]:
    """The user's list: open (due now), snoozed, planned (shows up later) and recently closed.

    Two queries whatever the numbers: the active reminders (split here into open, snoozed and planned) and
    the last 50 closed ones."""
    now = now or timezone.now()
    rows = _mine(user)
    # "new": delivered in the last day (a GET never writes a read mark).
    fresh = Notification.objects.filter(reminder=OuterRef("pk"), user=user, created_at__gte=now - timedelta(days=1))
    active = list(rows.filter(status__in=ACTIVE_STATUSES).annotate(unread=Exists(fresh)))
    due = [r for r in active if r.status == Status.OPEN and r.notify_at <= now]
    planned = [r for r in active if r.status == Status.OPEN and r.notify_at > now]
    snoozed = [r for r in active if r.status == Status.SNOOZED]
    for r in snoozed:
        r.unread = False  # put aside by the user: seen
    return {
        "open": sorted(due, key=lambda r: (r.due_on, r.pk)),
        "snoozed": sorted(snoozed, key=lambda r: (r.snoozed_until or date.max, r.pk)),
        "planned": sorted(planned, key=lambda r: (r.notify_at, r.pk))[:50],
        "closed": list(
            rows.exclude(status__in=ACTIVE_STATUSES)
            .filter(closed_at__gte=now - timedelta(days=120))
            .select_related("closed_by")
            .order_by("-closed_at", "-id")[:50]
        ),
    }


def reminder_for(user: Any, code: Any) -> Reminder:
    """One of the user's own reminders; anything else is a 404 (someone else's, or a case they lost)."""
    reminder = _mine(user).filter(code=code).first()
    if reminder is None:
        raise Http404
    return reminder


def _open_notifications(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, reminder__status=Status.OPEN).filter(
        Q(reminder__case__isnull=True) | Q(reminder__case__in=cases_visible_to(user))
    )


def open_count_for(user: Any) -> int:
    """The bell: one query, counting what the list shows (not a case the user no longer sees)."""
    return _open_notifications(user).count()


def bell_count_loading_team(user: Any) -> int:
    """The bell count, with the user's team fetched in the same query and kept on `user`.

    The page header shows both (the bell, then "role · team" in the user menu): one query instead of two
    on every page."""
    from cocon.accounts.models import Team

    field = user._meta.get_field("team")
    if not user.team_id or field.is_cached(user):
        return open_count_for(user)
    count = _open_notifications(user).order_by().values("user").annotate(n=Count("pk")).values("n")
    team = Team.objects.filter(pk=user.team_id).annotate(bell=Coalesce(Subquery(count), 0)).first()
    if team is None:
        return open_count_for(user)
    field.set_cached_value(user, team)
    return team.bell


def feed_user_for_token(token: str) -> Any:
    from .services import hash_token

    feed = CalendarFeed.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed.user


def calendar_events_for(user: Any, *, today: date | None = None) -> list[dict[str, Any]]:
    """Dates to put in a calendar: planned evaluations, network meetings, planned contacts, open reminders.

    Only case references go in: no names, no case content (a calendar is read on phones and by other apps).
    """
    from django.urls import reverse

    from cases.models import OPEN_STATUSES, Evaluation

    today = today or timezone.localdate()
    since = today - timedelta(days=30)
    my_cases = cases_visible_to(user).filter(
        Q(lead_worker=user) | Q(co_worker=user) | Q(consultant=user), status__in=OPEN_STATUSES
    )
    events: list[dict[str, Any]] = []
    for evaluation in Evaluation.objects.filter(
        case__in=my_cases, held_on__isnull=True, planned_on__gte=since
    ).select_related("case"):
        events.append(
            {
                "uid": f"evaluation-{evaluation.code}",
                "day": evaluation.planned_on,
                "kind": "evaluation",
                "reference": evaluation.case.reference,
                "url": reverse("cases-detail", kwargs={"code": evaluation.case.code}),
            }
        )
    try:
        from network.models import MeetingStatus, NetworkMeeting
    except ImportError:  # the network app's models have not landed
        NetworkMeeting = None
    if NetworkMeeting is not None:
        for meeting in NetworkMeeting.objects.filter(
            case__in=my_cases, status=MeetingStatus.PLANNED, date__gte=since
        ).select_related("case"):
            events.append(
                {
                    "uid": f"meeting-{meeting.pk}-{meeting.case.code}",
                    "day": meeting.date,
                    "start": meeting.start_time,
                    "end": meeting.end_time,
                    "kind": "meeting",
                    "reference": meeting.case.reference,
                    "url": reverse("cases-detail", kwargs={"code": meeting.case.code}),
                }
            )
    try:
        from cases.models import Contact
    except ImportError:  # the contacts have not landed
        Contact = None
    if Contact is not None and hasattr(Contact, "next_contact"):
        for contact in Contact.objects.filter(
            case__in=my_cases, next_contact__isnull=False, next_contact__date__gte=today
        ).select_related("case"):
            local = timezone.localtime(contact.next_contact)
            events.append(
                {
                    "uid": f"contact-{contact.code}",
                    "day": local.date(),
                    "start": local.time().replace(second=0, microsecond=0),
                    "kind": "contact",
                    "reference": contact.case.reference,
                    "url": reverse("cases-detail", kwargs={"code": contact.case.code}),
                }
            )
    for reminder in _mine(user).filter(status=Status.OPEN, due_on__gte=since):
        events.append(
            {
                "uid": f"reminder-{reminder.code}",
                "day": reminder.due_on,
                "kind": "reminder",
                "title": str(reminder.title),
                "reference": reminder.case.reference if reminder.case else "",
                "url": reminder.link or reverse("reminders-list"),
            }
        )
    events.sort(key=lambda e: (e["day"], e["uid"]))
    return events
