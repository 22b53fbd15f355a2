# A prediction row's key, batch file and shadow version are indexed only where set, and the
# model version only by prediction_version_time, which starts with it (issue 21): a form
# answer, which has none of the three, then writes three indexes instead of seven.
#
# The foreign keys' own indexes are dropped by name, not by altering the fields: SQLite
# cannot drop an index through ALTER TABLE, so Django would copy the whole table four times.
# Their names are Django's, made from the table and column alone, so the same on every
# database.

import django.db.models.deletion
from django.db import migrations, models

OLD = {
    "api_key_id": "predictor_prediction_api_key_id_14f6df2d",
    "batch_job_id": "predictor_prediction_batch_job_id_c204abc4",
    "model_version_id": "predictor_prediction_model_version_id_f5e12a54",
    "shadow_version_id": "predictor_prediction_shadow_version_id_840977e0",
}


class Migration(migrations.Migration):
    dependencies = [
        ("predictor", "0008_prediction_dashboard_index"),
    ]

    operations = [
        # Built before the old ones go, so lookups are never left without an index.
        migrations.AddIndex(
            model_name="prediction",
            index=models.Index(
                condition=models.Q(("api_key__isnull", False)), fields=["api_key"], name="prediction_api_key_set"
            ),
        ),
        migrations.AddIndex(
            model_name="prediction",
            index=models.Index(
                condition=models.Q(("batch_job__isnull", False)), fields=["batch_job"], name="prediction_batch_job_set"
            ),
        ),
        migrations.AddIndex(
            model_name="prediction",
            index=models.Index(
                condition=models.Q(("shadow_version__isnull", False)),
                fields=["shadow_version"],
                name="prediction_shadow_version_set",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="prediction",
                    name="api_key",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="predictions",
                        to="predictor.apikey",
                    ),
                ),
                migrations.AlterField(
                    model_name="prediction",
                    name="batch_job",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="predictions",
                        to="predictor.batchjob",
                    ),
                ),
                migrations.AlterField(
                    model_name="prediction",
                    name="model_version",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="predictions",
                        to="predictor.modelversion",
                    ),
                ),
                migrations.AlterField(
                    model_name="prediction",
                    name="shadow_version",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="shadowed_predictions",
                        to="predictor.modelversion",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX "{name}"', reverse_sql=f'CREATE INDEX "{name}" ON "predictor_prediction" ("{column}")'
                )
                for column, name in OLD.items()
            ],
        ),
    ]
