"""Extra sections of the contact form contributed by other apps (like `panels.py`).

`cases` does not import `safetyplans`; an app that wants the worker to record something of its own
while logging a contact (e.g. the agreements of the safety plan looked at during the visit) registers a
section in its AppConfig.ready(). The contact view validates every section with the contact form and
saves them in the same transaction as the contact, and only when the contact is new: a resend with the
same idempotency key saves nothing twice.

A section's `form(case, data)` returns a bound (data) or unbound (None) form for the case, or None when
the section does not apply (no plan in force). That form has `template_name_section` (rendered inside
the contact form, with the form as `section`), `is_valid()` and `save(contact=, actor=)`, which returns
warnings to show (a list of strings) and may raise ValidationError to refuse the whole contact.
`summaries(contacts)` returns {contact pk: [lines]} shown with each contact in the list and detail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ContactSection:
    key: str
    title: Any
    form: Callable[[Any, Any], Any | None]
    summaries: Callable[[list[Any]], dict[int, list[str]]]
    order: int = 100


_SECTIONS: dict[str, ContactSection] = {}


def register_contact_section(section: ContactSection) -> None:
    _SECTIONS[section.key] = section


def _sections() -> list[ContactSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def contact_section_forms(case: Any, data: Any = None) -> list[Any]:
    """The forms of the sections that apply to this case (bound to `data` on a POST)."""
    forms = []
    for section in _sections():
        form = section.form(case, data)
        if form is not None:
            forms.append(form)
    return forms


def contact_sections_valid(forms: list[Any]) -> bool:
    return all([form.is_valid() for form in forms])  # a list: every section shows its errors


def contact_sections_save(forms: list[Any], *, contact: Any, actor: Any) -> list[str]:
    """Call inside the contact's transaction; a ValidationError rolls the contact back too."""
    warnings: list[str] = []
    for form in forms:
        warnings.extend(form.save(contact=contact, actor=actor) or [])
    return warnings


def contact_section_summaries(contacts: list[Any]) -> dict[int, list[dict[str, Any]]]:
    """{contact pk: [{"title": …, "lines": […]}]} for the contacts shown on a page (one query per section)."""
    result: dict[int, list[dict[str, Any]]] = {}
    if not contacts:
        return result
    for section in _sections():
        for pk, lines in section.summaries(contacts).items():
            if lines:
                result.setdefault(pk, []).append({"title": section.title, "lines": lines})
    return result
