import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from members.models import FocalPoint, Institution, MemberState
from pesnet.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for name in extracted or ():
            obj.groups.add(Group.objects.get(name=name))


def with_totp(user) -> str:
    """Give the account a TOTP authenticator; returns the secret for computing codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ("country",)

    country = "TR"
    iso3 = "TUR"
    name_en = "Türkiye"
    name_ar = "تركيا"
    name_fr = "Türkiye"
    oic_group = "asian"
    default_time_zone = "Europe/Istanbul"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    member_state = factory.SubFactory(MemberStateFactory)
    name_en = factory.Sequence(lambda n: f"Employment Agency {n}")
    acronym = factory.Sequence(lambda n: f"EA{n}")
    email = factory.Sequence(lambda n: f"agency{n}@example.org")


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    member_state = factory.SubFactory(MemberStateFactory)
    role = FocalPoint.Role.PRIMARY
    status = FocalPoint.Status.ACTIVE
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    position = "Head of International Relations"
    email = factory.Sequence(lambda n: f"focal{n}@example.org")
    institution = factory.SubFactory(
        InstitutionFactory, member_state=factory.SelfAttribute("..member_state")
    )


def queued_mail(kind: str | None = None) -> list:
    """The e-mails queued in the outbox (oldest first), with the fields tests read of a message."""
    from types import SimpleNamespace

    from outbox.models import OutboxMessage

    messages = OutboxMessage.objects.order_by("id")
    if kind:
        messages = messages.filter(kind=kind)
    return [
        SimpleNamespace(
            to=[m.to],
            subject=m.subject,
            body=m.body_text,
            html=m.body_html,
            language=m.language,
            status=m.status,
        )
        for m in messages
    ]
