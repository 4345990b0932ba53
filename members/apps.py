from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from pesnet.adapters import register_invitation_lookup
        from pesnet.roles import register_member_state_lookup

        from . import home, rules, signals  # noqa: F401  (registers roles rules and signal receivers)
        from .selectors import member_state_for_user
        from .services import invitation_for_token

        # The core learns what it needs of the members app here and never imports it.
        register_member_state_lookup(member_state_for_user)
        register_invitation_lookup(invitation_for_token)
        home.register()  # the home page's nominations and "what needs you"
