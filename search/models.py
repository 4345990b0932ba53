from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from pesnet.cache import GenerationQuerySet

# The PostgreSQL text search configuration of each interface language.
CONFIGS = {"ar": "arabic", "en": "english", "fr": "french"}
LANGUAGES = tuple(CONFIGS)


class Audience(models.TextChoices):
    """Who may find an entry. Levels nest: the secretariat sees everything members see."""

    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members of the network")
    SECRETARIAT = "secretariat", _("The secretariat")


class Kind(models.TextChoices):
    COMMUNIQUE = "communique", _("Communiqué paragraph")
    RULES = "rules", _("Rules of Procedure article")
    DOCUMENT = "document", _("Meeting document")
    MEETING = "meeting", _("Meeting")
    WORKPLAN = "workplan", _("Work plan")
    MEMBER_STATE = "member_state", _("Member state or institution")
    FOCAL_POINT = "focal_point", _("Focal point")


def _vector(code: str):
    config = CONFIGS[code]
    return SearchVector(f"search_title_{code}", config=config, weight="A") + SearchVector(
        f"search_text_{code}", config=config, weight="B"
    )


class Entry(models.Model):
    """One findable thing (a paragraph, an article, an activity, a person…) in the three
    languages, derived from the app that owns it by a source in search.registry.

    The search_* columns hold the folded text (search.text); the vectors are generated from them
    by PostgreSQL, so they can never be stale with respect to the row.
    """

    source = models.CharField(_("source"), max_length=30)
    owner_id = models.BigIntegerField(_("owner"))
    key = models.CharField(_("key"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    url = models.CharField(_("address"), max_length=500)
    where_ar = models.CharField(max_length=400, blank=True)
    where_en = models.CharField(max_length=400, blank=True)
    where_fr = models.CharField(max_length=400, blank=True)
    title_ar = models.CharField(max_length=500, blank=True)
    title_en = models.CharField(max_length=500, blank=True)
    title_fr = models.CharField(max_length=500, blank=True)
    text_ar = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    text_fr = models.TextField(blank=True)
    search_title_ar = models.TextField(blank=True)
    search_title_en = models.TextField(blank=True)
    search_title_fr = models.TextField(blank=True)
    search_text_ar = models.TextField(blank=True)
    search_text_en = models.TextField(blank=True)
    search_text_fr = models.TextField(blank=True)
    vector_ar = models.GeneratedField(
        expression=_vector("ar"), output_field=SearchVectorField(), db_persist=True
    )
    vector_en = models.GeneratedField(
        expression=_vector("en"), output_field=SearchVectorField(), db_persist=True
    )
    vector_fr = models.GeneratedField(
        expression=_vector("fr"), output_field=SearchVectorField(), db_persist=True
    )
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    # Bulk writes (reindexing) move the results pages' generation (search.cache).
    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="one_search_entry_per_key"),
        ]
        indexes = [
            models.Index(fields=["source", "owner_id"], name="search_entry_owner"),
            GinIndex(fields=["vector_ar"], name="search_entry_vector_ar"),
            GinIndex(fields=["vector_en"], name="search_entry_vector_en"),
            GinIndex(fields=["vector_fr"], name="search_entry_vector_fr"),
        ]

    def __str__(self):
        return f"{self.source}:{self.key}"

    def languages(self) -> list[str]:
        return [
            code
            for code in LANGUAGES
            if getattr(self, f"text_{code}") or getattr(self, f"title_{code}")
        ]
