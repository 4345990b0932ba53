from django.contrib import admin

from .models import Backup


@admin.register(Backup)
class BackupAdmin(admin.ModelAdmin):
    list_display = ("started_at", "status", "name", "tables", "rows", "files", "size")
    list_filter = ("status",)
    readonly_fields = [field.name for field in Backup._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
