"""Demo accounts of the secretariat and the chair (local use only, see seed_demo)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import User
from .roles import CHAIR, SECRETARIAT

DEMO_DOMAIN = "demo.pesnet.test"


def demo_user(
    email: str,
    password: str,
    *,
    first_name: str,
    last_name: str,
    language: str = "en",
    is_staff: bool = False,
) -> User:
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "preferred_language": language,
            "is_staff": is_staff,
            "is_active": True,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(password: str, log) -> None:
    secretariat = demo_user(
        f"secretariat@{DEMO_DOMAIN}",
        password,
        first_name="Amina",
        last_name="Demir (demo)",
        is_staff=True,
    )
    secretariat.groups.add(Group.objects.get(name=SECRETARIAT))
    chair = demo_user(
        f"chair@{DEMO_DOMAIN}",
        password,
        first_name="Mehmet",
        last_name="Yılmaz (demo)",
        language="en",
    )
    chair.groups.add(Group.objects.get(name=CHAIR))
    log(f"Demo accounts: {secretariat.email} (secretariat), {chair.email} (chair).")
