from django.apps import AppConfig


class CraftsregConfig(AppConfig):
    name = "craftsreg"
    verbose_name = "craftsreg"

    def ready(self):
        from craftsreg import security_log  # noqa: F401  (connects the auth event receivers)
