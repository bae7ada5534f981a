"""The 编辑 (editors) staff group, created or brought up to date after every migrate."""

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

EDITORS_GROUP = "编辑"

# Editors correct what the parser got wrong; whole sessions and committees are never deleted
# (every change stays in history, and the archive promises that nothing is lost).
EDITOR_PERMISSIONS = {
    "committee": ("view", "add", "change"),
    "session": ("view", "add", "change"),
    "person": ("view", "add", "change"),
    "appearance": ("view", "add", "change", "delete"),
    "document": ("view", "add", "change", "delete"),
    "keyphrase": ("view", "add", "change", "delete"),
    "phraseoccurrence": ("view", "add", "change", "delete"),
}


def ensure_editors_group(app_config, using=DEFAULT_DB_ALIAS, apps=None, verbosity=0, **kwargs):
    """post_migrate receiver: the group holds exactly EDITOR_PERMISSIONS, idempotently."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return  # auth is not migrated yet in this database
    # The permissions are normally created by auth's own receiver; make sure of it in any order.
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    wanted = {
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    }
    perms = list(
        Permission.objects.using(using).filter(
            content_type__app_label=app_config.label, codename__in=wanted
        )
    )
    if not perms:
        return  # migrated back to before the archive's models: nothing to grant
    group, created = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    group.permissions.set(perms)
    if verbosity >= 2:
        print(f"{'created' if created else 'updated'} group {EDITORS_GROUP}")
