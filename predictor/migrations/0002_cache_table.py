"""The database cache's table, made by `migrate` so no deployment step can forget it.

It holds the API's rate-limit counts when REDIS_URL is not set; created whatever the
cache setting, so switching from Redis back to the database needs nothing more.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "censussite_cache"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("predictor", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
