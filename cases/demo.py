"""The demo cases: gezin Verbeke – De Smet (DOMAIN §10) and a smaller case in the other team."""

from __future__ import annotations

from cocon.demo import DemoContext

from .models import Case, CaseStatus, FamilyRole, Gender, Person

ORDER = 20


def seed(ctx: DemoContext) -> None:
    case = Case.objects.create(
        reference="COC-2025-014",
        family_name="Gezin Verbeke – De Smet",
        team=ctx.teams["gent"],
        lead_worker=ctx.users["eline"],
        consultant=ctx.users["nadia"],
        status=CaseStatus.ACTIVE,
        referred_on=ctx.d(2025, 3, 3),
        started_on=ctx.d(2025, 3, 5),
    )
    ctx.cases["verbeke"] = case
    people = {
        "sarah": dict(
            first_name="Sarah",
            last_name="Verbeke",
            birth_date=ctx.d(1990, 11, 2),
            gender=Gender.FEMALE,
            is_household=True,
            family_role=FamilyRole.MOTHER,
        ),
        "kevin": dict(
            first_name="Kevin",
            last_name="De Smet",
            birth_date=ctx.d(1988, 4, 19),
            gender=Gender.MALE,
            is_household=True,
            family_role=FamilyRole.STEP_PARENT,
        ),
        "lotte": dict(
            first_name="Lotte",
            last_name="Claes",
            birth_date=ctx.d(2014, 9, 14),
            gender=Gender.FEMALE,
            is_household=True,
            family_role=FamilyRole.CHILD,
            is_index_child=True,
        ),
        "milan": dict(
            first_name="Milan",
            last_name="De Smet",
            birth_date=ctx.d(2020, 10, 3),
            gender=Gender.MALE,
            is_household=True,
            family_role=FamilyRole.CHILD,
            is_index_child=True,
        ),
        "jens": dict(
            first_name="Jens",
            last_name="Claes",
            birth_date=ctx.d(1987, 2, 8),
            gender=Gender.MALE,
            is_household=False,
            family_role=FamilyRole.FATHER,
            address="Aalst",
        ),
    }
    for key, fields in people.items():
        ctx.persons[key] = Person.objects.create(case=case, **fields)

    other = Case.objects.create(
        reference="COC-2025-021",
        family_name="Gezin Janssens",
        team=ctx.teams["dendermonde"],
        lead_worker=ctx.users["jonas"],
        consultant=ctx.users["tom"],
        status=CaseStatus.ACTIVE,
        referred_on=ctx.d(2025, 5, 12),
        started_on=ctx.d(2025, 5, 14),
    )
    ctx.cases["janssens"] = other
    Person.objects.create(
        case=other,
        first_name="Ilse",
        last_name="Janssens",
        birth_date=ctx.d(1985, 6, 1),
        gender=Gender.FEMALE,
        is_household=True,
        family_role=FamilyRole.MOTHER,
    )
    Person.objects.create(
        case=other,
        first_name="Noah",
        last_name="Janssens",
        birth_date=ctx.d(2012, 1, 22),
        gender=Gender.MALE,
        is_household=True,
        family_role=FamilyRole.CHILD,
        is_index_child=True,
    )
