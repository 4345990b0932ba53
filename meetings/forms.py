import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.models import MemberState, Organisation
from pesnet.uploads import MEETING_DOCUMENT

from .models import AgendaItem, Meeting, MeetingDocument

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time without a zone; the form reads it in the meeting's own zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)
    input_formats = [LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def to_python(self, value):
        result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result

    def prepare_value(self, value):
        return value


def _wall(moment, zone):
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None) if moment else None


class MeetingForm(BootstrapMixin, forms.ModelForm):
    start = LocalDateTimeField(label=_("start"))
    end = LocalDateTimeField(label=_("end"))
    registration_deadline = LocalDateTimeField(label=_("registration deadline"), required=False)

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "number",
            "title_en",
            "title_ar",
            "title_fr",
            "description_en",
            "description_ar",
            "description_fr",
            "time_zone",
            "start",
            "end",
            "registration_deadline",
            "mode",
            "place_en",
            "place_ar",
            "place_fr",
            "online_link",
            "host_organisation",
            "activity_id",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl"}),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "place_ar": forms.TextInput(attrs={"dir": "rtl"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .links import activity_choices

        self.fields["title_en"].required = True
        self.fields["host_organisation"].queryset = Organisation.objects.order_by("name_en")
        choices = activity_choices()
        if choices:
            self.fields["activity_id"] = forms.TypedChoiceField(
                label=_("work-plan activity"),
                choices=[("", "—"), *choices],
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("For a PES-CaB training: the activity it belongs to."),
            )
        else:
            self.fields["activity_id"].widget = forms.HiddenInput()
        if self.instance.pk:
            zone = self.instance.time_zone
            for name in ("start", "end", "registration_deadline"):
                self.initial[name] = _wall(getattr(self.instance, name), zone)
        self._style()

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if zone:
            tz = ZoneInfo(zone)
            for name in ("start", "end", "registration_deadline"):
                if data.get(name):
                    data[name] = data[name].replace(tzinfo=tz)
        start, end = data.get("start"), data.get("end")
        deadline = data.get("registration_deadline")
        if start and end and end <= start:
            self.add_error("end", _("The meeting must end after it starts."))
        if start and deadline and deadline > start:
            self.add_error(
                "registration_deadline",
                _("The registration deadline must be before the meeting starts."),
            )
        if data.get("kind") != Meeting.Kind.TRAINING:
            data["activity_id"] = None
        return data

    def _post_clean(self):
        # The aware values, not the wall-clock ones, go to the model.
        super()._post_clean()
        for name in ("start", "end", "registration_deadline"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])


class AgendaItemForm(BootstrapMixin, forms.ModelForm):
    start = LocalDateTimeField(label=_("start"), required=False)

    class Meta:
        model = AgendaItem
        fields = [
            "title_en",
            "title_ar",
            "title_fr",
            "start",
            "duration_minutes",
            "speaker",
            "presenter_state",
            "presenter_organisation",
            "documents",
        ]
        widgets = {
            "title_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "documents": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["title_en"].required = True
        self.fields["presenter_state"].queryset = MemberState.objects.order_by("name_en")
        self.fields["presenter_organisation"].queryset = Organisation.objects.order_by("name_en")
        self.fields["documents"].queryset = meeting.documents.filter(is_current=True)
        self.fields["speaker"].label = _("presenter (a person)")
        if self.instance.pk and self.instance.start:
            self.initial["start"] = _wall(self.instance.start, meeting.time_zone)
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("start"):
            data["start"] = data["start"].replace(tzinfo=ZoneInfo(self.meeting.time_zone))
            if not (self.meeting.start <= data["start"] <= self.meeting.end):
                self.add_error("start", _("An agenda item starts during the meeting."))
        return data

    def _post_clean(self):
        super()._post_clean()
        if "start" in self.cleaned_data:
            self.instance.start = self.cleaned_data["start"]


class DocumentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    kind = forms.ChoiceField(label=_("kind"), choices=MeetingDocument.Kind.choices)
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)
    is_public = forms.BooleanField(
        label=_("public"), required=False, help_text=_("Unticked: network members only.")
    )
    file = forms.FileField(
        label=_("file"),
        help_text=_(
            "PDF, DOCX, PPTX or XLSX, at most 25 MB. The same title, kind and language "
            "makes a new version."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.pptx,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        MEETING_DOCUMENT.check(upload)
        return upload


class InvitationForm(BootstrapMixin, forms.Form):
    everyone = forms.BooleanField(label=_("All member states"), required=False, initial=True)
    states = forms.ModelMultipleChoiceField(
        label=_("Or only these member states"),
        queryset=MemberState.objects.order_by("name_en"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    chair = forms.BooleanField(label=_("The chair"), required=False, initial=True)
    others = forms.CharField(
        label=_("Partner contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_("One per line: name, e-mail address."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_others(self):
        rows = []
        field = forms.EmailField()
        for number, line in enumerate(self.cleaned_data["others"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, email = line.rpartition(",")
            try:
                email = field.clean(email.strip())
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(number)d: write a name, a comma and an e-mail address."),
                    params={"number": number},
                ) from None
            rows.append((name.strip(), email))
        return rows

    def clean(self):
        data = super().clean()
        if (
            not data.get("everyone")
            and not data.get("states")
            and not data.get("chair")
            and (not data.get("others"))
        ):
            raise forms.ValidationError(_("Choose whom to invite."))
        return data


class DelegateForm(BootstrapMixin, forms.Form):
    member_state = forms.ModelChoiceField(
        label=_("member state"), queryset=MemberState.objects.order_by("name_en")
    )
    name = forms.CharField(label=_("name"), max_length=200)
    position = forms.CharField(label=_("position"), max_length=200, required=False)
    email = forms.EmailField(label=_("e-mail"))
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)

    def __init__(self, *args, state=None, **kwargs):
        super().__init__(*args, **kwargs)
        if state is not None:
            self.fields["member_state"].queryset = MemberState.objects.filter(pk=state.pk)
            self.fields["member_state"].initial = state.pk
        self._style()


class MinutesForm(BootstrapMixin, forms.Form):
    minutes_en = forms.CharField(
        label=_("Minutes (English)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    minutes_ar = forms.CharField(
        label=_("Minutes (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "rtl"}),
    )
    minutes_fr = forms.CharField(
        label=_("Minutes (French)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    publish = forms.BooleanField(label=_("Publish the minutes"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


EXPORT_COLUMNS = [
    ("state", _("Member state")),
    ("name", _("Name")),
    ("position", _("Position")),
    ("email", _("E-mail")),
    ("status", _("Status")),
    ("organisation", _("Organisation")),
]


class ExportForm(BootstrapMixin, forms.Form):
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=EXPORT_COLUMNS,
        initial=[key for key, _label in EXPORT_COLUMNS],
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "XLSX"), ("pdf", "PDF")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def naive_day(value: datetime.datetime) -> str:
    return value.strftime(LOCAL_FORMAT)
