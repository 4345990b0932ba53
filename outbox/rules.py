from pesnet.roles import is_secretariat, rule


@rule("outbox.manage")
def _manage(user, obj=None):
    """Reading what the portal sent to whom, resending, cancelling: the secretariat only."""
    return is_secretariat(user)
