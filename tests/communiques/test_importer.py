import pytest
from django.core.management import CommandError, call_command

from communiques.importer import DocumentError, parse_document
from communiques.models import Communique, Paragraph
from communiques.services import WorkflowError, import_communique
from communiques.text import to_text

from .conftest import arabic_source, english_source

ARABIC_LEADS = [
    "يسلم بأهمية",
    "يشدد على",
    "يحيط علماً",
    "يشجع",
    "يدعو",
    "يدعو",
    "يؤكد من جديد",
    "يعتمد",
    "يصادق على",
    "يوصي",
    "يعرب",
    "يطلب",
]
ENGLISH_LEADS = [
    "Recognizes",
    "Stresses",
    "Takes note",
    "Encourages",
    "Calls upon",
    "Calls upon",
    "Reaffirms",
    "Adopts",
    "Endorses",
    "Recommends",
    "Expresses",
    "Requests",
]


def test_the_shared_arabic_communique_has_6_preambular_and_12_operative_paragraphs():
    parsed = parse_document(arabic_source(), "ar")
    assert parsed.title == "البيان الختامي"
    assert "الاجتماع الثالث" in parsed.heading
    assert (parsed.start.isoformat(), parsed.end.isoformat()) == ("2021-06-02", "2021-06-03")
    assert parsed.opening.startswith("إن الاجتماع الثالث")
    assert len(parsed.preambular) == 6
    assert [p.lead for p in parsed.operative] == ARABIC_LEADS
    assert [p.number for p in parsed.operative] == list(range(1, 13))
    # Paragraphs 1 and 7 are not bold in the file: the lexicon recognises their lead verbs.
    assert parsed.operative[0].lead_source == "lexicon"
    assert parsed.operative[6].lead_source == "lexicon"
    assert {p.lead_source for i, p in enumerate(parsed.operative) if i not in (0, 6)} == {"bold"}
    assert parsed.operative[0].body.startswith("تعزيز الشراكات")
    assert "**" not in "".join(p.body + p.lead for p in parsed.paragraphs)
    assert parsed.preambular[0].lead == "إذ يشير إلى"


def test_the_english_version_imports_and_aligns_with_the_arabic(communique):
    paragraphs = list(communique.paragraphs.all())
    assert [p.kind for p in paragraphs].count(Paragraph.Kind.PREAMBULAR) == 6
    operative = [p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE]
    assert [p.lead_ar for p in operative] == ARABIC_LEADS
    assert [p.lead_en for p in operative] == ENGLISH_LEADS
    assert all(p.body_ar and p.body_en for p in paragraphs)
    assert "Fourth Meeting" in operative[11].body_en and "الرابع" in operative[11].body_ar
    assert communique.title_en == "Final Communiqué" and communique.title_ar == "البيان الختامي"
    assert paragraphs[0].missing_languages() == ["fr"]


def test_the_french_version_aligns_too(communique):
    from communiques.demo import DATA

    import_communique(
        parse_document((DATA / "pesnet-3-final-communique.fr.txt").read_bytes(), "fr"),
        communique.meeting,
    )
    operative = communique.paragraphs.filter(kind="operative").order_by("order")
    assert [p.lead_fr for p in operative][:3] == ["Reconnaît", "Souligne", "Prend note"]
    assert [p.lead_fr for p in operative][6] == "Réaffirme"
    assert all(not p.missing_languages() for p in communique.paragraphs.all())


def test_an_english_document_that_does_not_align_is_refused_and_changes_nothing(communique):
    text = english_source().decode().replace("12. **Requests**", "**Requests**")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("12."))
    before = [p.body_en for p in communique.paragraphs.all()]
    with pytest.raises(WorkflowError, match="does not align"):
        import_communique(parse_document(text, "en"), communique.meeting)
    assert [p.body_en for p in communique.paragraphs.all()] == before


@pytest.mark.parametrize(
    "document, message",
    [
        (b"", "too short"),
        (b"\xff\xfe\x00bad", "UTF-8"),
        (b"Title\n\nMeeting\n\nno date here\n\nopening\n\n1. Adopts it", "dates"),
        (
            "T\n\nM\n\n2–3 June 2021\n\nThe meeting,\n\nRecalling x,\n\nRecalling y,".encode(),
            "No numbered",
        ),
        ("T\n\nM\n\n2–3 June 2021\n\nThe meeting,\n\n1. Adopts\n\n3. Requests".encode(), "missing"),
    ],
)
def test_a_document_that_cannot_be_parsed_gets_a_clear_error(document, message):
    with pytest.raises(DocumentError, match=message):
        parse_document(document, "en")


@pytest.mark.django_db
def test_the_command_imports_and_refuses_bad_documents_without_changes(meetings, tmp_path):
    source = tmp_path / "ar.txt"
    source.write_bytes(arabic_source())
    call_command("import_communique", str(source), "--language", "ar")
    communique = Communique.objects.get()
    assert communique.paragraphs.count() == 18
    broken = tmp_path / "broken.txt"
    broken.write_text("Final Communiqué\n\nonly a title", encoding="utf-8")
    with pytest.raises(CommandError, match="too short"):
        call_command("import_communique", str(broken), "--language", "en")
    assert Communique.objects.count() == 1
    assert not communique.paragraphs.exclude(body_en__isnull=True).exclude(body_en="").exists()


def test_imported_markup_is_inert(third_meeting):
    text = (
        english_source()
        .decode()
        .replace(
            "1. Recognizes the importance",
            "1. Recognizes <script>alert(1)</script> the \u202eimportance",
        )
    )
    communique = import_communique(parse_document(text, "en"), third_meeting)
    first = communique.paragraphs.filter(kind="operative").order_by("order").first()
    assert "<script" not in first.body_en
    assert "\u202e" not in first.body_en
    assert "&lt;script&gt;" in first.body_en
    assert to_text(first.body_en).startswith("<script>alert(1)</script> the importance")
