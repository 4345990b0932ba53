from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(TabbedTranslationAdmin):
    list_display = ["title", "kind", "number", "start", "end", "mode"]
    list_filter = ["kind", "mode"]
    search_fields = ["title_en", "title_ar", "title_fr"]
