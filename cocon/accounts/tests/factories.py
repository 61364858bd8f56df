from __future__ import annotations

import factory

from cocon.accounts.models import Organisation, OrganisationKind, Role, Team, User


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    region = "Oost-Vlaanderen"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"OCJ {n}")
    kind = OrganisationKind.OCJ
    region = "Oost-Vlaanderen"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@cocon.example")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon{n}")
    role = Role.CONTEXT_WORKER
    password = factory.django.Password("a-long-test-password-42")
