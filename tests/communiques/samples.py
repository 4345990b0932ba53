"""Real objects for tests that need one of each (tests/test_url_access.py): created on first
use, found again afterwards."""

import datetime

from communiques import services
from communiques.importer import parse_document
from communiques.models import Communique, FollowUp, RulesArticle, RulesChapter, RulesOfProcedure
from meetings.models import Meeting
from meetings.reference import load_meetings

from .conftest import arabic_source, english_source


def sample_communique() -> Communique:
    """The third meeting's communiqué, adopted and published, with one follow-up action."""
    existing = Communique.objects.filter(published_version__isnull=False).first()
    if existing:
        return existing
    meetings = load_meetings()
    meeting = meetings[(Meeting.Kind.NETWORK, 3)]
    services.import_communique(parse_document(arabic_source(), "ar"), meeting)
    communique = services.import_communique(parse_document(english_source(), "en"), meeting)
    services.adopt(communique, by=None)
    services.publish(communique, by=None)
    paragraph = communique.paragraphs.filter(kind="operative").order_by("order")[4]
    services.save_follow_up(
        FollowUp(
            paragraph=paragraph,
            action_en="Collect the missing nominations",
            responsible=FollowUp.Responsible.SECRETARIAT,
            link=FollowUp.Link.NOMINATIONS,
        )
    )
    return Communique.objects.get(pk=communique.pk)


def sample_paragraph_pk() -> int:
    return sample_communique().paragraphs.order_by("order").first().pk


def sample_follow_up_pk() -> int:
    return FollowUp.objects.filter(paragraph__communique=sample_communique()).first().pk


def sample_rules() -> RulesOfProcedure:
    """Rules of Procedure with two adopted versions (the second amends article 1)."""
    existing = RulesOfProcedure.objects.first()
    if existing:
        return existing
    meetings = load_meetings()
    rules = RulesOfProcedure.objects.create(
        title_en="Rules of Procedure", title_ar="النظام الداخلي"
    )
    chapter = RulesChapter.objects.create(rules=rules, number=1, title_en="General provisions")
    article = RulesArticle.objects.create(
        chapter=chapter,
        number=1,
        title_en="Name",
        body_en="The Network is a forum.",
        body_ar="الشبكة منتدى.",
    )
    services.adopt_rules(
        rules, meetings[(Meeting.Kind.NETWORK, 3)], datetime.date(2021, 6, 3), "", by=None
    )
    services.update_article(article, {"body_en": "The Network is a forum for cooperation."})
    services.adopt_rules(
        rules, meetings[(Meeting.Kind.NETWORK, 4)], datetime.date(2023, 10, 25), "Art. 1", by=None
    )
    return rules


def sample_article_pk() -> int:
    return RulesArticle.objects.filter(chapter__rules=sample_rules()).first().pk
