from pesnet.roles import is_secretariat, rule


@rule("api.manage_tokens")
def _manage_tokens(user, obj=None):
    """Personal API tokens give the directory with personal data: the secretariat only."""
    return is_secretariat(user)
