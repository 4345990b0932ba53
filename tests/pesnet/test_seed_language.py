import pytest
from django.utils import translation

from members.models import MemberState
from members.reference import load_reference_data


@pytest.mark.django_db
def test_reference_data_is_the_same_whatever_language_is_active():
    # modeltranslation writes a plain `name=` into the active language's field: loading under
    # Arabic must not put English names into name_ar.
    with translation.override("ar"):
        load_reference_data()
    morocco = MemberState.objects.get(iso3="MAR")
    assert (morocco.name_ar, morocco.name_en, morocco.name_fr) == ("المغرب", "Morocco", "Maroc")
