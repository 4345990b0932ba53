"""Every URL of the project, requested as every role.

The URL patterns are enumerated from the URLconf. Each must match one entry of ACCESS, which says
who may reach it; a new URL that no entry classifies fails the test, so access is decided
deliberately for every page. Later issues add their URLs here, with real objects.
"""

import inspect
import re
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "focal_point", "chair", "secretariat")

PUBLIC = "public"  # everyone, signed in or not
SIGNED_IN = "signed_in"  # anyone with an account; anonymous is sent to the login page
STAFF = "staff"  # the Django admin: secretariat staff accounts only
SUPERUSER = "superuser"  # admin pages for groups and authenticators: superusers only
NOT_A_PAGE = "not_a_page"  # endpoints that only take POST or serve files; checked elsewhere


@dataclass
class Access:
    pattern: str  # regular expression on "namespace:name"
    kind: str
    kwargs: dict = field(default_factory=dict)  # or a function of the sample object ids
    # Per-role status codes when they differ from the kind's rule (e.g. a redirect).
    expect: dict = field(default_factory=dict)

    def expected(self, role):
        wanted = self.expect.get(role, DEFAULT_STATUS[self.kind][role])
        return {wanted} if isinstance(wanted, int) else set(wanted)


SIGNED_IN_REDIRECTS = {"anonymous": 302}
SECRETARIAT_ONLY = {"focal_point": 403, "chair": 403, "secretariat": 200}


def _outbox_attachment():
    from .outbox.factories import CampaignFactory, OutboxAttachmentFactory

    return OutboxAttachmentFactory(message__campaign=CampaignFactory())


def _meeting():
    from .meetings.factories import MeetingFactory

    return MeetingFactory()


def _agenda_item():
    from .meetings.factories import AgendaItemFactory

    return AgendaItemFactory()


