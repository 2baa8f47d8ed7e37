"""Install the five report templates (reporting.kinds), idempotently."""

from django.db import migrations

from reporting.kinds import ALL_FORMATS, KIND_DEFINITIONS


def install(apps, schema_editor):
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    for kind, definition in KIND_DEFINITIONS.items():
        ReportTemplate.objects.update_or_create(kind=kind, defaults={**definition, "formats": ALL_FORMATS})


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
