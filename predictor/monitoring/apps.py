from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """How the model is doing: the dashboard, live quality, drift, probes and /metrics.

    A wing of the predictor app with no models of its own: it reads predictor's rows.
    It is an app so that Django finds its `drift` command and its template tags.
    """

    name = "predictor.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self):
        # The registry announces a failed load and counts nothing; the counters import
        # nothing of ours. This is where the two meet.
        from predictor.registry import model_load_failed

        from .counters import model_load_failure_counted

        model_load_failed.connect(model_load_failure_counted, dispatch_uid="count-model-load-failures")
