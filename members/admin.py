from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChairTerm, FocalPoint, Institution, Invitation, MemberState, Organisation


@admin.register(MemberState)
class MemberStateAdmin(TabbedTranslationAdmin):
    list_display = ["name", "country", "iso3", "oic_group", "default_time_zone"]
    list_filter = ["oic_group"]
    search_fields = ["name_en", "name_ar", "name_fr", "iso3"]


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "acronym", "kind", "member_state"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ar", "name_fr", "acronym"]


@admin.register(ChairTerm)
class ChairTermAdmin(admin.ModelAdmin):
    list_display = ["organisation", "member_state", "start", "end"]


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "acronym", "member_state", "email"]
    list_select_related = ["member_state"]
    search_fields = ["name_en", "name_ar", "name_fr", "acronym"]


@admin.register(FocalPoint)
class FocalPointAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "member_state", "role", "status", "email", "institution"]
    # The letter is private: no file widget (it would link to a public URL), a link through the
    # permission-checked download instead; letters are recorded on the member state's page.
    exclude = ["nomination_letter"]
    readonly_fields = [
        "letter",
        "nomination_letter_name",
        "nomination_recorded_by",
        "verified_by",
        "proposed_by",
    ]
    list_filter = ["status", "role", "member_state__oic_group"]
    list_select_related = ["member_state", "institution"]
    search_fields = ["given_name", "family_name", "email"]
    raw_id_fields = ["user", "institution"]

    @admin.display(description=_("nomination letter"))
    def letter(self, focal_point):
        if not focal_point.nomination_letter:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("members:nomination_letter", kwargs={"pk": focal_point.pk}),
            focal_point.nomination_letter_name or _("Letter (PDF)"),
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-mostly: invitations are sent, resent and revoked from the member state's page."""

    list_display = ["email", "member_state", "role", "sent_at", "expires_at", "accepted_at"]
    list_filter = ["role", "member_state__oic_group"]
    list_select_related = ["member_state"]
    search_fields = ["email", "given_name", "family_name"]
    readonly_fields = ["token_hash", "sent_at", "send_count", "accepted_at", "accepted_by"]
    raw_id_fields = ["focal_point", "invited_by"]
