"""Pages that `make bench` drives with wrk.

Each module here defines `pages(ctx) -> list[Page]`; it may create the data its pages need with
the ORM (the harness has set Django up against the benchmark database) and sign users in with
`ctx.session_cookie(user)`.
"""
