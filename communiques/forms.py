from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from members.models import MemberState, Organisation
from pesnet.forms import BootstrapMixin
from workplan.models import Activity, WorkPlan

from .importer import MAX_DOCUMENT_BYTES
from .models import LANGUAGES, Communique, FollowUp, Paragraph, RulesArticle

LANGUAGE_CHOICES = [("ar", _("Arabic")), ("en", _("English")), ("fr", _("French"))]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


class ImportForm(BootstrapMixin, forms.Form):
    document = forms.FileField(
        label=_("Document"),
        help_text=_("Plain text or Markdown (.txt, .md) in UTF-8, at most 200 KB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,text/plain,text/markdown"}),
    )
    language = forms.ChoiceField(label=_("Language of the document"), choices=LANGUAGE_CHOICES)
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.all(),
        required=False,
        empty_label=_("Recognise it from the dates in the document"),
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        name = (document.name or "").lower()
        if not name.endswith((".txt", ".md", ".markdown")):
            raise forms.ValidationError(_("Upload a .txt or .md file."))
        if document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 KB."))
        return document


class CommuniqueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, communique):
        return _("%(communique)s (now linked to: %(meeting)s)") % {
            "communique": communique,
            "meeting": communique.meeting.title,
        }


class LinkCommuniqueForm(BootstrapMixin, forms.Form):
    """Link an existing communiqué to a meeting (from the meeting's page)."""

    communique = CommuniqueChoiceField(
        label=_("Communiqué"),
        queryset=Communique.objects.select_related("meeting").order_by("-date"),
        help_text=_("It leaves the meeting it is linked to now."),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communique"].queryset = self.fields["communique"].queryset.exclude(
            meeting=meeting
        )


class ParagraphForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, paragraph: Paragraph, **kwargs):
        self.paragraph = paragraph
        initial = {}
        for code in LANGUAGES:
            initial[f"lead_{code}"] = getattr(paragraph, f"lead_{code}") or ""
            initial[f"body_{code}"] = getattr(paragraph, f"body_{code}") or ""
        super().__init__(*args, initial=initial, prefix=f"p{paragraph.pk}", **kwargs)
        for code in LANGUAGES:
            direction = "rtl" if code == "ar" else "ltr"
            self.fields[f"lead_{code}"] = forms.CharField(
                label=_("Lead phrase (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"dir": direction, "lang": code}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=5000,
                required=False,
                widget=forms.Textarea(attrs={"dir": direction, "lang": code, "rows": 4}),
            )


class HeaderForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Communique
        fields = [
            "date",
            *(f"{name}_{code}" for name in ("title", "heading", "place") for code in LANGUAGES),
            *(f"opening_{code}" for code in LANGUAGES),
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{f"opening_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGES},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name[-3:] in ("_ar", "_en", "_fr"):
                field.widget.attrs.update(
                    {"dir": "rtl" if name.endswith("_ar") else "ltr", "lang": name[-2:]}
                )


class ConsultationForm(BootstrapMixin, forms.Form):
    deadline = forms.DateTimeField(
        label=_("Comments accepted until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline


class CommentForm(BootstrapMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = [
            "action_en",
            "action_ar",
            "action_fr",
            "responsible",
            "member_state",
            "partner",
            "due_date",
            "status",
            "link",
            "meeting",
            "activity",
            "work_plan",
        ]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, communique=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_en"].required = True
        self.fields["action_ar"].widget.attrs.update({"dir": "rtl", "lang": "ar"})
        self.fields["member_state"].queryset = MemberState.objects.all()
        self.fields["partner"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.PARTNER
        )
        activity = self.fields["activity"]
        activity.queryset = Activity.objects.select_related("plan").order_by(
            "-plan__start_year", "code"
        )
        activity.label_from_instance = lambda a: f"{a.plan.period} · {a.code} {a.title}"
        activity.help_text = _("With the link “A work-plan activity”.")
        self.fields["work_plan"].queryset = WorkPlan.objects.order_by("-start_year")
        self.fields["work_plan"].help_text = _("With the link “The work plan”.")
        if communique is not None:
            self.fields["paragraph"] = forms.ModelChoiceField(
                label=_("Operative paragraph"),
                queryset=communique.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).order_by(
                    "order"
                ),
            )
            self.order_fields(["paragraph"])

    def clean(self):
        data = super().clean()
        responsible = data.get("responsible")
        if responsible == FollowUp.Responsible.MEMBER_STATE and not data.get("member_state"):
            self.add_error("member_state", _("Name the member state responsible."))
        if responsible == FollowUp.Responsible.PARTNER and not data.get("partner"):
            self.add_error("partner", _("Name the partner responsible."))
        if data.get("link") == FollowUp.Link.MEETING and not data.get("meeting"):
            self.add_error("meeting", _("Choose the meeting this action leads to."))
        if data.get("link") == FollowUp.Link.ACTIVITY and not data.get("activity"):
            self.add_error("activity", _("Choose the work-plan activity this action carries out."))
        if data.get("link") == FollowUp.Link.WORK_PLAN and not data.get("work_plan"):
            self.add_error("work_plan", _("Choose the work plan this action carries out."))
        return data


class RulesAdoptionForm(BootstrapMixin, forms.Form):
    meeting = forms.ModelChoiceField(label=_("Adopted at"), queryset=Meeting.objects.all())
    adopted_on = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note_en = forms.CharField(label=_("What changed (English)"), max_length=500, required=False)
    note_ar = forms.CharField(
        label=_("What changed (Arabic)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    note_fr = forms.CharField(label=_("What changed (French)"), max_length=500, required=False)


class ArticleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = RulesArticle
        fields = [f"{name}_{code}" for name in ("title", "body") for code in LANGUAGES]
        widgets = {f"body_{code}": forms.Textarea(attrs={"rows": 5}) for code in LANGUAGES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = True
        self.fields["body_en"].required = True
        for code in LANGUAGES:
            value = self.initial.get(f"body_{code}") or ""
            self.initial[f"body_{code}"] = value.replace("<br>", "\n")
        for name, field in self.fields.items():
            field.widget.attrs.update({"dir": "rtl" if name.endswith("_ar") else "ltr"})
