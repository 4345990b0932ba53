from django.contrib import admin
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
    fields = ["original_name", "content_type", "size"]
    readonly_fields = fields
    can_delete = False


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
    readonly_fields = ["file", "error"]
    raw_id_fields = ["requested_by"]
