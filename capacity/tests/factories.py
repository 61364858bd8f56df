from __future__ import annotations

import datetime

import factory

from capacity.models import (
    CapacityDeclaration,
    CapacityPool,
    DeclarationRecipient,
    DeclarationStatus,
    DeclaredPlace,
    RecipientKind,
)
from cocon.accounts.tests.factories import TeamFactory


class CapacityPoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityPool
        django_get_or_create = ("team", "region", "module")

    team = factory.SubFactory(TeamFactory)
    module = "Contextbegeleiding Signs of Safety"
    region = "Oost-Vlaanderen"
    total_places = 8


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclarationRecipient

    team = factory.SubFactory(TeamFactory)
    kind = RecipientKind.SDJ
    name = factory.Sequence(lambda n: f"SDJ Regio {n}")
    region = "Oost-Vlaanderen"
    email = factory.Sequence(lambda n: f"dienst{n}@example.org")


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityDeclaration
        skip_postgeneration_save = True

    pool = factory.SubFactory(CapacityPoolFactory)
    declared_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=14))
    available_from = factory.LazyFunction(datetime.date.today)
    places = 1
    status = DeclarationStatus.SENT
    sent_to = factory.LazyFunction(lambda: [{"kind": "sdj", "name": "SDJ", "email": "sdj@example.org"}])

    @factory.post_generation
    def with_places(self, create, extracted, **kwargs):
        if create and extracted is not False:
            for n in range(1, self.places + 1):
                DeclaredPlace.objects.create(declaration=self, number=n)
