from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Contacts and insights"

    def ready(self) -> None:
        from core import notifications
        from core.queue import register_requeuer
        from insights.tasks.imports import import_jobs_requeue

        notifications.register()  # insight events notify the routed departments
        register_requeuer("insights.import_jobs", import_jobs_requeue)
