"""vCard 3.0 cards of focal points, for address books."""

import vobject


def _card(person) -> str:
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(family=person.family_name, given=person.given_name)
    card.add("fn").value = person.full_name
    if person.institution:
        card.add("org").value = [str(person.institution.name_en or person.institution)]
    if person.position:
        card.add("title").value = person.position
    email = card.add("email")
    email.value = person.email
    email.type_param = "INTERNET"
    for number, kind in ((person.phone, "WORK"), (person.mobile, "CELL")):
        if number:
            tel = card.add("tel")
            tel.value = number.as_e164
            tel.type_param = kind
    card.add(
        "note"
    ).value = f"OIC-PESNET {person.get_role_display()} — {person.member_state.name_en}"
    card.add("lang").value = person.preferred_language
    return card.serialize()


def vcards(focal_points) -> str:
    return "".join(_card(person) for person in focal_points)
