from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Campaign, OutboxAttachment, OutboxMessage


class OutboxAttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    fields = ["filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only record of what was sent; the portal's outbox pages are where one acts."""

    list_display = ["subject", "to", "kind", "language", "status", "needs_review", "due_at"]
    list_filter = ["status", "needs_review", "kind", "language"]
    search_fields = ["to", "recipient_name", "subject", "dedup_key"]
    date_hierarchy = "created_at"
    inlines = [OutboxAttachmentInline]
    readonly_fields = [
        field.name for field in OutboxMessage._meta.fields if field.name not in ("id",)
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "kind", "period", "is_demo", "created_at"]
    list_filter = ["kind", "is_demo"]
    readonly_fields = ["send_requested_at", "send_requested_by", "send_task_id"]

    @admin.display(description=_("title"))
    def title(self, obj):
        return obj.title
