from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from reminders.models import Delivery, Notification, Reminder, Severity, Status


class ReminderFactory(factory.django.DjangoModelFactory):
    """A delivered, open reminder on a case, for its lead worker (with the notification)."""

    class Meta:
        model = Reminder
        skip_postgeneration_save = True

    rule_code = "R-START"
    object_type = "cases.case"
    object_id = factory.LazyAttribute(lambda o: o.case.pk)
    due_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    case = None
    team = factory.LazyAttribute(lambda o: o.case.team if o.case else None)
    assigned_to = factory.LazyAttribute(lambda o: o.case.lead_worker if o.case else None)
    recipient_ids = factory.LazyAttribute(lambda o: [o.assigned_to.pk] if o.assigned_to else [])
    severity = Severity.OVERDUE
    status = Status.OPEN
    notify_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    delivery = Delivery.SENT

    @factory.post_generation
    def notify(self, create, extracted, **kwargs):
        if create and self.delivery == Delivery.SENT:
            for uid in self.recipient_ids:
                Notification.objects.get_or_create(reminder=self, user_id=uid)
