"""Capacity demo (DOMAIN §10.16): team Gent's pool of 8 places, the recipients in Oost-Vlaanderen, the
three declarations (the one of 17/02/2025 filled by COC-2025-014 on 03/03/2025) and a waiting list.

All names, references and addresses are fictional. The extra cases carry no persons: they only give the
forecast and the dashboard something to count.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cocon.demo import DEMO_PASSWORD, DemoContext

ORDER = 50

POOL_MODULE = "Contextbegeleiding Signs of Safety"
REGION = "Oost-Vlaanderen"


def _case(ctx: DemoContext, **fields: Any) -> Any:
    from cases.models import Case

    from .selectors import _case_has

    existing = Case.objects.filter(reference=fields["reference"]).first()
    if existing is not None:  # another app's demo got there first: use theirs, never crash the seed
        return existing
    fields.setdefault("team", ctx.teams["gent"])
    fields.setdefault("region", REGION)
    # Only the fields the cases app has today (it is being extended in parallel).
    return Case.objects.create(**{k: v for k, v in fields.items() if _case_has(k)})


def _referral(case: Any, urgency: str, received_on: date) -> None:
    try:
        from cases.models import Referral
    except ImportError:  # the cases app may not have referrals yet
        return
    fields: dict[str, Any] = {"case": case, "received_on": received_on}
    if any(f.name == "urgency" for f in Referral._meta.get_fields()):
        fields["urgency"] = urgency
    Referral.objects.create(**fields)


def seed(ctx: DemoContext) -> None:
    from cases.models import CaseStatus
    from cocon.accounts.models import Role, User

    from .models import (
        CapacityDeclaration,
        CapacityPool,
        DeclarationRecipient,
        DeclarationStatus,
        DeclaredPlace,
        PlaceStatus,
        RecipientKind,
    )

    gent = ctx.teams["gent"]
    sofie = ctx.users["sofie"]
    pool = CapacityPool.objects.create(team=gent, module=POOL_MODULE, region=REGION, total_places=8)
    ctx.extra["capacity_pool"] = pool
    recipients = [
        DeclarationRecipient.objects.create(team=gent, kind=kind, name=name, region=REGION, email=email)
        for kind, name, email in (
            (RecipientKind.SDJ, "SDJ Oost-Vlaanderen", "sdj.ovl@example.org"),
            (RecipientKind.OCJ, "OCJ Oost-Vlaanderen", "ocj.ovl@example.org"),
            (RecipientKind.VK, "VK Oost-Vlaanderen", "vk.ovl@example.org"),
        )
    ]
    sent_to = [{"kind": r.kind, "name": r.name, "email": r.email} for r in recipients]

    # A second worker in team Gent carries the extra cases, so that Eline's own list stays the story's.
    pieter = User.objects.filter(email="pieter@cocon.example").first() or User.objects.create_user(
        "pieter@cocon.example",
        DEMO_PASSWORD,
        first_name="Pieter",
        last_name="Maes",
        role=Role.CONTEXT_WORKER,
        team=gent,
    )
    ctx.users["pieter"] = pieter

    freed_by = _case(
        ctx,
        reference="COC-2024-031",
        family_name="Gezin Aerts",
        lead_worker=pieter,
        status=CaseStatus.CLOSED,
        referred_on=ctx.d(2024, 11, 4),
        started_on=ctx.d(2024, 11, 6),
        planned_end=ctx.d(2025, 6, 13),
        guidance_phase="consolidation",
        closed_on=ctx.d(2025, 6, 13),
    )
    active = [
        ("COC-2025-009", "Gezin Van Damme", (2025, 2, 10), (2025, 2, 14), "coaching", None),
        ("COC-2025-017", "Gezin Lambrecht", (2025, 4, 7), (2025, 4, 16), "coaching", None),
        ("COC-2025-019", "Gezin De Wilde", (2025, 4, 28), (2025, 5, 1), "consolidation", (2025, 7, 18)),
    ]
    for reference, family, referred, started, phase, end in active:
        _case(
            ctx,
            reference=reference,
            family_name=family,
            lead_worker=pieter,
            status=CaseStatus.ACTIVE,
            referred_on=ctx.d(*referred),
            started_on=ctx.d(*started),
            guidance_phase=phase,
            planned_end=ctx.d(*end) if end else None,
        )
    waiting = [
        ("COC-2025-022", "Gezin Claessens", (2025, 6, 11), "high"),
        ("COC-2025-023", "Gezin Vermeulen", (2025, 6, 16), "normal"),
    ]
    for reference, family, referred, urgency in waiting:
        case = _case(
            ctx,
            reference=reference,
            family_name=family,
            status=CaseStatus.REFERRED,
            referred_on=ctx.d(*referred),
        )
        if not hasattr(case, "referral"):
            _referral(case, urgency, ctx.d(*referred))
        ctx.cases[reference] = case

    def declare(declared_on: date, available_from: date, status: str, **extra: Any) -> CapacityDeclaration:
        declaration = CapacityDeclaration.objects.create(
            pool=pool,
            declared_on=declared_on,
            available_from=available_from,
            places=1,
            sent_to=sent_to,
            status=status,
            declared_by=sofie,
            **extra,
        )
        declaration.recipients.set(recipients)
        return declaration

    verbeke = ctx.cases["verbeke"]
    first = declare(ctx.d(2025, 2, 17), ctx.d(2025, 3, 3), DeclarationStatus.FILLED, sent_at=ctx.dt(2025, 2, 17, 9))
    DeclaredPlace.objects.create(
        declaration=first, number=1, status=PlaceStatus.FILLED, filled_by_case=verbeke, filled_on=ctx.d(2025, 3, 3)
    )
    second = declare(
        ctx.d(2025, 6, 2),
        ctx.d(2025, 6, 16),
        DeclarationStatus.ACKNOWLEDGED,
        sent_at=ctx.dt(2025, 6, 2, 9),
        acknowledged_on=ctx.d(2025, 6, 3),
        source_case=freed_by,
    )
    DeclaredPlace.objects.create(declaration=second, number=1)
    planned = declare(ctx.d(2025, 8, 29), ctx.d(2025, 9, 12), DeclarationStatus.PLANNED, source_case=verbeke)
    DeclaredPlace.objects.create(declaration=planned, number=1)
    ctx.extra["capacity_declarations"] = [first, second, planned]
