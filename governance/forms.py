from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import PlainTextFormMixin
from members.models import ChairTerm, Organisation

from .models import StaffInvitation, StaffRole


class StaffInvitationForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = StaffInvitation
        fields = ["role", "organisation", "given_name", "family_name", "email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.MEMBER_PES
        )
        self.fields["organisation"].required = False
        self.fields["organisation"].label = _("Chair institution")
        self.fields["organisation"].help_text = _(
            "Only for the chair role: the public employment service the person works for."
        )

    def clean(self):
        data = super().clean()
        if data.get("role") == StaffRole.CHAIR and not data.get("organisation"):
            self.add_error("organisation", _("Choose the chair institution."))
        return data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ChairTermForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = ChairTerm
        fields = ["organisation", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    institution = forms.ModelChoiceField(
        label=_("Or a PES institution of the directory"),
        queryset=None,
        required=False,
        help_text=_("For a new chair that is not yet an organisation of the network."),
    )

    field_order = ["organisation", "institution", "start", "end"]

    def __init__(self, *args, **kwargs):
        from members.models import Institution

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.MEMBER_PES, member_state__isnull=False
        )
        self.fields["organisation"].required = False
        self.fields["institution"].queryset = Institution.objects.select_related("member_state")

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("institution")):
            self.add_error(
                "organisation", _("Choose the chair institution in one of the two lists.")
            )
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The term ends after it starts."))
        return data


class PartnerProfileForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        from .models import PartnerProfile

        model = PartnerProfile
        fields = ["description_en", "description_ar", "description_fr"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class CooperationForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        from .models import Cooperation

        model = Cooperation
        fields = ["type", "title_en", "title_ar", "title_fr", "date", "document"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        from pesnet.uploads import MEETING_DOCUMENT

        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = True
        self.fields["document"].validators.append(MEETING_DOCUMENT.validator())
        self.fields["document"].help_text = _("PDF, DOCX, PPTX or XLSX, at most 25 MB.")


class AnnouncementForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        from .models import Announcement

        model = Announcement
        fields = ["title_en", "title_ar", "title_fr", "body_en", "body_ar", "body_fr"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in ["body_en", "body_ar", "body_fr"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = True
        self.fields["body_en"].required = True


class MyAccountForm(PlainTextFormMixin, forms.Form):
    from django.conf import settings as _settings

    first_name = forms.CharField(label=_("Given name"), max_length=100)
    last_name = forms.CharField(label=_("Family name"), max_length=100)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=_settings.LANGUAGES
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args, **kwargs):
        from members.models import TIME_ZONE_CHOICES

        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", "—"), *TIME_ZONE_CHOICES]


class RetentionPolicyForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        from .models import RetentionPolicy

        model = RetentionPolicy
        fields = ["years"]
