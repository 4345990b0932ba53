"""The directory's search column: one folded text per member state (see members.text.fold)."""

from .models import CURRENT_STATUSES, FocalPoint, Institution, MemberState
from .text import fold


def search_text_for(state: MemberState, institutions, focal_points) -> str:
    parts = [state.iso3, state.country.code, state.name_ar, state.name_en, state.name_fr]
    for institution in institutions:
        parts += [
            institution.name_ar,
            institution.name_en,
            institution.name_fr,
            institution.acronym,
        ]
    for person in focal_points:
        parts += [person.given_name, person.family_name, person.email]
    return " | ".join(fold(part) for part in parts if part)


def refresh_search_text(state_id: int) -> None:
    state = MemberState.objects.filter(pk=state_id).first()
    if state is None:
        return
    text = search_text_for(
        state,
        Institution.objects.filter(member_state_id=state_id),
        FocalPoint.objects.filter(member_state_id=state_id, status__in=CURRENT_STATUSES),
    )
    # update(), not save(): no signal, no history row for a derived column.
    MemberState.objects.filter(pk=state_id).update(search_text=text)
