"""The one base class of the domain's refusals.

A service that refuses an action (a rule of the domain, not a programming error) raises a
`DomainError` with a translated message, optionally naming the form field it is about. Views
turn it into that message next to the field (`add_to_form`) or into a flash message
(`messages_of`); it is a ValidationError, so forms and the admin understand it too.
"""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    def __init__(self, message, *, field: str | None = None, code: str | None = None, params=None):
        if field:
            super().__init__({field: [ValidationError(message, code=code, params=params)]})
        else:
            super().__init__(message, code=code, params=params)


def add_to_form(form, error: ValidationError) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def messages_of(error: ValidationError) -> str:
    """The refusal as one sentence for a flash message."""
    return " ".join(error.messages)
