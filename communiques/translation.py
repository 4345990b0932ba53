from modeltranslation.translator import TranslationOptions, register

from .models import (
    Communique,
    FollowUp,
    Paragraph,
    RulesArticle,
    RulesChapter,
    RulesOfProcedure,
    RulesVersion,
)


@register(Communique)
class CommuniqueTranslation(TranslationOptions):
    fields = ("title", "heading", "place", "opening")


@register(Paragraph)
class ParagraphTranslation(TranslationOptions):
    fields = ("lead", "body")


@register(FollowUp)
class FollowUpTranslation(TranslationOptions):
    fields = ("action",)


@register(RulesOfProcedure)
class RulesOfProcedureTranslation(TranslationOptions):
    fields = ("title",)


@register(RulesChapter)
class RulesChapterTranslation(TranslationOptions):
    fields = ("title",)


@register(RulesArticle)
class RulesArticleTranslation(TranslationOptions):
    fields = ("title", "body")


@register(RulesVersion)
class RulesVersionTranslation(TranslationOptions):
    fields = ("note",)
