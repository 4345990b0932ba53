from bench.harness import Page


def pages(ctx):
    from bench.workplan import chair_user

    chair = ctx.session_cookie(chair_user())
    return [
        Page("healthz", "/healthz", baseline=True),
        Page("home (ar)", "/ar/"),
        Page("home (en)", "/en/"),
        Page("home, signed in as the chair (en)", "/en/", headers=chair),
    ]
