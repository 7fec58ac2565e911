from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Contacts and insights"

    def ready(self) -> None:
        from insights import notifications

        notifications.register()
