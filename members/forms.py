import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from pesnet.forms import BootstrapMixin
from pesnet.uploads import NOMINATION_LETTER

from .models import (
    TIME_ZONE_CHOICES,
    FocalPoint,
    Institution,
    Invitation,
    OICGroup,
    SendingAuthority,
)
from .text import has_unsafe_characters

IMPORT_MAX_BYTES = 5 * 1024 * 1024
FORMULA_PREFIXES = ("=", "@")
_HTML = re.compile(r"<[^>]*>|<|>|&[#a-zA-Z0-9]+;")


def validate_plain_text(value):
    """Names and positions are plain text: no markup, no control or bidi-override characters."""
    if not value:
        return
    value = str(value)
    if has_unsafe_characters(value):
        raise ValidationError(
            _("Remove control or text-direction characters from this field."), code="unsafe"
        )
    if _HTML.search(value):
        raise ValidationError(_("HTML is not allowed in this field."), code="html")
    if value.lstrip().startswith(FORMULA_PREFIXES):
        # Spreadsheets would run it as a formula when the directory is exported.
        raise ValidationError(_("The text cannot start with = or @."), code="formula")


class PlainTextFormMixin(BootstrapMixin):
    """Every text input of the form is checked by validate_plain_text, and trimmed."""

    plain_text_exempt = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field, forms.EmailField | PhoneNumberField)
                and name not in self.plain_text_exempt
            ):
                field.validators.append(validate_plain_text)


class InvitationForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["role", "given_name", "family_name", "email", "language"]


PERSON_FIELDS = [
    "honorific",
    "given_name",
    "family_name",
    "position",
    "institution",
    "email",
    "phone",
    "mobile",
    "preferred_language",
    "time_zone",
]


class FocalPointDetailsForm(PlainTextFormMixin, forms.ModelForm):
    """A focal point's own contact details (and the secretariat's edit of them)."""

    class Meta:
        model = FocalPoint
        fields = [*PERSON_FIELDS, "phones_shared"]

    def __init__(self, *args, secretariat=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = self.instance.member_state.institutions.all()
        self.fields["time_zone"].choices = [("", "—"), *TIME_ZONE_CHOICES]
        if not secretariat:
            # Whether phones are shown to other states is the secretariat's decision.
            del self.fields["phones_shared"]


class InstitutionForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name_en", "name_ar", "name_fr", "acronym", "website", "address", "email"]
        fields += ["phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True


class ProposeAlternateForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = FocalPoint
        # The person's details less what they add themselves once nominated.
        fields = [name for name in PERSON_FIELDS if name not in ("mobile", "time_zone")]

    def __init__(self, *args, member_state, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = member_state.institutions.all()


class NominationForm(PlainTextFormMixin, forms.Form):
    letter = forms.FileField(
        label=_("Official nomination letter (PDF, at most 10 MB)"),
        validators=[NOMINATION_LETTER.validator()],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    sending_authority = forms.ChoiceField(label=_("Sending authority"), choices=SendingAuthority)
    sending_authority_name = forms.CharField(
        label=_("Name of the sending authority"), max_length=200, required=False
    )
    effective_from = forms.DateField(
        label=_("Effective date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, letter_on_file=False, **kwargs):
        super().__init__(*args, **kwargs)
        if letter_on_file:
            self.fields["letter"].required = False


class WithdrawForm(PlainTextFormMixin, forms.Form):
    """The secretariat ends a focal point's term without a successor (retirement, a letter)."""

    effective_to = forms.DateField(
        label=_("Last day as focal point"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example: retired, left the institution, letter of the ministry."),
    )

    def __init__(self, *args, focal_point, **kwargs):
        super().__init__(*args, **kwargs)
        self.focal_point = focal_point

    def clean_effective_to(self):
        from django.utils import timezone

        day = self.cleaned_data["effective_to"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        start = self.focal_point.effective_from
        if start and day < start:
            raise ValidationError(
                _("The date cannot be before the start of the term (%(date)s).")
                % {"date": start.isoformat()},
                code="before_start",
            )
        return day


class NewNominationForm(PlainTextFormMixin, forms.ModelForm):
    """A letter naming a person who has no record yet: the person and the nomination at once."""

    class Meta:
        model = FocalPoint
        fields = ["role", "honorific", "given_name", "family_name", "position", "institution"]
        fields += ["email", "phone", "preferred_language"]

    def __init__(self, *args, member_state, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = member_state.institutions.all()
        nomination = NominationForm()
        for name, field in nomination.fields.items():
            self.fields[name] = field

    def person(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def nomination(self) -> dict:
        return {
            "letter": self.cleaned_data["letter"],
            "sending_authority": self.cleaned_data["sending_authority"],
            "sending_authority_name": self.cleaned_data["sending_authority_name"],
            "effective_from": self.cleaned_data["effective_from"],
        }


class DirectoryFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    group = forms.ChoiceField(
        label=_("OIC group"), choices=[("", _("All groups")), *OICGroup.choices], required=False
    )
    status = forms.ChoiceField(label=_("Nomination status"), required=False)

    def __init__(self, *args, **kwargs):
        from .selectors import DirectoryStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *DirectoryStatus.choices]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV, as exported from the directory)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise ValidationError(_("Upload an XLSX or CSV file."))
        return upload


class CorrectionsForm(PlainTextFormMixin, forms.Form):
    """The secretariat asks a nominee to correct the details they submitted."""

    note = forms.CharField(
        label=_("What should be corrected"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the nominee by e-mail, in their language, with a link to the form."),
    )
