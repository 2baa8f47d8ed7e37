"""The access log is append-only in the database too: UPDATE is refused always, DELETE
unless the retention prune set `obcms.access_log_prune` for its transaction. PostgreSQL
only (the embedded SQLite default relies on the ORM's refusal)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION external_api_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('obcms.access_log_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the partner access log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER external_api_access_log_append_only
    BEFORE UPDATE OR DELETE ON external_api_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION external_api_access_log_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS external_api_access_log_append_only ON external_api_accesslogentry;
DROP FUNCTION IF EXISTS external_api_access_log_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("external_api", "0002_agreements_access_log_webhooks")]

    operations = [migrations.RunPython(create, drop)]
