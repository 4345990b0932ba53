from modeltranslation.translator import TranslationOptions, register

from .models import Activity, Milestone, WorkPlan


@register(WorkPlan)
class WorkPlanTranslation(TranslationOptions):
    fields = ("title", "adopted_at")
    required_languages = ("en",)


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)
