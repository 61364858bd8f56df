from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _only_cases_panels(monkeypatch):
    """The cases tests test the cases app: other apps' case-page panels (work in progress in the same
    tree) are tested by those apps, so they are left out here."""
    from cases import panels

    monkeypatch.setattr(panels, "_PANELS", {})
