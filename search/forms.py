from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind

LANGUAGE_CHOICES = [
    ("", _("All languages")),
    ("ar", "العربية"),
    ("en", "English"),
    ("fr", "Français"),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False, strip=True)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Everything"))] + list(Kind.choices), required=False
    )
    meeting = forms.IntegerField(label=_("Meeting"), required=False, min_value=1)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    page = forms.IntegerField(required=False, min_value=1)


class LibraryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    meeting = forms.IntegerField(label=_("Meeting"), required=False, min_value=1)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)

    def __init__(self, *args, **kwargs):
        from .library import DocumentKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind"))] + DocumentKind.choices
