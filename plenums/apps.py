"""App configuration for the plenums archive."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlenumsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plenums"
    verbose_name = _("全会档案")

    def ready(self):
        from django.db.models.signals import post_migrate

        from plenums.admin.groups import ensure_editors_group

        post_migrate.connect(ensure_editors_group, sender=self, dispatch_uid="plenums-editors")
        # Every archive write bumps the last-change stamp that page caches and ETags key on.
        from plenums.records.stamp import connect_signals

        connect_signals()
