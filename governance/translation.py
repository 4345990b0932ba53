from modeltranslation.translator import TranslationOptions, register

from .models import Announcement, Cooperation, PartnerProfile


@register(PartnerProfile)
class PartnerProfileTranslation(TranslationOptions):
    fields = ("description",)


@register(Cooperation)
class CooperationTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en",)
