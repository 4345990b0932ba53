import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communiques import services as communiques
from communiques.models import Paragraph
from meetings.models import Meeting
from search.models import Entry
from search.registry import rebuild
from search.selectors import Filters, decorate, search
from tests.factories import FocalPointFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def found(user, text, **filters):
    entries, query, counts = search(user or AnonymousUser(), text, Filters(**filters))
    return decorate(list(entries[:20]), query), counts


def operative(communique, number):
    return communique.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).order_by("order")[number - 1]


def test_arabic_without_hamza_finds_the_paragraph_that_has_it(published):
    results, counts = found(None, "المراة")
    assert results and results[0].kind == "communique"
    assert results[0].matched == "ar"
    assert "<mark>المرأة</mark>" in results[0].snippet
    assert counts == {"communique": 1}


def test_arabic_without_diacritics_finds_a_word_that_has_them(published):
    results, _ = found(None, "موضوعا")
    assert results
    assert "<mark>موضوعاً</mark>" in results[0].snippet


def test_an_inflected_arabic_form_is_found_through_the_stemmer(db):
    MeetingFactory(title_ar="ورشة عمل للشباب", title_en="Youth workshop")
    rebuild(["meetings"])
    results, _ = found(None, "الشباب")
    assert [r.title_ar for r in results] == ["ورشة عمل للشباب"]
    assert "<mark>للشباب</mark>" in results[0].title_html


def test_a_french_word_without_its_accent(published):
    results, _ = found(None, "etats membres", language="fr")
    assert results
    assert all(r.matched == "fr" for r in results)
    assert "<mark>États</mark>" in results[0].snippet
    assert {other["code"] for other in results[0].others} == {"ar", "en"}


QUESTIONS = [
    "where did the network call on states to nominate focal points?",
    "أين دعت الشبكة الدول الأعضاء إلى تعيين منسقين وطنيين؟",
    "أين دعت الشبكة الدول إلى تعيين منسقين وطنيين؟",
    "اين دعت الشبكة الدول الاعضاء الى تعيين منسقين وطنيين",
    "أينَ دَعَتِ الشَّبَكَةُ الدُّوَلَ الأَعْضَاءَ إِلَى تَعْيِينِ مُنَسِّقِينَ وَطَنِيِّينَ؟",
]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_question_leads_to_operative_paragraph_5_in_one_click(
    client, published, question, language
):
    paragraph = operative(published, 5)
    results, _ = found(None, question)
    assert results[0].url == f"/communiques/{published.pk}/#p-{paragraph.pk}"
    assert results[0].matched == ("ar" if "ا" in question else "en")
    # Typed in the menu's search box: the first result links to the paragraph's anchor.
    page = client.get(f"/{language}/search/", {"q": question})
    assert page.status_code == 200
    body = page.content.decode()
    link = f'href="/{language}/communiques/{published.pk}/#p-{paragraph.pk}"'
    first = body.index('data-testid="result"')
    assert body.index(link) > first
    assert body.index(link) < body.index('data-testid="result"', first + 1)
    # The anchor exists on the communiqué's page.
    detail = client.get(f"/{language}/communiques/{published.pk}/")
    assert f'id="p-{paragraph.pk}"' in detail.content.decode()


def test_the_question_shows_where_the_paragraph_is_and_its_lead_verb(published):
    results, _ = found(None, QUESTIONS[0])
    assert results[0].where.endswith("operative paragraph 5")
    results, _ = found(None, QUESTIONS[1])
    assert "فقرة المنطوق 5" in results[0].where
    assert "<mark>يدعو</mark>" in results[0].title_html
    assert "<mark>" in results[0].snippet
    # Keywords still find it with every word required.
    results, _ = found(None, "يدعو الدول جهات الاتصال")
    assert results[0].url == f"/communiques/{published.pk}/#p-{operative(published, 5).pk}"


def test_a_quoted_phrase_is_taken_as_written(published):
    results, counts = found(None, '"national focal points"')
    assert results and counts["communique"] == 2
    assert found(None, '"focal coordinators"') == ([], {})


