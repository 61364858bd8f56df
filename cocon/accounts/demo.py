"""Demo users, teams and organisations (DOMAIN §10.1). All names are fictional."""

from __future__ import annotations

from cocon.demo import DEMO_PASSWORD, DemoContext

from .models import Organisation, OrganisationKind, Role, Team, User

ORDER = 10

# key: (email, first, last, role, team key, organisation key)
DEMO_USERS = [
    ("eline", "eline@cocon.example", "Eline", "Mertens", Role.CONTEXT_WORKER, "gent", None),
    ("jonas", "jonas@cocon.example", "Jonas", "Peeters", Role.CONTEXT_WORKER, "dendermonde", None),
    ("koen", "koen@cocon.example", "Koen", "D'hondt", Role.SUPERVISOR, "gent", None),
    ("sofie", "sofie@cocon.example", "Sofie", "Baert", Role.COORDINATOR, "gent", None),
    ("lies", "lies@cocon.example", "Lies", "Wouters", Role.SUPERVISOR, "dendermonde", None),
    ("bart", "bart@cocon.example", "Bart", "Claeys", Role.COORDINATOR, "dendermonde", None),
    ("nadia", "nadia@ocj.example", "Nadia", "El Amrani", Role.CONSULTANT, None, "ocj_ovl"),
    ("tom", "tom@vk.example", "Tom", "Willems", Role.CONSULTANT, None, "vk_ovl"),
    ("beheer", "beheer@cocon.example", "Greet", "Van Acker", Role.ADMIN, None, None),
]


def seed(ctx: DemoContext) -> None:
    ctx.teams["gent"] = Team.objects.create(name="Team Gent", region="Oost-Vlaanderen")
    ctx.teams["dendermonde"] = Team.objects.create(name="Team Dendermonde", region="Oost-Vlaanderen")
    orgs = {
        "ocj_ovl": ("OCJ Oost-Vlaanderen", OrganisationKind.OCJ, "ocj.ovl@example.org"),
        "vk_ovl": ("VK Oost-Vlaanderen", OrganisationKind.VK, "vk.ovl@example.org"),
        "sdj_ovl": ("SDJ Oost-Vlaanderen", OrganisationKind.SDJ, "sdj.ovl@example.org"),
    }
    for key, (name, kind, email) in orgs.items():
        ctx.organisations[key] = Organisation.objects.create(
            name=name, kind=kind, region="Oost-Vlaanderen", email=email
        )
    for key, email, first, last, role, team, org in DEMO_USERS:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            role=role,
            team=ctx.teams.get(team) if team else None,
            organisation=ctx.organisations.get(org) if org else None,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        ctx.users[key] = user