ACCESS = [
    Access(r"^home$", PUBLIC),
    Access(r"^healthz$", PUBLIC),
    # By address, not by role: the test client is 127.0.0.1, allowed by default; strangers get
    # 404 (tests/pesnet/test_metrics.py).
    Access(r"^metrics$", PUBLIC),
    Access(r"^favicon$", PUBLIC, expect=dict.fromkeys(ROLES, 301)),
    Access(r"^set_language$", NOT_A_PAGE),
    # allauth: public account pages. A signed-in user is sent away from login and sign-up.
    Access(
        r"^account_(login|signup)$",
        PUBLIC,
        expect={"focal_point": 302, "chair": 302, "secretariat": 302},
    ),
    Access(
        r"^account_(reset_password|reset_password_done|reset_password_from_key_done|"
        r"email_verification_sent)$",
        PUBLIC,
    ),
    # Without a pending login code there is nothing to confirm: back to the login page.
    Access(r"^account_confirm_login_code$", PUBLIC, expect=dict.fromkeys(ROLES, 302)),
    Access(r"^account_reset_password_from_key$", PUBLIC, kwargs={"uidb36": "0", "key": "x-y"}),
    Access(r"^account_confirm_email$", PUBLIC, kwargs={"key": "not-a-key"}),
    Access(r"^account_inactive$", PUBLIC),
    Access(r"^account_(logout|email|change_password|set_password|reauthenticate)$", SIGNED_IN),
    Access(r"^account_(request|confirm)_reauthentication_code$", SIGNED_IN),
    Access(
        r"^mfa_(index|activate_totp|generate_recovery_codes|reauthenticate|authenticate|"
        r"trust)$",
        SIGNED_IN,
    ),
    # Pages about an authenticator the account does not have answer 404.
    Access(
        r"^mfa_(deactivate_totp|view_recovery_codes|download_recovery_codes)$",
        SIGNED_IN,
        expect={
            "focal_point": {200, 302, 404},
            "chair": {200, 302, 404},
            "secretariat": {200, 302, 404},
        },
    ),
    # Work plan (issue 6). Objects come from the `workplan_sample` fixture: an activity led by
    # the focal point's state, its report with an evidence file, a finished export.
    Access(r"^workplan:current$", PUBLIC),
    Access(r"^workplan:plan_create$", SIGNED_IN, expect={"focal_point": 403, "chair": 403}),
    Access(r"^workplan:plan$", PUBLIC, kwargs={"start": 2021, "end": 2022}),
    Access(
        r"^workplan:activity$", PUBLIC, kwargs=lambda ids: {"pk": ids[("workplan", "activity")]}
    ),
    Access(
        r"^workplan:submit_report$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": ids[("workplan", "activity")]},
        expect={"chair": 403},
    ),
    Access(
        r"^workplan:report$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": ids[("workplan", "progressreport")]},
    ),
    Access(
        r"^workplan:evidence$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": ids[("workplan", "evidencefile")]},
    ),
    Access(r"^workplan:review$", NOT_A_PAGE),
    Access(r"^workplan:dashboard$", SIGNED_IN, expect={"focal_point": 403}),
    Access(
        r"^workplan:plan_dashboard$",
        SIGNED_IN,
        kwargs={"start": 2021, "end": 2022},
        expect={"focal_point": 403},
    ),
    Access(
        r"^workplan:(plan_edit|activity_create|exports)$",
        SIGNED_IN,
        kwargs={"start": 2021, "end": 2022},
        expect={"focal_point": 403, "chair": 403},
    ),
    Access(
        r"^workplan:(activity_edit|milestones)$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": ids[("workplan", "activity")]},
        expect={"focal_point": 403, "chair": 403},
    ),
    # The chair downloads the progress report made for the meeting the chair presents it to
    # (issue 14); making one stays with the secretariat (exports, above).
    Access(
        r"^workplan:export_(status|download)$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": ids[("workplan", "progressexport")]},
        expect={"focal_point": 403},
    ),
    # communiques (issue 5): a published communiqué and Rules of Procedure with two versions,
    # created on first use by tests/communiques/samples.py.
    Access(r"^communiques:list$", PUBLIC, kwargs=lambda ids: _communique() and {}),
    Access(r"^communiques:(rules|rules_diff)$", PUBLIC, kwargs=lambda ids: _with_rules({})),
    Access(r"^communiques:detail$", PUBLIC, kwargs=lambda ids: {"pk": _communique().pk}),
    # Not rendered yet: the download answers 202 and asks a worker for the PDF.
    Access(
        r"^communiques:pdf$",
        PUBLIC,
        kwargs=lambda ids: {"pk": _communique().pk, "layout": "side-by-side"},
        expect=dict.fromkeys(ROLES, 202),
    ),
    Access(
        r"^communiques:rules_pdf$",
        PUBLIC,
        kwargs=lambda ids: _with_rules({"layout": "ar"}),
        expect=dict.fromkeys(ROLES, 202),
    ),
    Access(
        r"^communiques:(work|versions|diff)$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": _communique().pk},
        expect={"focal_point": 200, "chair": 200, "secretariat": 200},
    ),
    Access(
        r"^communiques:(edit|follow_ups)$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": _communique().pk},
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    Access(
        r"^communiques:follow_up_edit$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": _follow_up_pk()},
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    Access(
        r"^communiques:(manage|import)$",
        SIGNED_IN,
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    Access(
        r"^communiques:link_meeting$",
        SIGNED_IN,
        kwargs=lambda ids: {"meeting_pk": _meeting().pk},
        expect=SECRETARIAT_ONLY,
    ),
    Access(
        r"^communiques:rules_manage$",
        SIGNED_IN,
        kwargs=lambda ids: _with_rules({}),
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    Access(
        r"^communiques:article_edit$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": _article_pk()},
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    # POST-only actions: every role is checked in tests/communiques/test_roles.py.
    Access(
        r"^communiques:(header|paragraph|paragraph_add|paragraph_delete|move|workflow|comment)$",
        NOT_A_PAGE,
    ),
    # Versions, rendered PDFs and communiqués change only through the portal's rules.
    Access(
        r"^admin:communiques_(communique|communiqueversion|rulesversion|renderedpdf)_add$",
        STAFF,
        expect={"secretariat": 403},
    ),
    # members (issue 3). TUR is the focal_point user's own state; the first focal point in the
    # database is that user's own record (kwargs given as a function of the sample objects).
    Access(r"^members:public_list$", PUBLIC),
    Access(r"^members:directory$", SIGNED_IN, expect={"focal_point": 200, "chair": 200}),
    Access(
        r"^members:(secretariat_directory|dashboard|import|vcards|directory_pdf)$",
        SIGNED_IN,
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    Access(
        r"^members:export$",
        SIGNED_IN,
        kwargs={"fmt": "csv"},
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    Access(
        r"^members:(state_detail|propose_alternate)$",
        SIGNED_IN,
        kwargs={"iso3": "TUR"},
        expect={"focal_point": 200, "chair": 404, "secretariat": 200},
    ),
    Access(
        r"^members:(invite|nominate|institution_add)$",
        SIGNED_IN,
        kwargs={"iso3": "TUR"},
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    Access(
        r"^members:focal_point_edit$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": ids[("members", "focalpoint")]},
        expect={"focal_point": 200, "chair": 404, "secretariat": 200},
    ),
    # A nomination's own page: the person, their state's focal points, the secretariat.
    Access(
        r"^members:nomination$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": ids[("members", "focalpoint")]},
        expect={"focal_point": 200, "chair": 404, "secretariat": 200},
    ),
    Access(
        r"^members:(record_nomination|vcard|withdraw|request_corrections)$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": ids[("members", "focalpoint")]},
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    Access(
        r"^members:institution_edit$",
        SIGNED_IN,
        kwargs=lambda ids: {"iso3": "TUR", "pk": ids[("members", "institution")]},
        expect={"focal_point": 403, "chair": 403, "secretariat": 200},
    ),
    # No letter is on file for this focal point: the secretariat gets 404, others 403.
    Access(
        r"^members:nomination_letter$",
        SIGNED_IN,
        kwargs=lambda ids: {"pk": ids[("members", "focalpoint")]},
        expect={"focal_point": 403, "chair": 403, "secretariat": 404},
    ),
    Access(
        r"^members:accept_invitation$",
        PUBLIC,
        kwargs={"token": "not-a-token"},
        expect=dict.fromkeys(ROLES, 404),
    ),
    # Meetings: public pages and calendar file; answering and attendance are POST-only (every
    # role is checked in tests/meetings/test_meetings.py).
    Access(r"^meetings:(list|public_feed)$", PUBLIC),
    Access(r"^search:(results|documents)$", PUBLIC),
    Access(r"^api:(openapi-json|openapi-view|list_\w+)$", PUBLIC),
    # ninja's root pattern has no page of its own; the documentation is /api/v1/docs.
    Access(r"^api:api-root$", PUBLIC, expect=dict.fromkeys(ROLES, 404)),
    Access(r"^api:get_communique$", PUBLIC, kwargs=lambda: {"communique_id": _communique().pk}),
    Access(r"^api:csv_list$", PUBLIC, kwargs={"name": "member-states"}),
    # Without a token: 401 for everyone (a session does not open personal data).
    Access(r"^api:directory$", PUBLIC, expect=dict.fromkeys(ROLES, 401)),
    Access(r"^tokens:list$", SIGNED_IN, expect=SECRETARIAT_ONLY),
    Access(r"^tokens:revoke$", NOT_A_PAGE),
    Access(r"^meetings:(detail|calendar)$", PUBLIC, kwargs=lambda: {"pk": _meeting().pk}),
    Access(
        r"^meetings:(answer|attendance|cancel|held|agenda_item_action|agenda_order|feed_token)$",
        NOT_A_PAGE,
    ),
    # A secret per-person link: an unknown token is a 404 for everyone.
    Access(
        r"^meetings:(personal_feed|answer_by_link)$",
        PUBLIC,
        kwargs={"token": "not-a-token"},
        expect=dict.fromkeys(ROLES, 404),
    ),
    Access(r"^meetings:mine$", SIGNED_IN),
    Access(r"^meetings:(create|participation)$", SIGNED_IN, expect=SECRETARIAT_ONLY),
    Access(
        r"^meetings:(edit|agenda|documents|invite|minutes|export)$",
        SIGNED_IN,
        kwargs=lambda: {"pk": _meeting().pk},
        expect=SECRETARIAT_ONLY,
    ),
    Access(
        r"^meetings:agenda_item$",
        SIGNED_IN,
        kwargs=lambda: {"pk": (item := _agenda_item()).meeting_id, "item_pk": item.pk},
        expect=SECRETARIAT_ONLY,
    ),
    # A focal point registers a colleague of their own state; the chair has no state.
    Access(
        r"^meetings:delegation$",
        SIGNED_IN,
        kwargs=lambda: {"pk": _meeting().pk},
        expect={"focal_point": 200, "chair": 403, "secretariat": 200},
    ),
    # Files: public documents for everyone, members-only ones for network members
    # (tests/meetings/test_documents.py checks every role); an unknown one is a 404.
    Access(
        r"^meetings:document$",
        PUBLIC,
        kwargs=lambda: {"pk": _meeting().pk, "document_pk": 999999},
        expect=dict.fromkeys(ROLES, 404),
    ),
    Access(
        r"^meetings:documents_zip$",
        PUBLIC,
        kwargs=lambda: {"pk": _meeting().pk, "language": "en"},
        expect=dict.fromkeys(ROLES, 404),
    ),
    # POST-only actions: every role is checked in tests/members/test_access.py.
    Access(r"^members:(invitation_resend|invitation_revoke|verify|confirm_details)$", NOT_A_PAGE),
    # The outbox: the secretariat's only (sign-in page for anonymous, 403 for other roles).
    Access(r"^outbox:(list|campaigns)$", SIGNED_IN, expect=SECRETARIAT_ONLY),
    Access(
        r"^outbox:(message|message_html)$",
        SIGNED_IN,
        kwargs=lambda: {"pk": _outbox_attachment().message_id},
        expect=SECRETARIAT_ONLY,
    ),
    Access(
        r"^outbox:attachment$",
        SIGNED_IN,
        kwargs=lambda: {"pk": (a := _outbox_attachment()).message_id, "attachment_pk": a.pk},
        expect=SECRETARIAT_ONLY,
    ),
    Access(
        r"^outbox:(campaign|campaign_progress)$",
        SIGNED_IN,
        kwargs=lambda: {"pk": _outbox_attachment().message.campaign_id},
        expect=SECRETARIAT_ONLY,
    ),
    # POST-only actions; tests/outbox/test_views.py checks every role.
    Access(r"^outbox:(resend|cancel|mark_sent|campaign_send|campaign_cancel)$", NOT_A_PAGE),
    # People and governance (issue 12): the network's public pages, the secretariat's
    # accounts, terms, partners and announcements, every user's own account.
    Access(r"^governance:about$", PUBLIC),
    Access(r"^governance:partner$", PUBLIC, kwargs=lambda: _partner_slug()),
    Access(r"^governance:state$", PUBLIC, kwargs={"iso3": "TUR"}),
    Access(r"^governance:announcement$", PUBLIC, kwargs=lambda: {"pk": _announcement().pk}),
    Access(
        r"^governance:cooperation_document$",
        PUBLIC,
        kwargs=lambda: {"pk": _cooperation().pk},
    ),
    Access(
        r"^governance:accept_invitation$",
        PUBLIC,
        kwargs={"token": "not-a-token"},
        expect=dict.fromkeys(ROLES, 404),
    ),
    Access(
        r"^governance:(accounts|invite|account_changes|chair_terms|chair_term_create|"
        r"announcements|announcement_create|retention)$",
        SIGNED_IN,
        expect=SECRETARIAT_ONLY,
    ),
    Access(
        r"^governance:chair_term_edit$",
        SIGNED_IN,
        kwargs=lambda: {"pk": _chair_term().pk},
        expect=SECRETARIAT_ONLY,
    ),
    Access(
        r"^governance:(partner_edit|cooperation_add)$",
        SIGNED_IN,
        kwargs=lambda: _partner_slug(),
        expect=SECRETARIAT_ONLY,
    ),
    Access(
        r"^governance:announcement_edit$",
        SIGNED_IN,
        kwargs=lambda: {"pk": _announcement().pk},
        expect=SECRETARIAT_ONLY,
    ),
    Access(r"^governance:(my_account|my_data|my_data_xlsx)$", SIGNED_IN),
    # POST-only actions; tests/governance/ checks every role.
    Access(
        r"^governance:(deactivate|reactivate|remove_secretariat|revoke_invitation|"
        r"announcement_publish|announcement_email)$",
        NOT_A_PAGE,
    ),
    Access(r"^admin:logout$", STAFF, expect={"secretariat": 405}),
    Access(r"^admin:autocomplete$", STAFF, expect={"secretariat": 403}),
    Access(r"^admin:(auth_|mfa_)", SUPERUSER),
    # The outbox's admin is a read-only record: messages are queued by the portal, not by hand.
    Access(r"^admin:outbox_outboxmessage_add$", STAFF, expect={"secretariat": 403}),
    # Backups are recorded by `manage.py backup`, never added by hand.
    Access(r"^admin:ops_backup_add$", STAFF, expect={"secretariat": 403}),
    Access(r"^admin:", STAFF),
]


def _partner_slug():
    from members.models import Organisation

    partner, _ = Organisation.objects.get_or_create(
        slug="ilo",
        defaults={
            "kind": Organisation.Kind.PARTNER,
            "name_en": "International Labour Organization",
        },
    )
    return {"slug": partner.slug}


def _announcement():
    from django.utils import timezone

    from governance.models import Announcement

    return Announcement.objects.get_or_create(
        title_en="Network news", defaults={"body_en": "Text.", "published_at": timezone.now()}
    )[0]


def _cooperation():
    import datetime

    from django.core.files.base import ContentFile

    from governance.models import Cooperation
    from members.models import Organisation

    found = Cooperation.objects.first()
    if found:
        return found
    cooperation = Cooperation(
        organisation=Organisation.objects.get(slug=_partner_slug()["slug"]),
        type=Cooperation.Type.MOU,
        title_en="Memorandum of understanding",
        date=datetime.date(2022, 5, 1),
        document_name="mou.pdf",
    )
    cooperation.document.save("mou.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    cooperation.save()
    return cooperation


def _chair_term():
    import datetime

    from members.models import ChairTerm, Organisation
    from tests.factories import MemberStateFactory

    found = ChairTerm.objects.first()
    if found:
        return found
    state = MemberStateFactory()
    organisation, _ = Organisation.objects.get_or_create(
        slug="iskur",
        defaults={"kind": Organisation.Kind.MEMBER_PES, "name_en": "İŞKUR", "member_state": state},
    )
    return ChairTerm.objects.create(
        organisation=organisation,
        member_state=state,
        start=datetime.date(2021, 6, 3),
        end=datetime.date(2023, 6, 2),
    )


def _communique():
    from tests.communiques.samples import sample_communique

    return sample_communique()


def _with_rules(kwargs):
    from tests.communiques.samples import sample_rules

    sample_rules()
    return kwargs


def _follow_up_pk():
    from tests.communiques.samples import sample_follow_up_pk

    return sample_follow_up_pk()


def _article_pk():
    from tests.communiques.samples import sample_article_pk

    return sample_article_pk()


# What a role gets for each kind when nothing more specific is said.
DEFAULT_STATUS = {
    PUBLIC: {"anonymous": {200}, "focal_point": {200}, "chair": {200}, "secretariat": {200}},
    SIGNED_IN: {
        "anonymous": {302},
        "focal_point": {200, 302},
        "chair": {200, 302},
        "secretariat": {200, 302},
    },
    STAFF: {
        "anonymous": {302},
        "focal_point": {302, 403},
        "chair": {302, 403},
        "secretariat": {200, 302},
    },
    SUPERUSER: {
        "anonymous": {302},
        "focal_point": {302, 403},
        "chair": {302, 403},
        "secretariat": {403},
    },
}


def enumerate_patterns(resolver=None, namespace="", prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from enumerate_patterns(entry, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", prefix + str(entry.pattern), entry


def classify(name):
    for access in ACCESS:
        if re.search(access.pattern, name):
            return access
    return None


def test_every_url_is_classified():
    unclassified = [
        f"{name or '(unnamed)'} -> {route}"
        for name, route, _ in enumerate_patterns()
        if classify(name) is None
    ]
    assert not unclassified, "Classify these URLs in ACCESS:\n" + "\n".join(unclassified)


def _admin_kwargs(route, sample_ids):
    """Fill an admin route's parameters with a real object of its model, when there is one."""
    kwargs = {}
    if "<path:object_id>" in route:
        match = re.search(r"\^?(\w+)/(\w+)/", route.split("admin/", 1)[-1])
        if not match or (match[1], match[2]) not in sample_ids:
            return None
        kwargs["object_id"] = str(sample_ids[(match[1], match[2])])
    if "<app_label>" in route or "(?P<app_label>" in route:
        kwargs["app_label"] = "members"
    if "<url>" in route or "<content_type_id>" in route:
        return None  # catch-all and shortcut routes: nothing meaningful to fill
    return kwargs


@pytest.fixture
def workplan_sample(role_users):
    from tests.workplan.factories import sample_objects

    return sample_objects(role_users)


@pytest.fixture
def sample_ids(role_users, workplan_sample):
    from django.apps import apps

    ids = {}
    for model in apps.get_models():
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            ids[(model._meta.app_label, model._meta.model_name)] = obj.pk
    return ids


def _url(name, access, route, sample_ids):
    from django.urls import NoReverseMatch, reverse

    # kwargs may be a function of the sample objects, or one that creates the objects it needs.
    kwargs = access.kwargs
    if callable(kwargs):
        kwargs = kwargs(sample_ids) if inspect.signature(kwargs).parameters else kwargs()
    kwargs = dict(kwargs)
    if name.startswith("admin:"):
        extra = _admin_kwargs(route, sample_ids)
        if extra is None:
            return None
        kwargs.update(extra)
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


@pytest.mark.django_db
def test_every_url_answers_each_role_as_classified(client, role_users, sample_ids):
    checked = 0
    failures = []
    for name, route, _ in enumerate_patterns():
        access = classify(name)
        if access is None or access.kind == NOT_A_PAGE:
            continue
        url = _url(name, access, route, sample_ids)
        if url is None:
            continue
        for role in ROLES:
            user = role_users[role]
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            expected = access.expected(role)
            if response.status_code not in expected:
                failures.append(f"{role:12} {url}: {response.status_code}, expected {expected}")
            checked += 1
    assert not failures, "\n".join(failures)
    assert checked > 100
