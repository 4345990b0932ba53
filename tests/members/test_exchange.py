import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import FocalPoint, Institution

from ..factories import FocalPointFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory_data(states):
    iskur = InstitutionFactory(
        member_state=states["TUR"],
        acronym="İŞKUR",
        name_en="Turkish Employment Agency",
        name_ar="وكالة التوظيف التركية",
        name_fr="Agence turque pour l'emploi",
        phone="+903122922900",
        website="https://www.iskur.gov.tr",
    )
    anapec = InstitutionFactory(member_state=states["MAR"], acronym="ANAPEC", name_en="ANAPEC")
    no_acronym = InstitutionFactory(
        member_state=states["SEN"], acronym="", name_en="Ministry of Employment"
    )
    FocalPointFactory(
        member_state=states["SEN"], institution=no_acronym, position="-", status="submitted"
    )
    FocalPointFactory(
        member_state=states["TUR"],
        institution=iskur,
        given_name="Zeynep",
        family_name="Aydın",
        phone="+903122922901",
        phones_shared=True,
        time_zone="Europe/Istanbul",
    )
    FocalPointFactory(
        member_state=states["MAR"],
        institution=anapec,
        given_name="يوسف",
        family_name="العمراني",
        preferred_language="ar",
        role="alternate",
        status="submitted",
    )


def _snapshot():
    institutions = list(Institution.objects.order_by("pk").values())
    people = list(FocalPoint.objects.order_by("pk").values())
    history = FocalPoint.history.count() + Institution.history.count()
    return institutions, people, history


