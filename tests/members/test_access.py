"""Roles × objects: each members view as anonymous, a focal point of the object's state, a focal
point of another state, the chair and the secretariat."""

import pytest
from django.urls import reverse

from members import services
from members.models import FocalPoint, Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(role_users, other_state_focal_point, states):
    """TUR: the focal_point user's own state. MAR: another state with its own focal point."""
    own = FocalPoint.objects.get(user=role_users["focal_point"])
    invitation = services.invite(
        by=role_users["secretariat"],
        member_state=states["MAR"],
        role="alternate",
        email="invitee@example.org",
        given_name="Sara",
        family_name="Alaoui",
        language="fr",
    )
    own_invitation = services.invite(
        by=role_users["secretariat"],
        member_state=states["TUR"],
        role="alternate",
        email="invitee.tur@example.org",
        given_name="Can",
        family_name="Demir",
        language="en",
    )
    return {
        "own": own,
        "other": other_state_focal_point,
        "invitation": invitation,
        "own_invitation": own_invitation,
        "users": {**role_users, "other_focal_point": other_state_focal_point.user},
    }


def _status(client, user, method, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url).status_code


# (url name, kwargs from the world, method, expected per viewer), where the focal point of
# "another state" is the Moroccan one looking at Türkiye's objects.
CASES = [
    ("state_detail", lambda w: {"iso3": "MAR"}, "get", {"fp": 404, "other": 200}),
    ("propose_alternate", lambda w: {"iso3": "MAR"}, "get", {"fp": 404, "other": 200}),
    ("invite", lambda w: {"iso3": "MAR"}, "get", {"fp": 404, "other": 403}),
    ("nominate", lambda w: {"iso3": "MAR"}, "get", {"fp": 404, "other": 403}),
    ("institution_add", lambda w: {"iso3": "MAR"}, "get", {"fp": 404, "other": 403}),
    (
        "institution_edit",
        lambda w: {"iso3": "MAR", "pk": w["other"].institution_id},
        "get",
        {"fp": 404, "other": 403},
    ),
    ("focal_point_edit", lambda w: {"pk": w["other"].pk}, "get", {"fp": 404, "other": 200}),
    ("confirm_details", lambda w: {"pk": w["other"].pk}, "post", {"fp": 404, "other": 302}),
    ("record_nomination", lambda w: {"pk": w["other"].pk}, "get", {"fp": 404, "other": 403}),
    ("verify", lambda w: {"pk": w["other"].pk}, "post", {"fp": 404, "other": 403}),
    ("nomination_letter", lambda w: {"pk": w["other"].pk}, "get", {"fp": 404, "other": 403}),
    ("vcard", lambda w: {"pk": w["other"].pk}, "get", {"fp": 404, "other": 403}),
    ("invitation_resend", lambda w: {"pk": w["invitation"].pk}, "post", {"fp": 404, "other": 403}),
    ("invitation_revoke", lambda w: {"pk": w["invitation"].pk}, "post", {"fp": 404, "other": 403}),
]


@pytest.mark.parametrize(("name", "kwargs", "method", "focal"), CASES, ids=[c[0] for c in CASES])
def test_objects_of_another_state(client, world, name, kwargs, method, focal):
    url = reverse(f"members:{name}", kwargs=kwargs(world))
    users = world["users"]
    assert _status(client, None, method, url) == 302  # to the login page
    # The Turkish focal point: Morocco's objects do not exist for them.
    assert _status(client, users["focal_point"], method, url) == focal["fp"]
    # Morocco's own focal point: their state's pages, but no secretariat actions.
    assert _status(client, users["other_focal_point"], method, url) == focal["other"]
    chair = _status(client, users["chair"], method, url)
    assert chair in (403, 404)
    assert _status(client, users["secretariat"], method, url) in (200, 302, 404)


def test_secretariat_pages_are_forbidden_to_everyone_else(client, world):
    for name, kwargs in [
        ("secretariat_directory", {}),
        ("dashboard", {}),
        ("import", {}),
        ("vcards", {}),
        ("export", {"fmt": "xlsx"}),
    ]:
        url = reverse(f"members:{name}", kwargs=kwargs)
        for role in ("focal_point", "chair", "other_focal_point"):
            assert _status(client, world["users"][role], "get", url) == 403, (name, role)
        assert _status(client, world["users"]["secretariat"], "get", url) == 200, name


def test_state_page_shows_non_shared_details_to_its_own_focal_point_only(client, world):
    client.force_login(world["users"]["other_focal_point"])
    page = client.get(reverse("members:state_detail", kwargs={"iso3": "MAR"})).content.decode()
    assert "invitee@example.org" in page  # the state's own invitations
    assert "+212" in page  # its own phones
    assert "Send again" not in page  # secretariat actions are not offered


def test_network_directory_hides_phones_of_other_states_unless_shared(client, world):
    other = world["other"]
    client.force_login(world["users"]["focal_point"])
    page = client.get(reverse("members:directory")).content.decode()
    assert other.full_name in page and other.email in page
    assert "+212 5227-76501" not in page and "+212522776501" not in page
    other.phones_shared = True
    other.save()
    page = client.get(reverse("members:directory")).content.decode()
    assert str(other.phone) in page
    client.logout()
    assert client.get(reverse("members:directory")).status_code == 302


def test_signed_in_person_without_a_role_cannot_see_the_network_directory(client, world):
    from ..factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("members:directory")).status_code == 403
    assert client.get(reverse("members:state_detail", kwargs={"iso3": "MAR"})).status_code == 404


def test_public_list_has_no_personal_data(client, world):
    page = client.get(reverse("members:public_list")).content.decode()
    assert world["other"].family_name not in page
    assert world["other"].email not in page
    assert "invitee@example.org" not in page
    assert page.count("data-iso3=") == 57
    assert Invitation.objects.count() == 2
