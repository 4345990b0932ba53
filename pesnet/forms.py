"""What every form of the portal shares: Bootstrap classes on the widgets, so that the one
form-field partial (templates/includes/form_field.html) can render any field with `{{ field }}`.
"""

from django import forms


def bootstrap_class(widget) -> str | None:
    """The Bootstrap class of a widget (None: a group of inputs styled by its template)."""
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return None
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BootstrapMixin:
    """Adds the Bootstrap class to every widget of the form (keeping classes it already has)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = bootstrap_class(field.widget)
            classes = field.widget.attrs.get("class", "").split()
            if css and css not in classes:
                field.widget.attrs["class"] = " ".join([*classes, css])
