from bench.harness import Page


def pages(ctx):
    return [
        Page("healthz", "/healthz", baseline=True),
        Page("home (ar)", "/ar/"),
        Page("home (en)", "/en/"),
    ]
