"""The communiqué paragraphs that call for an activity, resolved through a registry.

Communiqués sit above the work plan: a follow-up action of an operative paragraph names the
activity it carries out. The work plan never imports communiqués; they register, in their
AppConfig.ready, how to list the paragraphs of published communiqués that call for an activity
(`register_paragraph_source`). Until they do, the activity page lists none.
"""

from collections.abc import Callable

_source: Callable | None = None


def register_paragraph_source(source: Callable) -> None:
    """`source(activity)` -> [{"communique", "number", "paragraph", "follow_up"}]."""
    global _source
    _source = source


def paragraphs_calling_for(activity) -> list:
    return list(_source(activity)) if _source else []
