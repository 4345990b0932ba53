"""Spreadsheet export and bulk import of institutions and focal points (tablib: XLSX, CSV).

One sheet, one row per institution or current focal point, told apart by the `record` column.
The import validates every row with the same forms as the pages, shows what would change and
writes nothing unless every row is valid. A file exported here and imported again changes
nothing: the export writes exactly the values the import compares.
"""

import dataclasses
import uuid

import tablib
from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils.translation import gettext as _

from pesnet.exports import spreadsheet_cell, unquote

from .forms import PERSON_FIELDS, InstitutionForm, PlainTextFormMixin
from .models import CURRENT_STATUSES, FocalPoint, Institution, MemberState

SESSION_KEY = "members_import"
INSTITUTION = "institution"
FOCAL_POINT = "focal_point"
HEADERS = [
    "record",
    "iso3",
    "member_state",
    "acronym",
    "name_en",
    "name_ar",
    "name_fr",
    "website",
    "address",
    "role",
    "status",
    "honorific",
    "given_name",
    "family_name",
    "position",
    "institution",
    "email",
    "phone",
    "mobile",
    "phones_shared",
    "preferred_language",
    "time_zone",
]
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _text(value) -> str:
    return "" if value is None else str(value)


# Text written by people (records entered before validation, or through the admin) is quoted
# on export when it starts like a formula (pesnet/exports.py), and unquoted again on import.
_NOT_QUOTED = {"phone", "mobile"}  # phone numbers start with "+" and are validated


def _cell(name: str, value) -> str:
    text = _text(value)
    return text if name in _NOT_QUOTED else spreadsheet_cell(text)


def _uncell(text: str) -> str:
    return unquote(text)


def _institution_key(institution) -> str:
    """How a focal point's row names its institution: the acronym, or the English name."""
    return institution.acronym or institution.name_en


def _find_institution(state, key: str):
    return (
        Institution.objects.filter(member_state=state, acronym=key).first()
        or Institution.objects.filter(member_state=state, acronym="", name_en=key).first()
    )


def directory_dataset() -> tablib.Dataset:
    data = tablib.Dataset(headers=HEADERS, title="PESNET directory")
    empty = dict.fromkeys(HEADERS, "")
    for institution in Institution.objects.select_related("member_state").order_by(
        "member_state__iso3", "acronym", "pk"
    ):
        row = {
            **empty,
            "record": INSTITUTION,
            "iso3": institution.member_state.iso3,
            "member_state": institution.member_state.name_en,
            "acronym": institution.acronym,
            "name_en": institution.name_en,
            "name_ar": _text(institution.name_ar),
            "name_fr": _text(institution.name_fr),
            "website": institution.website,
            "address": institution.address,
            "email": institution.email,
            "phone": _text(institution.phone),
        }
        data.append([_cell(h, row[h]) for h in HEADERS])
    for person in (
        FocalPoint.objects.filter(status__in=CURRENT_STATUSES)
        .select_related("member_state", "institution")
        .order_by("member_state__iso3", "role", "email")
    ):
        row = {
            **empty,
            "record": FOCAL_POINT,
            "iso3": person.member_state.iso3,
            "member_state": person.member_state.name_en,
            "role": person.role,
            "status": person.status,
            "honorific": person.honorific,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "position": person.position,
            "institution": _institution_key(person.institution) if person.institution else "",
            "email": person.email,
            "phone": _text(person.phone),
            "mobile": _text(person.mobile),
            "phones_shared": "true" if person.phones_shared else "false",
            "preferred_language": person.preferred_language,
            "time_zone": person.time_zone,
        }
        data.append([_cell(h, row[h]) for h in HEADERS])
    return data


def export_directory(fmt: str) -> tuple[bytes, str]:
    if fmt not in CONTENT_TYPES:
        raise ValueError(fmt)
    content = directory_dataset().export(fmt)
    if isinstance(content, str):
        content = content.encode("utf-8-sig")
    return content, CONTENT_TYPES[fmt]


