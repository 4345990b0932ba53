from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.models import MemberState, Organisation
from pesnet.forms import BootstrapMixin
from pesnet.uploads import EVIDENCE

from .models import Activity, Category, Milestone, ProgressExport, WorkPlan


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in data]


class ProgressReportForm(BootstrapMixin, forms.Form):
    date = forms.DateField(
        label=_("Date of the report"), widget=forms.DateInput(attrs={"type": "date"})
    )
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        help_text=_("How far the activity has come, from 0 to 100."),
        error_messages={
            "min_value": _("Progress is a percentage between 0 and 100."),
            "max_value": _("Progress is a percentage between 0 and 100."),
        },
        min_value=0,
        max_value=100,
    )
    narrative = forms.CharField(
        label=_("Narrative"),
        help_text=_("What was done, with whom, and what comes next. Simple formatting is kept."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
    )
    evidence = MultipleFileField(
        label=_("Evidence"),
        required=False,
        help_text=_(
            "Up to %(files)d files of at most %(size)d MB each: PDF, images (PNG, JPEG, WebP) "
            "or office documents."
        )
        % {"files": EVIDENCE.max_files, "size": EVIDENCE.max_megabytes},
        widget=MultipleFileInput(attrs={"accept": EVIDENCE.accept}),
    )


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("revise", _("Ask for revision"))],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Comment to the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class PlanFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Activity.Status.choices],
    )
    lead = forms.ChoiceField(label=_("Lead"), required=False, choices=[("", _("All leads"))])
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, lead_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] += (
                " form-select-sm" if isinstance(field.widget, forms.Select) else ""
            )
        self.fields["lead"].choices = [("", _("All leads")), *lead_choices]


class WorkPlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = [
            "start_year",
            "end_year",
            "title_en",
            "title_ar",
            "title_fr",
            "adopted_on",
            "adopted_at_meeting",
            "adopted_at_en",
            "adopted_at_ar",
            "adopted_at_fr",
            "is_demo",
        ]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year cannot be before the first year."))
        return data


class ActivityForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "code",
            "title_en",
            "title_ar",
            "title_fr",
            "description_en",
            "description_ar",
            "description_fr",
            "category",
            "lead_member_state",
            "lead_organisation",
            "partners",
            "beneficiaries",
            "planned_start",
            "planned_end",
            "status",
            "progress",
            "parent",
            "weight",
        ]
        widgets = {
            "planned_start": forms.DateInput(attrs={"type": "date"}),
            "planned_end": forms.DateInput(attrs={"type": "date"}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "description_fr": forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "partners": forms.CheckboxSelectMultiple,
            "beneficiaries": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["title_en"].required = True
        self.fields["partners"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.PARTNER
        ).order_by("acronym")
        self.fields["lead_organisation"].queryset = Organisation.objects.order_by("acronym")
        self.fields["lead_member_state"].queryset = MemberState.objects.all()
        self.fields["beneficiaries"].queryset = MemberState.objects.all()
        parents = plan.activities.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            if self.instance.children.exists():
                # A parent's progress is computed from its sub-activities.
                self.fields["progress"].disabled = True
                self.fields["progress"].help_text = _(
                    "Computed from the sub-activities (weighted average)."
                )
        self.fields["parent"].queryset = parents
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = self.instance.plan.activities.filter(code=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another activity of this plan has this code."))
        return code

    def clean_progress(self):
        value = self.cleaned_data.get("progress")
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("Progress is a percentage between 0 and 100."))
        return value


class MilestoneForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["date", "title_en", "title_ar", "title_fr", "done"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = True


MilestoneFormSet = forms.inlineformset_factory(
    Activity, Milestone, form=MilestoneForm, extra=2, can_delete=True
)


class ExportForm(BootstrapMixin, forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ProgressExport.Format.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
