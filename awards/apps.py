from django.utils.translation import gettext_lazy as _

# The module, not the class: Django takes an apps.py's only AppConfig subclass as the app's.
from craftsreg import app_config


class AwardsConfig(app_config.RegistryAppConfig):
    name = "awards"
    # manage.py seed_demo calls this with its stdout (editions 4 and 5 of the award).
    demo_seeder = "awards.demo.seed"
    # The public verification page finds winners' and finalists' certificates with this.
    document_resolver = "awards.verification.resolve_certificate"
    verbose_name = _("Sultan Qaboos Award for Craft Excellence")
