# The newest-first index widened to carry every column the dashboard counts (issue 21): a
# year's range is then read from the index alone, on SQLite and PostgreSQL alike, and the
# history's newest-first pages still walk it in (created_at, id) order.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("predictor", "0007_shadow"),
    ]

    operations = [
        # Built before the narrower one goes, so lists are never left without an index.
        migrations.AddIndex(
            model_name="prediction",
            index=models.Index(
                fields=["created_at", "id", "source", "model_version", "probability", "label"],
                name="prediction_time_covering",
            ),
        ),
        migrations.RemoveIndex(
            model_name="prediction",
            name="prediction_newest_first",
        ),
    ]