# --- Import ---------------------------------------------------------------------------------


class InstitutionRowForm(InstitutionForm):
    """A row of an imported file is checked exactly like the institution form."""


class FocalPointRowForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = FocalPoint
        fields = [*PERSON_FIELDS, "phones_shared"]

    def __init__(self, *args, member_state, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(member_state=member_state)


@dataclasses.dataclass
class RowResult:
    number: int
    record: str
    label: str
    action: str = ""  # "create", "update", "unchanged"
    changes: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)
    form: object = None
    state: object = None
    extra: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Preview:
    rows: list
    errors: list  # file-level
    stored_name: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors and all(not row.errors for row in self.rows)

    def count(self, action) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def _load(content: bytes, name: str) -> tablib.Dataset:
    if name.lower().endswith(".xlsx"):
        return tablib.Dataset().load(content, format="xlsx")
    text = content.decode("utf-8-sig")
    return tablib.Dataset().load(text, format="csv")


def _form_errors(form) -> list[str]:
    out = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        out += [f"{label}: {error}" if label else str(error) for error in errors]
    return out


def _new_row(number, record, label, values, states) -> RowResult:
    """A row's result, with its member state found (or the error that it is unknown)."""
    state = states.get(values["iso3"].upper())
    result = RowResult(number=number, record=record, label=label, state=state)
    if state is None:
        result.errors.append(_("Unknown member state code: %(code)s") % {"code": values["iso3"]})
    return result


def _once_in_file(result, seen, key, message):
    if key in seen:
        result.errors.append(message)
    seen.add(key)


def _judge(result, form, *, creating):
    """What importing the row would do: create, update (which fields), nothing, or refuse."""
    result.form = form
    if not form.is_valid():
        result.errors += _form_errors(form)
        result.action = ""
    elif creating:
        result.action = "create"
    else:
        result.changes = [str(form.fields[name].label) for name in form.changed_data]
        result.action = "update" if result.changes else "unchanged"
    return result


def _institution_row(number, values, states, seen) -> RowResult:
    label = f"{values['iso3']} {values['acronym'] or values['name_en']}"
    result = _new_row(number, INSTITUTION, label, values, states)
    state = result.state
    if state is None:
        return result
    existing = Institution.objects.filter(member_state=state)
    if values["acronym"]:
        existing = existing.filter(acronym=values["acronym"])
    else:
        existing = existing.filter(name_en=values["name_en"])
    instance = existing.first()
    key = ("i", state.pk, values["acronym"] or values["name_en"])
    _once_in_file(result, seen, key, _("This institution appears twice in the file."))
    data = {name: values[name] for name in InstitutionRowForm._meta.fields}
    form = InstitutionRowForm(data, instance=instance)
    return _judge(result, form, creating=instance is None)


def _focal_point_row(number, values, states, seen, pending_institutions) -> RowResult:
    label = f"{values['iso3']} {values['given_name']} {values['family_name']}"
    result = _new_row(number, FOCAL_POINT, label, values, states)
    state = result.state
    if state is None:
        return result
    role = values["role"]
    if role not in FocalPoint.Role.values:
        result.errors.append(_("Unknown role: %(role)s") % {"role": role})
        return result
    email = values["email"].strip().lower()
    instance = FocalPoint.objects.filter(
        member_state=state, email__iexact=email, status__in=CURRENT_STATUSES
    ).first()
    if instance is not None and instance.role != role:
        result.errors.append(
            _("A change of role is a new nomination: record it on the member state's page.")
        )
    key = ("f", state.pk, email)
    _once_in_file(result, seen, key, _("This focal point appears twice in the file."))
    institution_pk = ""
    if values["institution"]:
        institution = _find_institution(state, values["institution"])
        if institution is not None:
            institution_pk = institution.pk
        elif (state.pk, values["institution"]) in pending_institutions:
            result.extra["institution_key"] = values["institution"]
        else:
            result.errors.append(
                _("Unknown institution for this member state: %(acronym)s")
                % {"acronym": values["institution"]}
            )
    data = {name: values[name] for name in PERSON_FIELDS}
    data["institution"] = institution_pk
    data["email"] = email
    if values["phones_shared"].strip().lower() in ("true", "1", "yes"):
        data["phones_shared"] = "on"
    creating = instance is None
    if creating:
        instance = FocalPoint(member_state=state, role=role, status=FocalPoint.Status.SUBMITTED)
    form = FocalPointRowForm(data, instance=instance, member_state=state)
    return _judge(result, form, creating=creating)