def _upload(client, content, name):
    return client.post(reverse("members:import"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_of_the_same_file_changes_nothing(
    client, secretariat_user, directory_data, fmt
):
    client.force_login(secretariat_user)
    exported = client.get(reverse("members:export", kwargs={"fmt": fmt}))
    assert exported.status_code == 200
    before = _snapshot()
    preview = _upload(client, exported.content, f"directory.{fmt}")
    assert preview.status_code == 200
    result = preview.context["preview"]
    assert result.is_valid, [(row.label, row.errors) for row in result.rows]
    assert {row.action for row in result.rows} == {"unchanged"}, [
        (row.label, row.changes) for row in result.rows
    ]
    response = client.post(reverse("members:import"), {"apply": "1"})
    assert response.status_code == 302
    assert _snapshot() == before


def test_export_contains_both_kinds_of_rows_in_utf8(client, secretariat_user, directory_data):
    client.force_login(secretariat_user)
    content = client.get(reverse("members:export", kwargs={"fmt": "csv"})).content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert {row["record"] for row in rows} == {"institution", "focal_point"}
    assert any(row["family_name"] == "العمراني" for row in rows)
    assert any(row["acronym"] == "İŞKUR" for row in rows)


def _csv(rows):
    from members.exchange import HEADERS

    data = tablib.Dataset(headers=HEADERS)
    for row in rows:
        data.append([row.get(h, "") for h in HEADERS])
    return data.export("csv").encode()


def test_import_previews_then_creates_and_updates(client, secretariat_user, directory_data):
    client.force_login(secretariat_user)
    content = _csv(
        [
            {
                "record": "institution",
                "iso3": "SEN",
                "acronym": "ANPEJ",
                "name_en": "National Agency for Youth Employment",
                "email": "contact@anpej.example.org",
                "phone": "+221338000001",
            },
            {
                "record": "focal_point",
                "iso3": "SEN",
                "role": "primary",
                "given_name": "Awa",
                "family_name": "Ndiaye",
                "institution": "ANPEJ",
                "email": "awa@example.org",
                "preferred_language": "fr",
                "phones_shared": "false",
            },
            {
                "record": "institution",
                "iso3": "MAR",
                "acronym": "ANAPEC",
                "name_en": "National Agency for the Promotion of Employment and Skills",
            },
        ]
    )
    before = _snapshot()
    preview = _upload(client, content, "changes.csv").context["preview"]
    assert [row.action for row in preview.rows] == ["create", "create", "update"]
    assert _snapshot() == before  # a preview writes nothing
    client.post(reverse("members:import"), {"apply": "1"})
    person = FocalPoint.objects.get(email="awa@example.org")
    assert person.status == "submitted"  # verification stays a separate act
    assert person.institution.acronym == "ANPEJ"
    assert person.history.latest().history_user == secretariat_user
    assert Institution.objects.get(acronym="ANAPEC").name_en.startswith("National Agency")


def test_import_writes_nothing_if_any_row_is_invalid(client, secretariat_user, directory_data):
    client.force_login(secretariat_user)
    content = _csv(
        [
            {"record": "institution", "iso3": "SEN", "acronym": "OK", "name_en": "Fine"},
            {
                "record": "focal_point",
                "iso3": "SEN",
                "role": "primary",
                "given_name": "Bad\u202eName",
                "family_name": "<b>x</b>",
                "email": "not-an-email",
                "phone": "12",
                "preferred_language": "xx",
            },
            {"record": "institution", "iso3": "XXX", "name_en": "Nowhere"},
            {"record": "something", "iso3": "SEN"},
        ]
    )
    before = _snapshot()
    response = _upload(client, content, "bad.csv")
    preview = response.context["preview"]
    assert not preview.is_valid
    errors = {row.number: " ".join(row.errors) for row in preview.rows}
    assert "control or text-direction" in errors[3]
    assert "HTML" in errors[3]
    assert "e-mail" in errors[3].lower()
    assert "Unknown member state" in errors[4]
    assert "record column" in errors[5]
    assert 'data-testid="apply-import"' not in response.content.decode()
    # Applying anyway finds nothing stored to apply.
    client.post(reverse("members:import"), {"apply": "1"})
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x00\x01garbage", "x.xlsx", "could not be read"),
        (b"a,b\n1,2\n", "x.csv", "Missing columns"),
        (b"hello", "x.txt", "Upload an XLSX or CSV file"),
    ],
)
def test_unreadable_files_are_refused(client, secretariat_user, content, name, message):
    client.force_login(secretariat_user)
    response = _upload(client, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_vcards(client, secretariat_user, directory_data):
    import vobject

    client.force_login(secretariat_user)
    response = client.get(reverse("members:vcards"))
    assert response["Content-Type"].startswith("text/vcard")
    cards = list(vobject.readComponents(response.content.decode()))
    assert {card.fn.value for card in cards} == {"Zeynep Aydın"}  # active ones
    person = FocalPoint.objects.get(given_name="Zeynep")
    one = client.get(reverse("members:vcard", kwargs={"pk": person.pk})).content.decode()
    card = vobject.readOne(one)
    assert card.tel.value == "+903122922901"
    assert card.email.value == person.email


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_formula_like_text_is_quoted_on_export_and_restored_on_import(
    client, secretariat_user, states, fmt
):
    """A position entered through the admin before validation cannot run in a spreadsheet."""
    person = FocalPointFactory(member_state=states["TUR"], position='=HYPERLINK("x")')
    client.force_login(secretariat_user)
    content = client.get(reverse("members:export", kwargs={"fmt": fmt})).content
    data = tablib.Dataset().load(
        content if fmt == "xlsx" else content.decode("utf-8-sig"), format=fmt
    )
    positions = [row[data.headers.index("position")] for row in data]
    assert '\'=HYPERLINK("x")' in positions
    # The import reads it back unquoted, then refuses it as a formula: nothing is written.
    preview = _upload(client, content, f"directory.{fmt}").context["preview"]
    errors = " ".join(" ".join(row.errors) for row in preview.rows)
    assert "cannot start with = or @" in errors
    person.refresh_from_db()
    assert person.position == '=HYPERLINK("x")'
