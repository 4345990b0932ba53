from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Institution, MemberState, Organisation


@register(MemberState)
class MemberStateTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar", "en", "fr")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


# django-simple-history builds the historical model from the fields present when it registers:
# registering here, after modeltranslation added name_ar/en/fr, keeps those in the history too.
register_history(Institution, app="members")
