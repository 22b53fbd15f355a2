from django.apps import AppConfig


class BatchConfig(AppConfig):
    """A file of people, scored in the background: upload, progress, download.

    A wing of the predictor app. It is an app so that Django finds its `batch_worker`
    command, its admin and its model module; the model itself keeps the `predictor` label
    (see models.py), so no table, migration or permission moved with it.
    """

    name = "predictor.batch"
    label = "batch"
    verbose_name = "Batch files"
