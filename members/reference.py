"""The network's reference data: the 57 member states, the organisations and the chair.

Nothing personal lives here. Loading is idempotent: rows are matched by their codes and
updated in place, so running it twice changes nothing.
"""

import datetime
import json
from pathlib import Path

from django.db import transaction

from .models import ChairTerm, MemberState, Organisation

DATA_DIR = Path(__file__).resolve().parent / "reference_data"

# The third meeting (2–3 June 2021) thanked İŞKUR for taking the chair "for the next two years".
CHAIR_TERMS = [
    {
        "organisation": "iskur",
        "member_state": "TR",
        "start": datetime.date(2021, 6, 3),
        "end": datetime.date(2023, 6, 2),
    },
]


def _read(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def member_state_codes() -> frozenset[str]:
    """The ISO 3166 alpha-2 codes of the 57 member states, from the reference data."""
    return frozenset(row["iso2"] for row in _read("member_states.json"))


def load_reference_data() -> dict[str, int]:
    states = {}
    for row in _read("member_states.json"):
        state, _ = MemberState.objects.update_or_create(
            country=row["iso2"],
            defaults={
                "iso3": row["iso3"],
                "name_en": row["name_en"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "oic_group": row["oic_group"],
                "default_time_zone": row["time_zone"],
            },
        )
        states[row["iso2"]] = state
    organisations = {}
    for row in _read("organisations.json"):
        organisation, _ = Organisation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "kind": row["kind"],
                "acronym": row["acronym"],
                "website": row["website"],
                "member_state": states.get(row["member_state"]),
                "name_en": row["name_en"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
            },
        )
        organisations[row["slug"]] = organisation
    for term in CHAIR_TERMS:
        ChairTerm.objects.update_or_create(
            organisation=organisations[term["organisation"]],
            start=term["start"],
            defaults={"member_state": states[term["member_state"]], "end": term["end"]},
        )
    return {
        "member_states": len(states),
        "organisations": len(organisations),
        "chair_terms": len(CHAIR_TERMS),
    }
