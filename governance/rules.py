"""Who may manage accounts, the chair's terms, partners and announcements: the secretariat."""

from pesnet.roles import is_secretariat, rule


@rule("governance.manage_accounts")
def _manage_accounts(user, obj=None):
    return is_secretariat(user)


@rule("governance.manage_terms")
def _manage_terms(user, obj=None):
    return is_secretariat(user)


@rule("governance.edit_partners")
def _edit_partners(user, obj=None):
    return is_secretariat(user)


@rule("governance.announce")
def _announce(user, obj=None):
    return is_secretariat(user)


@rule("governance.my_account")
def _my_account(user, obj=None):
    return user.is_authenticated


@rule("governance.manage_retention")
def _manage_retention(user, obj=None):
    return is_secretariat(user)
