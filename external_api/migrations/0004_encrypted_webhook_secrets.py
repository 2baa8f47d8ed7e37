"""Webhook signing secrets encrypted at rest (common.encryption.EncryptedTextField).

The field reads a value written before this migration (plain "whsec_…") as it is, so saving
each endpoint once writes it encrypted; backwards, the plaintext goes back in with raw SQL
(the field would encrypt it again)."""

from django.db import migrations

import common.encryption


def encrypt_existing(apps, schema_editor):
    endpoints = apps.get_model("external_api", "WebhookEndpoint").objects.using(schema_editor.connection.alias)
    for endpoint in endpoints.all().iterator():
        endpoint.save(update_fields=["secret", "previous_secret"])


def decrypt_existing(apps, schema_editor):
    model = apps.get_model("external_api", "WebhookEndpoint")
    table = schema_editor.quote_name(model._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for endpoint in model.objects.using(schema_editor.connection.alias).all().iterator():
            cursor.execute(
                f"UPDATE {table} SET secret = %s, previous_secret = %s WHERE id = %s",  # noqa: S608
                [endpoint.secret, endpoint.previous_secret, endpoint.pk],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("external_api", "0003_access_log_append_only"),
    ]

    operations = [
        migrations.AlterField(
            model_name="webhookendpoint",
            name="previous_secret",
            field=common.encryption.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="webhookendpoint",
            name="secret",
            field=common.encryption.EncryptedTextField(),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