def preview_content(content: bytes, name: str) -> Preview:
    try:
        dataset = _load(content, name)
    except Exception:  # noqa: BLE001 - any parser failure is the user's file, not a 500
        return Preview(rows=[], errors=[_("The file could not be read as XLSX or CSV.")])
    headers = [(_text(h)).strip() for h in (dataset.headers or [])]
    missing = [h for h in ("record", "iso3") if h not in headers]
    if missing:
        return Preview(
            rows=[],
            errors=[_("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}],
        )
    states = {state.iso3: state for state in MemberState.objects.all()}
    seen: set = set()
    rows = []
    records = []
    for number, raw in enumerate(dataset, start=2):
        values = dict.fromkeys(HEADERS, "")
        values.update({h: _uncell(_text(v).strip()) for h, v in zip(headers, raw, strict=False)})
        records.append((number, values))
    pending_institutions = {
        (states[v["iso3"].upper()].pk, v["acronym"] or v["name_en"])
        for _n, v in records
        if v["record"] == INSTITUTION and v["iso3"].upper() in states
    }
    for number, values in records:
        if values["record"] == INSTITUTION:
            rows.append(_institution_row(number, values, states, seen))
        elif values["record"] == FOCAL_POINT:
            rows.append(_focal_point_row(number, values, states, seen, pending_institutions))
        elif any(values.values()):
            row = RowResult(number=number, record=values["record"], label="")
            row.errors.append(_("The record column must be “institution” or “focal_point”."))
            rows.append(row)
    if not rows:
        return Preview(rows=[], errors=[_("The file has no rows to import.")])
    return Preview(rows=rows, errors=[])


def preview_upload(upload) -> Preview:
    content = upload.read()
    preview = preview_content(content, upload.name)
    if preview.is_valid:
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        preview.stored_name = storages["private"].save(
            f"imports/{uuid.uuid4().hex}{suffix}", ContentFile(content)
        )
    return preview


def remember(session, preview: Preview) -> None:
    session[SESSION_KEY] = preview.stored_name


def forget(session) -> None:
    name = session.pop(SESSION_KEY, None)
    if name:
        storages["private"].delete(name)


def preview_stored(name) -> Preview | None:
    storage = storages["private"]
    if not name or not name.startswith("imports/") or not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        return preview_content(handle.read(), name)


@transaction.atomic
def apply(preview: Preview, *, by) -> dict:
    """Write every change of a valid preview; institutions first so people can refer to them."""
    if not preview.is_valid:
        raise ValueError("Refusing to apply an import with errors.")
    summary = {"created": 0, "updated": 0, "unchanged": 0}
    ordered = sorted(preview.rows, key=lambda row: row.record != INSTITUTION)
    for row in ordered:
        if row.action == "unchanged":
            summary["unchanged"] += 1
            continue
        instance = row.form.save(commit=False)
        if row.record == INSTITUTION:
            instance.member_state = row.state
        elif "institution_key" in row.extra:
            instance.institution = _find_institution(row.state, row.extra["institution_key"])
        instance._history_user = by
        instance.save()
        summary["created" if row.action == "create" else "updated"] += 1
    return summary
