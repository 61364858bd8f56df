"""Sections other apps add to the contact form: saved in the contact's transaction, never twice."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import contact_sections
from cases.contact_sections import ContactSection
from cases.models import Contact
from cases.tests.factories import contact_form_data

pytestmark = pytest.mark.django_db


class NoteSection(forms.Form):
    template_name_section = "cases/includes/contact_sections.html"
    note = forms.CharField(required=False)
    saved: list[str] = []

    def save(self, *, contact, actor):
        if self.cleaned_data["note"] == "weiger":
            raise ValidationError("Geweigerd door de sectie.")
        NoteSection.saved.append(self.cleaned_data["note"])
        return ["Let op: een waarschuwing van de sectie."]


@pytest.fixture
def note_section(monkeypatch):
    sections = dict(contact_sections._SECTIONS)
    sections["test-note"] = ContactSection(
        key="test-note",
        title="Notitie",
        form=lambda case, data: NoteSection(data, prefix="note"),
        summaries=lambda contacts: {},
    )
    monkeypatch.setattr(contact_sections, "_SECTIONS", sections)
    NoteSection.saved = []
    return NoteSection


def test_a_section_is_saved_once_with_the_contact_and_its_warning_shown(client_for, worker, case, note_section):
    client = client_for(worker)
    data = contact_form_data(**{"note-note": "bekeken"})
    response = client.post(reverse("cases-contact-new", kwargs={"case_code": case.code}), data, follow=True)
    assert "Let op: een waarschuwing van de sectie." in response.content.decode()
    client.post(reverse("cases-contact-new", kwargs={"case_code": case.code}), data)
    assert Contact.objects.count() == 1
    assert note_section.saved == ["bekeken"]


def test_a_section_that_refuses_rolls_the_contact_back(client_for, worker, case, note_section):
    response = client_for(worker).post(
        reverse("cases-contact-new", kwargs={"case_code": case.code}),
        contact_form_data(**{"note-note": "weiger", "went_well": "Mijn tekst blijft staan"}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geweigerd door de sectie." in page and "Mijn tekst blijft staan" in page
    assert not Contact.objects.exists()
