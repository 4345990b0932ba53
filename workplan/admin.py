from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import Activity, EvidenceFile, Milestone, ProgressExport, ProgressReport, WorkPlan


@admin.register(WorkPlan)
class WorkPlanAdmin(TabbedTranslationAdmin):
    list_display = ["period", "title", "adopted_on", "adopted_at", "is_demo"]


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0


@admin.register(Activity)
class ActivityAdmin(TabbedTranslationAdmin):
    list_display = ["code", "title", "plan", "category", "status", "progress", "planned_end"]
    list_filter = ["plan", "category", "status"]
    list_select_related = ["plan"]
    search_fields = ["code", "title_en", "title_ar", "title_fr"]
    filter_horizontal = ["partners", "beneficiaries"]
    raw_id_fields = ["parent"]
    inlines = [MilestoneInline]


class EvidenceInline(admin.TabularInline):
    model = EvidenceFile
    extra = 0
    fields = ["download", "content_type", "size"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("file"))
    def download(self, evidence):
        # Private: through the permission-checked view, never a /media/ address.
        if evidence.pk is None:  # the inline's empty form
            return "-"
        url = evidence.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, evidence.original_name)


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["activity", "member_state", "date", "percent", "review_status", "reviewer"]
    list_filter = ["review_status", "activity__plan"]
    list_select_related = ["activity", "member_state", "reviewer"]
    raw_id_fields = ["activity", "submitted_by", "reviewer"]
    inlines = [EvidenceInline]


@admin.register(ProgressExport)
class ProgressExportAdmin(admin.ModelAdmin):
    list_display = ["plan", "format", "language", "state", "progress", "created_at"]
    list_filter = ["state", "format"]
    exclude = ["file"]
    readonly_fields = ["download", "error"]
    raw_id_fields = ["requested_by"]

    @admin.display(description=_("file"))
    def download(self, export):
        if not export.file:
            return "-"
        url = reverse("workplan:export_download", kwargs={"pk": export.pk})
        return format_html('<a href="{}">{}</a>', url, _("Download"))
