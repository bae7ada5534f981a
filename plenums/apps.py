"""App configuration for the plenums archive."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlenumsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plenums"
    verbose_name = _("全会档案")
