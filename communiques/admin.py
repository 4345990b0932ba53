from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import (
    Communique,
    CommuniqueVersion,
    FollowUp,
    RenderedPdf,
    RulesArticle,
    RulesChapter,
    RulesOfProcedure,
    RulesVersion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through the portal's own pages and rules (or never)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Communique)
class CommuniqueAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "status", "version", "date", "is_demo"]
    list_filter = ["status"]


@admin.register(CommuniqueVersion)
class CommuniqueVersionAdmin(ReadOnlyAdmin):
    list_display = ["communique", "number", "stage", "edition", "created_at", "created_by"]


@admin.register(RulesVersion)
class RulesVersionAdmin(ReadOnlyAdmin):
    list_display = ["rules", "number", "meeting", "adopted_on", "created_by"]


@admin.register(RenderedPdf)
class RenderedPdfAdmin(ReadOnlyAdmin):
    list_display = ["label", "size", "created_at", "content_hash"]
    exclude = ["file"]  # private storage: no URL to link to (served by the documents' pages)
    readonly_fields = ["stored_as"]

    @admin.display(description=_("file"))
    def stored_as(self, rendered):
        return rendered.file.name


@admin.register(FollowUp)
class FollowUpAdmin(TabbedTranslationAdmin):
    list_display = ["action", "paragraph", "responsible", "due_date", "status"]
    list_filter = ["status", "responsible"]


class ChapterInline(TranslationTabularInline):
    model = RulesChapter
    extra = 0


@admin.register(RulesOfProcedure)
class RulesOfProcedureAdmin(TabbedTranslationAdmin):
    """The working copy's structure (chapters); articles are edited on the portal's pages or
    below. Adopted versions are snapshots and do not change."""

    inlines = [ChapterInline]
    list_display = ["title", "is_demo"]


@admin.register(RulesArticle)
class RulesArticleAdmin(TabbedTranslationAdmin):
    list_display = ["number", "title", "chapter"]
    list_select_related = ["chapter"]
