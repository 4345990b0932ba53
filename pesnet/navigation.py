"""The main menu and the home page's list of what the portal offers.

Each app adds its entries here by URL name; an entry whose URL is not installed is left out, and
an entry with a `rule` is shown to those the rule allows (the same rule its page checks, so that a
menu never offers a page that refuses).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import roles
from .cache import Generation


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: Promise
    text: Promise
    rule: str | None = None  # pesnet.roles rule name; None: everyone
    group: str = ""  # the menu's drop-down it sits in (MENU_GROUPS); "": a link of its own

    def visible_to(self, user) -> bool:
        return self.rule is None or roles.can(user, self.rule)

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


ENTRIES = [
    Entry(
        "members:public_list",
        _("Member states"),
        _(
            "The 57 member states, their public employment services and whether each has "
            "nominated its national focal points."
        ),
        group="members",
    ),
    Entry(
        "members:directory",
        _("Network directory"),
        _("Contacts of the national focal points, for the members of the network."),
        "members.view_directory",
        group="members",
    ),
    Entry(
        "members:secretariat_directory",
        _("Nominations"),
        _("The secretariat's directory: invitations, nominations, exports and the dashboard."),
        "members.manage",
        group="members",
    ),
    Entry(
        "workplan:current",
        _("Work plan"),
        _("The network's work plan: activities, leads, partners, timeline and progress."),
        group="workplan",
    ),
    Entry(
        "workplan:dashboard",
        _("Chair's dashboard"),
        _("Where the work plan stands, activities at risk and the progress reports to review."),
        "workplan.view_dashboard",
        group="workplan",
    ),
    Entry(
        "meetings:list",
        _("Meetings"),
        _("Network meetings and online focal-point meetings: agenda, documents and registration."),
    ),
    Entry(
        "communiques:list",
        _("Communiqués"),
        _("Final communiqués of the network's meetings, in Arabic, English and French."),
        group="documents",
    ),
    Entry(
        "communiques:rules",
        _("Rules of Procedure"),
        _("The Rules of Procedure adopted by the network."),
        group="documents",
    ),
    Entry(
        "search:documents",
        _("Documents"),
        _("The document library: communiqués, Rules of Procedure, work plan, meeting documents."),
        group="documents",
    ),
    Entry(
        "outbox:list",
        _("Outbox"),
        _("Every e-mail the portal sends: reminders, failures to resend, campaigns to send."),
        "outbox.manage",
    ),
]


# The menu's drop-downs, in the order they come; each shows the entries of its group that the
# user may see, and becomes a plain link when only one is left.
MENU_GROUPS = {
    "members": _("Members"),
    "workplan": _("Work plan"),
    "documents": _("Documents"),
}


def menu_for(user, current_path: str = "") -> list[dict]:
    """The main menu: links and drop-downs of links, the current page marked."""
    menu, groups = [], {}
    for item, entry in _visible(user, current_path):
        if not entry.group:
            menu.append(item)
            continue
        group = groups.get(entry.group)
        if group is None:
            group = groups[entry.group] = {
                "label": MENU_GROUPS[entry.group],
                "key": entry.group,
                "links": [],
            }
            menu.append(group)
        group["links"].append(item)
    for group in groups.values():
        group["active"] = any(item["active"] for item in group["links"])
        if len(group["links"]) == 1:
            menu[menu.index(group)] = group["links"][0]
    return menu


def _visible(user, current_path):
    shown = [(entry, url) for entry in ENTRIES if (url := entry.url()) is not None]
    shown = [(entry, url) for entry, url in shown if entry.visible_to(user)]
    # The current page is the entry whose address is the longest start of the path: on
    # /members/secretariat/ that is "Nominations", not also "Member states" (/members/).
    matches = [url for _entry, url in shown if current_path and current_path.startswith(url)]
    current = max(matches, key=len, default=None)
    for entry, url in shown:
        yield (
            {
                "url": url,
                "label": entry.label,
                "text": entry.text,
                "link_label": _("Open"),
                "active": url == current,
            },
            entry,
        )


def entries_for(user, current_path: str = "") -> list[dict]:
    """Every entry the user may open, in a flat list (the home page's cards)."""
    return [item for item, _entry in _visible(user, current_path)]


# Sections of the home page that apps above the core add (in their AppConfig.ready): each is
# a template and a function of the request that returns its context, or None to show nothing.
# `area`: "network" for the cards of "the network as it is" (a row of cards), "" for a
# section of its own.
@dataclass(frozen=True)
class HomeSection:
    template: str
    context: Callable
    area: str = ""
    order: int = 50


HOME_SECTIONS: list[HomeSection] = []

# Every write that changes what the home page shows moves this generation (each app's
# cache.py declares its models with `watch(..., moves=[HOME])`); the page is cached under it.
HOME = Generation("pesnet:home")
# What signed-in users' "what needs you" reads besides (the outbox's failures, for instance):
# kept apart so that the outbox's busy writes leave the visitors' cached home alone.
HOME_WORK = Generation("pesnet:home:work")


def home_sections(request, area: str = "") -> list[dict]:
    sections = []
    for section in sorted(HOME_SECTIONS, key=lambda s: s.order):
        if section.area != area:
            continue
        context = section.context(request)
        if context is not None:
            sections.append({"template": section.template, "context": context})
    return sections


# "What needs you": each app registers a function of the signed-in user that yields the
# user's open work in it (in its AppConfig.ready), each item linking to where it is done.
@dataclass(frozen=True)
class Need:
    text: str
    url: str
    kind: str  # a stable name for tests and styling, e.g. "nominations_to_verify"
    count: int = 1


NEEDS: list[Callable] = []


def needs_for(user) -> list[Need]:
    if not user.is_authenticated:
        return []
    return [need for provider in NEEDS for need in provider(user)]
