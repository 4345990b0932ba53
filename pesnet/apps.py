from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Apps whose records the secretariat administers in the Django admin (other apps of the
# project add themselves here as they arrive).
SECRETARIAT_ADMIN_APPS = (
    "pesnet",
    "members",
    "workplan",
    "meetings",
    "communiques",
    "outbox",
    "ops",
    "governance",
    "account",
    "django_celery_beat",
)


def grant_secretariat_permissions(sender, using="default", **kwargs):
    """Keep the secretariat group's admin permissions in step with the models.

    Permissions only exist after migrate has created them, hence post_migrate rather than a
    data migration.
    """
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.using(using).get_or_create(name="secretariat")
    permissions = Permission.objects.using(using).filter(
        content_type__app_label__in=SECRETARIAT_ADMIN_APPS
    )
    group.permissions.add(*permissions)


class PesnetConfig(AppConfig):
    name = "pesnet"
    verbose_name = _("Portal")

    def ready(self):
        post_migrate.connect(grant_secretariat_permissions, dispatch_uid="pesnet-secretariat-perms")

        from django.core import checks
        from django.utils.module_loading import autodiscover_modules

        from .auth import watch_users
        from .cache import check_watched_managers, connect_watchers

        # Which writes move which cache generation: each app's cache.py declares it.
        watch_users()
        autodiscover_modules("cache")
        connect_watchers()
        checks.register(check_watched_managers)
