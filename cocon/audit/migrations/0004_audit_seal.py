"""The hash chain over the audit log (AuditSeal), append-only on PostgreSQL like the events.

The triggers use the function of 0003: UPDATE and DELETE are always refused, TRUNCATE only allowed on
a test connection.
"""

import django.db.models.deletion
from django.db import migrations, models

TRIGGERS = """
CREATE TRIGGER audit_auditseal_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditseal
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
CREATE TRIGGER audit_auditseal_no_truncate
    BEFORE TRUNCATE ON audit_auditseal
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_append_only();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS audit_auditseal_no_update_delete ON audit_auditseal;
DROP TRIGGER IF EXISTS audit_auditseal_no_truncate ON audit_auditseal;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_truncate_only_for_test_flush"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("seq", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="link")),
                ("row_hash", models.CharField(max_length=64, verbose_name="content hash")),
                ("chain_hash", models.CharField(max_length=64, verbose_name="chain hash")),
                ("sealed_at", models.DateTimeField(auto_now_add=True, verbose_name="sealed at")),
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="seal",
                        to="audit.auditevent",
                        verbose_name="audit event",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit seal",
                "verbose_name_plural": "audit seals",
                "ordering": ["seq"],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
