"""PDFs: text extracted in logical order, typography choices, cache by content hash, ETag/304."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from communiques import services
from communiques.documents import WORKING, communique_pdf_html
from communiques.models import Communique, Paragraph, RenderedPdf
from communiques.pdf import write_pdf
from communiques.tasks import render_communique_pdf, render_rules_pdf
from communiques.text import to_text
from pesnet.pdf import RefusedURL, safe_url_fetcher

from .samples import sample_rules

pytestmark = pytest.mark.django_db

BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
# A bracket inside Arabic text is drawn with the mirrored glyph, and that glyph is what the PDF's
# text maps back to: brackets are compared as brackets, whichever way they face.
BRACKETS = str.maketrans("()[]", "||||")


def normalise(text: str) -> str:
    """Bidi controls removed, white space removed (line breaks and justification differ)."""
    return re.sub(r"\s+", "", BIDI_CONTROLS.sub("", text)).translate(BRACKETS)


# WeasyPrint breaks a hyphenated word with U+2010 (never in stored text) at the end of a line.
HYPHENATION_BREAK = re.compile("\u2010[ \t]*\n")


def collapsed(text: str) -> str:
    """Bidi controls removed, words broken by hyphenation joined, runs of white space collapsed
    to one space. No space is deleted: a space the PDF adds inside a word is a failure."""
    text = HYPHENATION_BREAK.sub("", BIDI_CONTROLS.sub("", text))
    return " ".join(text.split()).translate(BRACKETS)


NUMBER = re.compile(r" ?(\d[\d\-–]*) ?")


def around_numbers(text: str) -> str:
    """`collapsed` text with one space on each side of every number, whether or not the
    extraction kept it there."""
    return NUMBER.sub(r" \1 ", text)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def paragraph_text(paragraph: Paragraph, code: str) -> str:
    lead = to_text(getattr(paragraph, f"lead_{code}"))
    return f"{lead} {to_text(getattr(paragraph, f'body_{code}'))}"


@pytest.fixture
def side_by_side(communique):
    return pdf_text(write_pdf(communique_pdf_html(communique, "side-by-side", version=WORKING)))


def assert_every_paragraph_in_order(communique, extracted: str, languages):
    text = collapsed(extracted)
    paragraphs = list(communique.paragraphs.all())
    assert len(paragraphs) == 18
    for code in languages:
        # The opening clause is compared as stored, except for the spaces on either side of a
        # number: pypdf moves the space between "يونيو" and "2021" (a left-to-right run inside
        # a right-to-left line; the PDF itself has it, as the rendered page shows).
        opening = around_numbers(collapsed(to_text(getattr(communique, f"opening_{code}"))))
        position = text.find(collapsed(paragraph_text(paragraphs[0], code)))
        assert opening in around_numbers(text), f"opening ({code})"
        assert position >= 0, f"{code} paragraph {paragraphs[0].order} missing"
        for paragraph in paragraphs[1:]:
            stored = collapsed(paragraph_text(paragraph, code))
            found = text.find(stored, position)
            assert found > position, (
                f"{code} paragraph {paragraph.order} missing or out of order: {stored[:80]!r}"
            )
            position = found


def test_side_by_side_pdf_gives_back_every_paragraph_in_both_languages_in_order(
    communique, side_by_side
):
    """Each paragraph comes back exactly as stored, spaces included (issue 14: the justified
    narrow Arabic column gave back "كوفيد -19")."""
    assert not PRESENTATION_FORMS.search(side_by_side)
    assert_every_paragraph_in_order(communique, side_by_side, ("en", "ar"))
    text = collapsed(side_by_side)
    assert "كوفيد-19" in text and "كوفيد -19" not in text
    assert "يحيط علماً بالآثار السلبية" in text


@pytest.mark.parametrize("layout", ["en", "fr"])
def test_single_language_pdfs_give_back_every_paragraph_as_stored(communique, layout):
    if layout == "fr":
        from communiques.demo import DATA
        from communiques.importer import parse_document
        from communiques.services import import_communique

        source = (DATA / "pesnet-3-final-communique.fr.txt").read_bytes()
        import_communique(parse_document(source, "fr"), communique.meeting)
    text = pdf_text(write_pdf(communique_pdf_html(communique, layout, version=WORKING)))
    assert_every_paragraph_in_order(communique, text, (layout,))


def test_latin_columns_are_hyphenated_and_arabic_is_not(communique, side_by_side):
    html = communique_pdf_html(communique, "side-by-side", version=WORKING)
    assert '<td lang="en" dir="ltr">' in html and '<td lang="ar" dir="rtl">' in html
    assert '[lang="en"] p, [lang="fr"] p { hyphens: auto; }' in html
    # The narrow English column breaks some words at the end of a line (U+2010); Arabic never.
    english_breaks = re.findall(r"([a-z]+)\u2010[ \t]*\n([a-z]+)", side_by_side)
    assert english_breaks, "no English word hyphenated in the side-by-side layout"
    assert not re.search("[\u0600-\u06ff]\u2010", side_by_side)
    # "كوفيد-19" is one box: justification cannot open a gap between the letters and digits.
    assert '<span class="attached">كوفيد<span>-</span><span dir="ltr" class="nobreak">19' in html


def test_side_by_side_header_has_the_network_the_meeting_and_both_calendars(side_by_side):
    text = " ".join(side_by_side.split())
    assert "OIC Public Employment Services Network" in text
    assert "Shawwal 1442 AH" in text and "June 2021" in text
    assert "شوال" in text and "يونيو" in text
    assert "Page 1 of" in text


def test_arabic_pdf_with_arabic_indic_numerals(communique):
    text = pdf_text(write_pdf(communique_pdf_html(communique, "ar", "arabic-indic", WORKING)))
    # pypdf counts U+0660–U+0669 as right-to-left letters and returns a run of them reversed
    # ("١٢" as "٢١"): each number is looked for either way round.
    runs = set(re.findall("[\u0660-\u0669]+", text))
    for number in [*range(1, 13), 1442]:
        digits = str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        assert digits in runs or digits[::-1] in runs, number
    assert "الصفحة" in text
    assert not PRESENTATION_FORMS.search(text)
    western = pdf_text(write_pdf(communique_pdf_html(communique, "ar", "western", WORKING)))
    assert not re.search("[\u0660-\u0669]", western)
    assert "1442" in western


def test_english_and_french_layouts(communique):
    from communiques.demo import DATA
    from communiques.importer import parse_document
    from communiques.services import import_communique

    english = pdf_text(write_pdf(communique_pdf_html(communique, "en", version=WORKING)))
    assert "12." in english and "Requests" in english and "Page 1 of" in english
    assert not re.search("[\u0600-\u06ff]", english)
    source = (DATA / "pesnet-3-final-communique.fr.txt").read_bytes()
    import_communique(parse_document(source, "fr"), communique.meeting)
    french = pdf_text(write_pdf(communique_pdf_html(communique, "fr", version=WORKING)))
    assert "Prie le secrétariat" in " ".join(french.split())
    assert "Page 1 sur" in french and "Chawwal 1442 H" in french


def test_the_url_fetcher_refuses_the_network_and_other_files():
    for url in ("file:///etc/passwd", "http://169.254.169.254/", "https://example.org/x.css"):
        with pytest.raises(RefusedURL):
            safe_url_fetcher()(url)
    # An image or stylesheet in user content cannot make the renderer read or call out.
    html = '<p>x</p><img src="file:///etc/passwd"><link rel="stylesheet" href="http://example.org/a.css">'
    assert write_pdf(html).startswith(b"%PDF")


@pytest.fixture
def published(communique, secretariat_user):
    services.adopt(communique, by=secretariat_user)
    services.publish(communique, by=secretariat_user)
    return Communique.objects.get(pk=communique.pk)


def test_download_is_rendered_once_then_served_with_etag_and_304(client, published):
    url = reverse("communiques:pdf", args=[published.pk, "side-by-side"])
    first = client.get(url)
    assert first.status_code == 202  # a worker renders it
    digest = render_communique_pdf(published.pk, "side-by-side")
    assert render_communique_pdf(published.pk, "side-by-side") == digest  # idempotent
    assert RenderedPdf.objects.count() == 1
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] == f'"{digest}"'
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF") and "Stresses" in pdf_text(data)
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=f'"{digest}"')
    assert not_modified.status_code == 304
    assert RenderedPdf.objects.count() == 1


def test_an_edit_produces_a_new_render(client, published, secretariat_user):
    render_communique_pdf(published.pk, "en", WORKING)
    client.force_login(secretariat_user)
    url = reverse("communiques:pdf", args=[published.pk, "en"]) + "?version=working"
    before = client.get(url)
    assert before.status_code == 200
    services.start_new_version(published, by=secretariat_user)
    paragraph = published.paragraphs.filter(kind="operative").order_by("order").first()
    services.update_paragraph(paragraph, {"body_en": "the importance of an amended text"})
    stale = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert stale.status_code == 202
    render_communique_pdf(published.pk, "en", WORKING)
    after = client.get(url)
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "amended text" in pdf_text(b"".join(after.streaming_content))
    # The published version's PDF is unchanged by the new draft.
    public = reverse("communiques:pdf", args=[published.pk, "en"])
    render_communique_pdf(published.pk, "en")
    assert "amended" not in pdf_text(b"".join(client.get(public).streaming_content))


def test_working_copy_pdf_is_not_public(client, communique):
    url = reverse("communiques:pdf", args=[communique.pk, "en"]) + "?version=working"
    assert client.get(url).status_code == 404


def test_command_writes_the_pdf(communique, tmp_path):
    output = tmp_path / "c.pdf"
    call_command("communique_pdf", communique.pk, "--layout", "side-by-side", "--output", output)
    assert output.read_bytes().startswith(b"%PDF")
    assert "Encourages" in pdf_text(output.read_bytes())


def test_rules_of_procedure_pdf_has_the_same_typography(client):
    rules = sample_rules()
    digest = render_rules_pdf(rules.pk, "side-by-side", None)
    rendered = RenderedPdf.objects.get(content_hash=digest)
    text = pdf_text(rendered.file.read())
    assert "Article 1" in text and normalise("المادة 1") in normalise(text)
    assert normalise("الشبكة منتدى") in normalise(text)
    assert "The Network is a forum for cooperation." in " ".join(text.split())
    response = client.get(reverse("communiques:rules_pdf", args=["side-by-side"]))
    assert response.status_code == 200 and response["ETag"] == f'"{digest}"'


def test_a_stored_pdf_whose_file_is_gone_is_rendered_again(client, published):
    """The bench found this as a 500: the row outlived its file (another checkout's storage)."""
    url = reverse("communiques:pdf", args=[published.pk, "side-by-side"])
    render_communique_pdf(published.pk, "side-by-side")
    stored = RenderedPdf.objects.get()
    stored.file.storage.delete(stored.file.name)
    response = client.get(url)
    assert response.status_code == 202  # queued for rendering again, not a 500
    assert not RenderedPdf.objects.exists()
    render_communique_pdf(published.pk, "side-by-side")
    assert client.get(url).status_code == 200
