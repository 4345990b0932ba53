"""Roles × actions, the consultation window, immutability of adopted versions, safe text."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communiques import services
from communiques.models import (
    Comment,
    Communique,
    CommuniqueVersion,
    ImmutableError,
    Paragraph,
)

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _first_operative(communique):
    return communique.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).order_by("order").first()


SECRETARIAT_ONLY_POSTS = [
    ("communiques:header", "communique", {"date": "2021-06-03", "title_en": "Final Communiqué"}),
    ("communiques:paragraph", "paragraph", {}),
    ("communiques:paragraph_add", "communique+operative", {}),
    ("communiques:paragraph_delete", "paragraph", {}),
    ("communiques:move", "paragraph+down", {}),
    ("communiques:workflow", "communique+adopt", {}),
]


def _url(name, target, communique):
    paragraph = _first_operative(communique)
    if target == "communique":
        return reverse(name, args=[communique.pk])
    if target == "communique+operative":
        return reverse(name, args=[communique.pk, "operative"])
    if target == "communique+adopt":
        return reverse(name, args=[communique.pk, "adopt"])
    if target == "paragraph+down":
        return reverse(name, args=[paragraph.pk, "down"])
    return reverse(name, args=[paragraph.pk])


@pytest.mark.parametrize("name, target, data", SECRETARIAT_ONLY_POSTS)
@pytest.mark.parametrize("role", ["anonymous", "focal_point", "chair"])
def test_only_the_secretariat_edits(client, role_users, communique, name, target, data, role):
    before = Communique.objects.get(pk=communique.pk)
    paragraphs = list(Paragraph.objects.filter(communique=communique).values_list("pk", "order"))
    response = _as(client, role_users[role]).post(_url(name, target, communique), data)
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    after = Communique.objects.get(pk=communique.pk)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)
    assert list(Paragraph.objects.filter(communique=communique).values_list("pk", "order")) == (
        paragraphs
    )


def test_the_secretariat_edits_reorders_and_sanitises(client, secretariat_user, communique):
    _as(client, secretariat_user)
    paragraph = _first_operative(communique)
    prefix = f"p{paragraph.pk}-"
    response = client.post(
        reverse("communiques:paragraph", args=[paragraph.pk]),
        {
            prefix + "lead_en": "Recognizes",
            prefix
            + "body_en": "the <b>importance</b> <script>alert('x')</script>\u202eof\u202c it",
            prefix + "lead_ar": paragraph.lead_ar,
            prefix + "body_ar": paragraph.body_ar,
            prefix + "lead_fr": "Reconnaît",
            prefix + "body_fr": "l'importance",
        },
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.body_en == "the <b>importance</b> of it"
    assert paragraph.body_fr == "l'importance"
    second = communique.paragraphs.filter(kind="operative").order_by("order")[1]
    client.post(reverse("communiques:move", args=[paragraph.pk, "down"]))
    order = list(communique.paragraphs.filter(kind="operative").order_by("order"))
    assert order[0] == second and order[1] == paragraph
    # Preambular paragraphs stay before operative ones whatever is moved.
    first_preambular = communique.paragraphs.filter(kind="preambular").order_by("order").first()
    client.post(reverse("communiques:move", args=[first_preambular.pk, "up"]))
    assert list(communique.paragraphs.all())[0] == first_preambular


def test_a_bidi_override_and_a_script_tag_are_stored_safely_and_rendered_inert(
    client, secretariat_user, communique
):
    paragraph = _first_operative(communique)
    services.update_paragraph(
        paragraph,
        {
            "body_en": "evil <script>document.title='x'</script> \u202eemitlaer\u202c "
            + "<img src=x onerror=1>"
        },
    )
    paragraph.refresh_from_db()
    assert "<script" not in paragraph.body_en and "\u202e" not in paragraph.body_en
    assert "<img" not in paragraph.body_en
    services.adopt(communique, by=secretariat_user)
    services.publish(communique, by=secretariat_user)
    page = client.get(reverse("communiques:detail", args=[communique.pk]) + "?text=en")
    html = page.content.decode()
    assert "evil" in html and "emitlaer" in html
    assert "<script>document" not in html and "\u202e" not in html and "onerror" not in html


@pytest.fixture
def in_consultation(communique, secretariat_user):
    services.open_consultation(
        communique, timezone.now() + datetime.timedelta(days=7), by=secretariat_user
    )
    return Communique.objects.get(pk=communique.pk)


@pytest.mark.parametrize(
    "role, allowed",
    [("anonymous", False), ("focal_point", True), ("chair", True), ("secretariat", True)],
)
def test_comments_during_consultation(client, role_users, in_consultation, role, allowed):
    paragraph = _first_operative(in_consultation)
    response = _as(client, role_users[role]).post(
        reverse("communiques:comment", args=[paragraph.pk]), {"body": "Add <b>youth</b>."}
    )
    assert response.status_code == 302
    comments = list(Comment.objects.filter(paragraph=paragraph))
    assert len(comments) == (1 if allowed else 0)
    if allowed:
        assert comments[0].body == "Add youth."
        assert comments[0].author == role_users[role]
        client.force_login(role_users["secretariat"])
        editor = client.get(reverse("communiques:edit", args=[in_consultation.pk]))
        assert 'data-testid="comment-count"' in editor.content.decode()


def test_no_comment_on_a_draft_or_after_the_deadline(
    client, focal_point_user, chair_user, communique, secretariat_user
):
    paragraph = _first_operative(communique)
    _as(client, focal_point_user)
    # A draft is not shown to focal points at all.
    response = client.post(reverse("communiques:comment", args=[paragraph.pk]), {"body": "x"})
    assert response.status_code == 404
    services.open_consultation(
        communique, timezone.now() + datetime.timedelta(hours=1), by=secretariat_user
    )
    Communique.objects.filter(pk=communique.pk).update(
        consultation_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    for user in (focal_point_user, chair_user):
        _as(client, user)
        response = client.post(reverse("communiques:comment", args=[paragraph.pk]), {"body": "x"})
        assert response.status_code == 403
        page = client.get(reverse("communiques:work", args=[communique.pk])).content.decode()
        assert 'data-testid="comment-form"' not in page
    assert not Comment.objects.exists()
    with pytest.raises(services.WorkflowError):
        services.add_comment(paragraph, "late", by=focal_point_user)


def test_focal_points_see_the_working_copy_once_in_consultation(
    client, focal_point_user, in_consultation
):
    _as(client, focal_point_user)
    page = client.get(reverse("communiques:work", args=[in_consultation.pk])).content.decode()
    assert page.count('data-testid="comment-form"') == 18


def test_workflow_and_immutable_adopted_version(client, secretariat_user, in_consultation):
    _as(client, secretariat_user)
    communique = in_consultation
    assert client.post(reverse("communiques:workflow", args=[communique.pk, "publish"]))
    assert Communique.objects.get(pk=communique.pk).status == "consultation"  # not adopted yet
    client.post(reverse("communiques:workflow", args=[communique.pk, "adopt"]))
    communique.refresh_from_db()
    assert communique.status == Communique.Status.ADOPTED
    adopted = communique.versions.get(stage=CommuniqueVersion.Stage.ADOPTED)
    paragraph = _first_operative(communique)
    with pytest.raises(services.WorkflowError):
        services.update_paragraph(paragraph, {"body_en": "changed"})
    with pytest.raises(ImmutableError):
        adopted.content = {}
        adopted.save()
    with pytest.raises(ImmutableError):
        adopted.delete()
    client.post(reverse("communiques:workflow", args=[communique.pk, "publish"]))
    communique.refresh_from_db()
    assert communique.status == Communique.Status.PUBLISHED
    assert communique.published_version == adopted
    # A later change is a new version; the published one stays public and unchanged.
    client.post(reverse("communiques:workflow", args=[communique.pk, "new-version"]))
    communique.refresh_from_db()
    assert (communique.status, communique.version) == (Communique.Status.DRAFT, 2)
    services.update_paragraph(paragraph, {"body_en": "the importance of a new text"})
    public = client.get(reverse("communiques:detail", args=[communique.pk]) + "?text=en")
    assert "a new text" not in public.content.decode()
    assert "the importance of strengthening partnerships" in public.content.decode()


def test_difference_between_two_versions_paragraph_by_paragraph(
    client, secretariat_user, communique
):
    services.adopt(communique, by=secretariat_user)
    services.start_new_version(communique, by=secretariat_user)
    paragraph = _first_operative(communique)
    services.update_paragraph(
        paragraph, {"body_en": paragraph.body_en.replace("strengthening", "deepening")}
    )
    added = services.add_paragraph(communique, Paragraph.Kind.OPERATIVE)
    services.update_paragraph(added, {"lead_en": "Decides", "body_en": "to meet again."})
    services.adopt(communique, by=secretariat_user)
    _as(client, secretariat_user)
    response = client.get(reverse("communiques:diff", args=[communique.pk]) + "?a=1&b=2")
    html = response.content.decode()
    assert html.count('data-status="changed"') == 1
    assert html.count('data-status="added"') == 1
    assert html.count('data-status="same"') == 17
    assert "<del>strengthening</del>" in html and "<ins>deepening</ins>" in html


@pytest.mark.parametrize("pk", [0, 999999])
def test_the_editor_of_an_unknown_communique_is_not_found(client, secretariat_user, pk):
    _as(client, secretariat_user)
    assert client.get(f"/en/communiques/{pk}/edit/").status_code == 404
