from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from pesnet.roles import register_member_state_lookup

        from . import rules, signals  # noqa: F401  (registers roles rules and signal receivers)
        from .selectors import member_state_for_user

        register_member_state_lookup(member_state_for_user)
