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


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: Promise
    text: Promise
    rule: str | None = None  # pesnet.roles rule name; None: everyone

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
    ),
    Entry(
        "members:directory",
        _("Network directory"),
        _("Contacts of the national focal points, for the members of the network."),
        "members.view_directory",
    ),
    Entry(
        "members:secretariat_directory",
        _("Nominations"),
        _("The secretariat's directory: invitations, nominations, exports and the dashboard."),
        "members.manage",
    ),
    Entry(
        "workplan:current",
        _("Work plan"),
        _("The network's work plan: activities, leads, partners, timeline and progress."),
    ),
    Entry(
        "workplan:dashboard",
        _("Chair's dashboard"),
        _("Where the work plan stands, activities at risk and the progress reports to review."),
        "workplan.view_dashboard",
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
    ),
    Entry(
        "communiques:rules",
        _("Rules of Procedure"),
        _("The Rules of Procedure adopted by the network."),
    ),
    Entry(
        "search:documents",
        _("Documents"),
        _("The document library: communiqués, Rules of Procedure, work plan, meeting documents."),
    ),
    Entry(
        "outbox:list",
        _("Outbox"),
        _("Every e-mail the portal sends: reminders, failures to resend, campaigns to send."),
        "outbox.manage",
    ),
]


def entries_for(user, current_path: str = "") -> list[dict]:
    items = []
    for entry in ENTRIES:
        url = entry.url()
        if url is None or not entry.visible_to(user):
            continue
        items.append(
            {
                "url": url,
                "label": entry.label,
                "text": entry.text,
                "link_label": _("Open"),
                "active": bool(current_path) and current_path.startswith(url),
            }
        )
    return items


# Sections of the home page that apps above the core add (in their AppConfig.ready): each is
# a template and a function of the request that returns its context, or None to show nothing.
@dataclass(frozen=True)
class HomeSection:
    template: str
    context: Callable


HOME_SECTIONS: list[HomeSection] = []


def home_sections(request) -> list[dict]:
    sections = []
    for section in HOME_SECTIONS:
        context = section.context(request)
        if context is not None:
            sections.append({"template": section.template, "context": context})
    return sections