def test_rules_articles_link_to_their_anchor(client, meetings, secretariat_user):
    from communiques.demo import seed_rules

    seed_rules(meetings, secretariat_user)
    rebuild()
    results, _ = found(None, "alternate focal point", kind="rules")
    assert results and results[0].url.startswith("/rules-of-procedure/#article-")
    number = results[0].url.rsplit("-", 1)[1]
    page = client.get("/en/rules-of-procedure/")
    assert f'id="article-{number}"' in page.content.decode()


def test_a_draft_is_found_only_by_those_who_may_open_it(
    published, secretariat_user, chair_user, focal_point_user
):
    communiques.start_new_version(published, by=secretariat_user)
    paragraph = operative(published, 5)
    communiques.update_paragraph(paragraph, {"body_en": "Welcomes the zanzibarique proposal."})
    rebuild()
    for user in (None, focal_point_user, chair_user):
        results, counts = found(user, "zanzibarique")
        assert results == [] and counts == {}
    assert len(found(secretariat_user, "zanzibarique")[0]) == 1

    import datetime

    from django.utils import timezone

    communiques.open_consultation(
        published, timezone.now() + datetime.timedelta(days=7), by=secretariat_user
    )
    rebuild()
    assert found(None, "zanzibarique") == ([], {})
    for user in (focal_point_user, chair_user, secretariat_user):
        results, counts = found(user, "zanzibarique")
        assert counts == {"communique": 1}
        assert results[0].url.startswith(f"/communiques/{published.pk}/working/#p-")
    # The published version stays public and unchanged.
    assert found(None, "Calls upon")[0]


def test_focal_points_are_found_by_network_members_only(focal_point_user, chair_user):
    person = FocalPointFactory(
        given_name="Aminata",
        family_name="Quarshie",
        position="Director of Employment Services",
        status="active",
        role="alternate",
        member_state=focal_point_user.focal_points.get().member_state,
    )
    rebuild(["members"])
    assert found(None, "Quarshie") == ([], {})
    results, counts = found(chair_user, "Quarshie")
    assert counts == {"focal_point": 1}
    entry = Entry.objects.get(key=f"focal_point:{person.pk}")
    # Never phones or e-mail in what is indexed.
    stored = " ".join([entry.title_en, entry.text_en, entry.where_en])
    assert person.email not in stored
    assert "Director of Employment Services" in stored


def test_the_index_follows_changes_on_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title_en="Regional seminar on skills anticipation")
    assert found(None, "anticipation")[0]
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title_en = "Regional seminar on labour statistics"
        meeting.save()
    assert found(None, "anticipation") == ([], {})
    assert found(None, "statistics")[0]
    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
    assert not Entry.objects.filter(source="meetings", owner_id=meeting.pk).exists()


def test_filters(published):
    third = published.meeting_id
    assert all(r.kind == "communique" for r in found(None, "employment", kind="communique")[0])
    assert all(r.meeting_id == third for r in found(None, "employment", meeting=third)[0])
    assert found(None, "employment", year=1990) == ([], {})
    assert found(None, "employment", year=published.date.year)[0]


@pytest.mark.parametrize("language", ["ar", "en", "fr"])
def test_results_page_in_each_language(client, published, language):
    response = client.get(f"/{language}/search/", {"q": "المراة"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<mark>المرأة</mark>" in body
    assert f'href="/{language}/communiques/{published.pk}/#p-' in body


def test_bad_input_is_an_error_on_the_page_not_a_500(client, db):
    response = client.get("/en/search/", {"q": "x", "year": "abc", "page": "-3"})
    assert response.status_code == 200
    assert 'data-testid="search-errors"' in response.content.decode()
    assert client.get("/en/search/", {"q": "&|!():*<->"}).status_code == 200
    assert client.get("/en/search/", {"q": "x" * 500}).status_code == 200


def _queries(client, count):
    Meeting.objects.filter(title_en__startswith="Seminar").delete()
    for n in range(count):
        MeetingFactory(title_en=f"Seminar on employment {n}")
    rebuild(["meetings"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/", {"q": "seminar employment"})
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_constant_as_the_corpus_grows_tenfold(client, db):
    assert _queries(client, 5) == _queries(client, 50)


def test_rebuild_command(published, capsys):
    from django.core.management import call_command

    Entry.objects.all().delete()
    call_command("rebuild_search_index")
    assert "communiques:" in capsys.readouterr().out
    assert Entry.objects.filter(source="communiques").count() == published.paragraphs.count()
