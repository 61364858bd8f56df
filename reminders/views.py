"""The reminder list, its actions, and the calendar feed. Views never call the broker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocon.accounts.stepup import require_step_up

from . import services
from .forms import DismissForm, ReminderSettingForm, SnoozeForm
from .models import CalendarFeed
from .selectors import calendar_events_for, feed_user_for_token, reminder_for, reminders_for

ROW = "__row__"  # stands for a reminder's id in a form rendered once for every row


def _fields_html(form: Any) -> str:
    return render_to_string("reminders/_fields.html", {"form": form})


def _list_page(request: HttpRequest, *, status: int = 200, forms: dict[Any, Any] | None = None) -> HttpResponse:
    groups = reminders_for(request.user)
    forms = forms or {}
    default_until = timezone.localdate() + timedelta(days=7)
    # Every row has the same two empty forms, only their ids differ: render each once and fill in the row's
    # id, instead of rendering 300 widgets for 100 reminders (that was most of the page's time).
    blank = {
        "snooze": _fields_html(SnoozeForm(initial={"until": default_until}, auto_id=f"s{ROW}-%s")),
        "dismiss": _fields_html(DismissForm(auto_id=f"d{ROW}-%s")),
    }
    for reminder in groups["open"] + groups["snoozed"]:
        for kind in ("snooze", "dismiss"):
            form = forms.get((kind, reminder.pk))
            fields = _fields_html(form) if form else mark_safe(blank[kind].replace(ROW, str(reminder.pk)))  # noqa: S308
            setattr(reminder, f"{kind}_fields", fields)
            setattr(reminder, f"{kind}_open", bool(form and form.errors))
    return render(request, "reminders/list.html", {"groups": groups, "today": timezone.localdate()}, status=status)


@require_GET
@login_required
def reminder_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@require_GET
@login_required
def reminder_go(request: HttpRequest, code: Any) -> HttpResponse:
    """Follow a reminder to the thing to do (only the user's own, on a case they still see).

    A GET changes nothing (not even a "read" mark): safe to prefetch, and the D2 crawl holds."""
    reminder = reminder_for(request.user, code)
    if reminder.link:
        return redirect(reminder.link)
    if reminder.case is not None:
        return redirect("cases-detail", code=reminder.case.code)
    return redirect("reminders-list")


@require_POST
@login_required
def reminder_done(request: HttpRequest, code: Any) -> HttpResponse:
    reminder = reminder_for(request.user, code)
    try:
        services.reminder_done(actor=request.user, reminder=reminder)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Reminder marked as done."))
    return redirect("reminders-list")


@require_POST
@login_required
def reminder_snooze(request: HttpRequest, code: Any) -> HttpResponse:
    reminder = reminder_for(request.user, code)
    form = SnoozeForm(request.POST, auto_id=f"s{reminder.pk}-%s")
    if form.is_valid():
        try:
            services.reminder_snooze(
                actor=request.user,
                reminder=reminder,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Reminder put aside."))
            return redirect("reminders-list")
    messages.error(request, _("The reminder was not put aside: check the fields in red."))
    return _list_page(request, status=400, forms={("snooze", reminder.pk): form})


@require_POST
@login_required
def reminder_dismiss(request: HttpRequest, code: Any) -> HttpResponse:
    reminder = reminder_for(request.user, code)
    form = DismissForm(request.POST, auto_id=f"d{reminder.pk}-%s")
    if form.is_valid():
        try:
            services.reminder_dismiss(actor=request.user, reminder=reminder, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Reminder dismissed."))
            return redirect("reminders-list")
    messages.error(request, _("The reminder was not dismissed: check the fields in red."))
    return _list_page(request, status=400, forms={("dismiss", reminder.pk): form})


@require_http_methods(["GET", "POST"])
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The user's secret calendar address: make or renew it (the address is shown once), or switch it off."""
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(actor=request.user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("reminders-calendar")
        # A new secret is a new credential for the feed: password or code from the last 5 minutes (B8).
        # Switching the address off asks nothing: it only takes access away.
        require_step_up(request)
        token = services.calendar_feed_renew(actor=request.user)
        feed_url = request.build_absolute_uri(reverse("reminders-ical", kwargs={"token": token}))
    has_feed = CalendarFeed.objects.filter(user=request.user).exists()
    return render(request, "reminders/calendar.html", {"feed_url": feed_url, "has_feed": has_feed})


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    out, chunk = [], line
    while len(chunk.encode()) > 74:
        cut = 74
        while len(chunk[:cut].encode()) > 74:
            cut -= 1
        out.append(chunk[:cut])
        chunk = " " + chunk[cut:]
    out.append(chunk)
    return "\r\n".join(out)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCal feed behind the secret address (no login: calendar apps cannot log in)."""
    from django.conf import settings

    user = feed_user_for_token(token)
    site = settings.SITE_URL.rstrip("/")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    kinds = {
        "evaluation": _("Evaluation"),
        "meeting": _("Network meeting"),
        "contact": _("Planned contact"),
        "reminder": _("Reminder"),
    }
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cocon//Herinneringen//NL", "CALSCALE:GREGORIAN"]
    lines.append("X-WR-CALNAME:" + _ics_text(_("Cocon")))
    for event in calendar_events_for(user):
        summary = event.get("title") or kinds[event["kind"]]
        if event["reference"]:
            summary = f"{summary} · {event['reference']}"
        lines += ["BEGIN:VEVENT", f"UID:{event['uid']}@cocon", f"DTSTAMP:{stamp}"]
        day = event["day"]
        if event.get("start"):
            tz = timezone.get_default_timezone()
            start = timezone.make_aware(datetime.combine(day, event["start"]), tz)
            end = (
                timezone.make_aware(datetime.combine(day, event["end"]), tz)
                if event.get("end")
                else start + timedelta(hours=1)
            )
            lines.append("DTSTART:" + start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
            lines.append("DTEND:" + end.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
        else:
            lines.append("DTSTART;VALUE=DATE:" + day.strftime("%Y%m%d"))
            lines.append("DTEND;VALUE=DATE:" + (day + timedelta(days=1)).strftime("%Y%m%d"))
        lines += ["SUMMARY:" + _ics_text(summary), "URL:" + site + event["url"], "END:VEVENT"]
    lines.append("END:VCALENDAR")
    body = "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cocon.ics"'
    return response


def _team_rules(team: Any) -> list[dict[str, Any]]:
    from .models import ReminderSetting
    from .rulebook import all_rules

    settings_by_code = {s.rule_code: s for s in ReminderSetting.objects.filter(team=team)}
    rows = []
    for code, rule in sorted(all_rules().items()):
        if not rule.available():
            continue
        setting = settings_by_code.get(code)
        rows.append(
            {
                "code": code,
                "title": rule.title,
                "default_days": rule.default_days,
                "default_escalate_days": rule.default_escalate_days,
                "uses_days": rule.uses_days,
                "escalates": bool(rule.escalation),
                "form": ReminderSettingForm(
                    initial={
                        "rule_code": code,
                        "days": setting.days if setting else None,
                        "escalate_days": setting.escalate_days if setting else None,
                        "enabled": setting.enabled if setting else True,
                    },
                    auto_id=f"{code}-%s",
                ),
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@login_required
def team_settings(request: HttpRequest) -> HttpResponse:
    """The coördinator sets the thresholds of the rules for their own team (DOMAIN §7)."""
    from django.core.exceptions import PermissionDenied

    from cocon.accounts.models import Role

    if request.user.role != Role.COORDINATOR or request.user.team_id is None:
        raise PermissionDenied
    team = request.user.team
    rows = _team_rules(team)
    status = 200
    if request.method == "POST":
        form = ReminderSettingForm(request.POST, auto_id=f"{request.POST.get('rule_code', 'x')}-%s")
        if form.is_valid():
            data = form.cleaned_data
            services.reminder_setting_save(
                actor=request.user,
                team=team,
                rule_code=data["rule_code"],
                days=data["days"],
                escalate_days=data["escalate_days"],
                enabled=data["enabled"],
            )
            messages.success(request, _("Setting saved. The next sweep uses it."))
            return redirect("reminders-settings")
        status = 400
        messages.error(request, _("The setting was not saved: check the fields in red."))
        for row in rows:
            if row["code"] == request.POST.get("rule_code"):
                row["form"] = form
    return render(request, "reminders/settings.html", {"rows": rows, "team": team}, status=status)
