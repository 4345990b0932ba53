from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import AgendaItem, Meeting, MeetingDocument, Registration


class AgendaItemInline(TranslationTabularInline):
    model = AgendaItem
    extra = 1
    fields = ["order", "title", "start", "duration_minutes", "speaker"]


@admin.register(Meeting)
class MeetingAdmin(TabbedTranslationAdmin):
    list_display = ["title", "kind", "number", "start", "end", "mode", "time_zone"]
    list_filter = ["kind", "mode"]
    search_fields = ["title_en", "title_ar", "title_fr"]
    inlines = [AgendaItemInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "member_state", "status", "answered_at"]
    list_filter = ["status", "meeting"]
    search_fields = ["user__email", "user__last_name", "member_state__name_en"]
    autocomplete_fields = ["user"]
    list_select_related = ["meeting", "user", "member_state"]


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "language", "kind", "version", "is_current", "is_public"]
    list_filter = ["language", "kind", "is_public"]
    search_fields = ["title", "original_name"]
    list_select_related = ["meeting"]
    # Private files have no public address: the admin links through the page that checks who
    # may open the document.
    exclude = ["file"]
    readonly_fields = ["download", "text"]

    @admin.display(description=_("file"))
    def download(self, document):
        if not document.pk or not document.file:
            return "—"
        url = reverse("meetings:document", args=[document.meeting_id, document.pk])
        return format_html('<a href="{}">{}</a>', url, document.original_name)
