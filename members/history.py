"""The history of a member state's contact data, read from django-simple-history: who changed
what and when, for its focal points and institutions, in two queries."""

import dataclasses
import datetime

from .models import FocalPoint, Institution

FOCAL_POINT_FIELDS = [
    "status",
    "role",
    "honorific",
    "given_name",
    "family_name",
    "position",
    "institution_id",
    "email",
    "phone",
    "mobile",
    "phones_shared",
    "preferred_language",
    "time_zone",
    "effective_from",
    "effective_to",
    "details_confirmed_at",
    "nomination_letter",
    "sending_authority",
    "sending_authority_name",
    "user_id",
]
INSTITUTION_FIELDS = ["name_en", "name_ar", "name_fr", "acronym", "website", "address"]
INSTITUTION_FIELDS += ["email", "phone"]


@dataclasses.dataclass
class Change:
    when: datetime.datetime
    who: object
    subject: str
    kind: str  # "+", "~", "-"
    fields: list  # verbose names of the changed fields


def _changes(records, fields, model, subject):
    """Consecutive records of one object compared field by field."""
    previous: dict = {}
    out = []
    for record in records:
        before = previous.get(record.id)
        if before is None:
            changed = []
        else:
            changed = [
                str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
                for name in fields
                if getattr(before, name) != getattr(record, name)
            ]
        if before is None or changed or record.history_type != "~":
            out.append(
                Change(
                    when=record.history_date,
                    who=record.history_user,
                    subject=subject(record),
                    kind=record.history_type,
                    fields=changed,
                )
            )
        previous[record.id] = record
    return out


def state_history(state, limit: int = 200) -> list[Change]:
    focal_records = (
        FocalPoint.history.filter(member_state_id=state.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    institution_records = (
        Institution.history.filter(member_state_id=state.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    changes = _changes(
        focal_records, FOCAL_POINT_FIELDS, FocalPoint, lambda r: f"{r.given_name} {r.family_name}"
    )
    changes += _changes(
        institution_records, INSTITUTION_FIELDS, Institution, lambda r: r.name_en or r.acronym
    )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]
