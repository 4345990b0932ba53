import pytest

from members.selectors import directory_rows
from members.text import fold, has_unsafe_characters

from ..factories import FocalPointFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


def test_fold_drops_accents_case_and_arabic_diacritics():
    assert fold("İŞKUR") == "iskur"
    assert fold("Türkiye") == "turkiye"
    assert fold("مُحَمَّد") == "محمد"
    assert fold("أحمد إبراهيم") == "احمد ابراهيم"
    assert fold("Côte d’Ivoire") == fold("COTE D’IVOIRE")


def test_unsafe_characters():
    assert has_unsafe_characters("Ali\u202eila")
    assert has_unsafe_characters("\u2066Ali")
    assert has_unsafe_characters("Ali\x00")
    assert not has_unsafe_characters("علي محمد")
    assert not has_unsafe_characters("Zeynep Aydın")


def _found(q):
    return {row.state.iso3 for row in directory_rows(q=q)}


def test_search_finds_iskur_from_plain_letters(states):
    InstitutionFactory(member_state=states["TUR"], acronym="İŞKUR", name_en="Türkiye İş Kurumu")
    assert _found("iskur") == {"TUR"}
    assert _found("ISKUR") == {"TUR"}
    assert _found("is kurumu") == {"TUR"}


def test_search_finds_arabic_names_without_diacritics(states):
    FocalPointFactory(member_state=states["MAR"], given_name="مُحَمَّد", family_name="الإدريسي")
    assert _found("محمد") == {"MAR"}
    assert _found("الادريسي") == {"MAR"}


def test_search_finds_states_in_every_language(states):
    assert "TUR" in _found("تركيا")
    assert "DZA" in _found("algerie")
    assert "DZA" in _found("Algeria")
    assert _found("no such place") == set()


def test_search_follows_changes_and_forgets_superseded_people(states):
    person = FocalPointFactory(member_state=states["SEN"], family_name="Ndiaye")
    assert _found("ndiaye") == {"SEN"}
    person.family_name = "Diop"
    person.save()
    assert _found("ndiaye") == set()
    assert _found("diop") == {"SEN"}
    person.status = "superseded"
    person.save()
    assert _found("diop") == set()
