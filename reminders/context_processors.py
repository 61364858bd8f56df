from __future__ import annotations

from django.http import HttpRequest


def reminder_bell(request: HttpRequest) -> dict[str, object]:
    """The bell count, computed only when a template shows it, and at most once per request."""

    def count() -> int:
        cached = getattr(request, "_reminder_bell_count", None)
        if cached is None:
            from .selectors import bell_count_loading_team

            cached = bell_count_loading_team(request.user)
            request._reminder_bell_count = cached
        return cached

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"reminder_bell_count": count}
