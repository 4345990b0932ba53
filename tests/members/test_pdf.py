import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pesnet.pdf import is_allowed_url

from ..factories import FocalPointFactory

pytestmark = pytest.mark.django_db

BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _text(content: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", BIDI.sub("", text))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_pdf_directory_contains_arabic_and_english_names(
    client, secretariat_user, states, language
):
    FocalPointFactory(member_state=states["MAR"], given_name="يوسف", family_name="العمراني")
    FocalPointFactory(member_state=states["TUR"], given_name="Zeynep", family_name="Aydin")
    client.force_login(secretariat_user)
    response = client.get(f"/fr/members/secretariat/directory.pdf?language={language}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "يوسف العمراني" in text
    assert "Zeynep Aydin" in text
    if language == "ar":
        assert "المغرب" in text and "تركيا" in text
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)  # no presentation forms
    else:
        assert "Morocco" in text and "Türkiye" in text


def test_url_fetcher_refuses_network_and_files_outside_static(settings):
    assert is_allowed_url(f"file://{settings.BASE_DIR}/static/css/members-pdf.css")
    assert not is_allowed_url("file:///etc/passwd")
    assert not is_allowed_url(f"file://{settings.BASE_DIR}/static/../pesnet/settings.py")
    assert not is_allowed_url("http://169.254.169.254/latest/meta-data/")
    assert not is_allowed_url("https://example.org/font.woff2")
    assert not is_allowed_url("data:text/plain,hello")


def test_user_content_cannot_make_the_pdf_read_files(client, secretariat_user, states):
    """Names are escaped by the template; even markup in them stays text."""
    FocalPointFactory(
        member_state=states["TUR"], given_name='<img src="file:///etc/passwd">', family_name="X"
    )
    client.force_login(secretariat_user)
    response = client.get("/en/members/secretariat/directory.pdf")
    assert response.status_code == 200
    assert "root:" not in _text(response.content)
    assert reverse("members:directory_pdf")


def test_pdf_is_rendered_again_only_after_a_change(client, secretariat_user, states):
    person = FocalPointFactory(member_state=states["TUR"], given_name="Zeynep", family_name="A")
    client.force_login(secretariat_user)
    url = "/en/members/secretariat/directory.pdf"
    first = client.get(url).content
    assert client.get(url).content == first  # served from the cache
    person.family_name = "Aydin"
    person.save()
    assert "Zeynep Aydin" in _text(client.get(url).content)
