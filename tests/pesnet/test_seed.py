import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from members.models import ChairTerm, MemberState, Organisation
from pesnet.models import User

pytestmark = pytest.mark.django_db


def test_seed_pesnet_twice_gives_57_states_once():
    call_command("seed_pesnet")
    call_command("seed_pesnet")
    assert MemberState.objects.count() == 57
    assert Organisation.objects.count() == 6
    assert ChairTerm.objects.count() == 1


def test_every_state_is_named_in_three_languages_and_grouped():
    call_command("seed_pesnet")
    for state in MemberState.objects.all():
        assert state.name_ar and state.name_en and state.name_fr, state.iso3
        assert any("\u0600" <= ch <= "\u06ff" for ch in state.name_ar), state.iso3
    groups = dict(MemberState.objects.order_by().values_list("oic_group").annotate(n=Count("id")))
    assert groups == {"arab": 22, "african": 17, "asian": 18}
    turkiye = MemberState.objects.get(iso3="TUR")
    assert (turkiye.name_en, turkiye.name_ar, str(turkiye.country)) == ("Türkiye", "تركيا", "TR")


def test_seed_pesnet_holds_nothing_personal():
    call_command("seed_pesnet")
    assert User.objects.count() == 0


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", password="whatever-password")
    assert User.objects.count() == 0


def test_seed_demo_creates_the_demo_accounts_idempotently(settings):
    settings.DEBUG = True
    call_command("seed_demo", password="demo-password-123")
    call_command("seed_demo", password="demo-password-123")
    emails = set(User.objects.values_list("email", flat=True))
    expected = {"secretariat@demo.pesnet.test", "chair@demo.pesnet.test"} | {
        f"fp.{iso3}@demo.pesnet.test" for iso3 in ("tur", "mar", "idn", "nga", "pse")
    }
    assert expected <= emails
    secretariat = User.objects.get(email="secretariat@demo.pesnet.test")
    assert secretariat.check_password("demo-password-123")
    assert list(secretariat.groups.values_list("name", flat=True)) == ["secretariat"]
