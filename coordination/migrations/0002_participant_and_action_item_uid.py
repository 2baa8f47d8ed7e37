"""Non-enumerable uids for engagement participants and action items (the API's ids).

Added in three steps so tables that already hold rows get a distinct uid for each row."""

import uuid

from django.db import migrations, models


def fill_uids(apps, schema_editor):
    for model_name in ("EngagementParticipant", "ActionItem"):
        model = apps.get_model("coordination", model_name)
        for row in model.objects.filter(uid__isnull=True).only("pk").iterator():
            model.objects.filter(pk=row.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="engagementparticipant",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="actionitem",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="engagementparticipant",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
