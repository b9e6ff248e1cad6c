"""The facts a craft project gives (the award's project category): the people working in it,
the young Omanis it trains and its share of Omani raw materials. An award entry records them as
the entrant gives them; the nomination it becomes takes the same
base."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Their field names, for forms and services that copy them.
PROJECT_FACTS = ("workforce", "trainees", "omani_materials_percent")


class ProjectFacts(models.Model):
    """Abstract: the project facts, empty outside the project category."""

    workforce = models.PositiveIntegerField(
        _("workforce"), null=True, blank=True, help_text=_("People working in the project.")
    )
    trainees = models.PositiveIntegerField(
        _("trainees"), null=True, blank=True, help_text=_("Young Omanis trained by the project.")
    )
    omani_materials_percent = models.PositiveSmallIntegerField(
        _("share of Omani raw materials (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(omani_materials_percent__lte=100),
                name="%(class)s_omani_share_is_percent",
            ),
        ]
