"""What a typed query asks for: its terms, without question words, with the network's synonyms.

People type questions ("where did the network call on states to nominate focal points?",
"أين دعت الشبكة الدول الأعضاء إلى تعيين منسقين وطنيين؟"), not keywords. Two things stand between
such a question and the paragraph that answers it:

- Question words and particles. PostgreSQL's configurations drop their stop words, but the
  Arabic list is written with hamza ("أين", "إلى"), and the query is folded before it reaches
  PostgreSQL ("اين", "الى"): they would stay in the query as words to find. They are dropped
  here, after folding, in the three languages.
- The network's own vocabulary. A communiqué says "calls upon" (يدعو) where a question says
  "did … call" (دعت), "national focal points" (جهات الاتصال الوطنية) where people say "national
  coordinators" (منسقين وطنيين). The groups below come from the glossary of the network's
  terms (the communiqué's wording) and the lead verbs of operative paragraphs; a query that
  contains one form looks for every form of its group, as one term. Latin forms are phrases
  ("national coordinator", not "coordinator": the English and French stemmers would make it
  "coordination" too).

A term is a set of alternative phrases (folded); the search counts how many of a query's terms an
entry has and ranks by that first (selectors.Search).
"""

import re
from dataclasses import dataclass

from .text import fold_query

# Folded (no hamza, no diacritics, lower case). PostgreSQL's own stop lists still apply after.
STOP_WORDS = {
    "ar": set(
        "اين متي كيف كم لماذا ماذا ما ماهي هل اي التي الذي الذين اللذين اللتين اللواتي هي هو هم"
        " الى الي على علي عن من في مع او ثم قد لقد هذا هذه ذلك تلك هناك حيث عند لدي لدى كان كانت"
        " تم به بها فيه فيها عليه عليها منه منها".split()
    ),
    "en": set(
        "where when what which who whom whose why how did does do done is are was were be been"
        " the a an of on in at to for by from with about into upon and or any has have had it its"
        " this that these those there".split()
    ),
    "fr": set(
        "ou où quand quoi quel quelle quels quelles qui que qu comment pourquoi est sont a ont"
        " le la les l un une des du de d au aux en sur pour par avec dans et a-t-il il elle"
        " ce cette ces".split()
    ),
}

# Each group: the forms of one notion in each language, as people write them; folded below.
_GROUPS = [
    {  # national focal point (glossary), and what people call them
        "ar": [
            "جهة الاتصال",
            "جهات الاتصال",
            "جهة اتصال",
            "جهات اتصال",
            "منسق وطني",
            "منسقين وطنيين",
            "منسقون وطنيون",
            "المنسق الوطني",
            "المنسقين الوطنيين",
            "منسق",
            "منسقين",
            "منسقون",
            "نقطة اتصال",
            "نقاط اتصال",
            "نقاط الاتصال",
        ],
        "en": [
            "focal point",
            "focal points",
            "national coordinator",
            "national coordinators",
            "contact point",
            "contact points",
        ],
        "fr": [
            "point focal",
            "points focaux",
            "coordonnateur national",
            "coordonnateurs nationaux",
            "coordinateur national",
            "coordinateurs nationaux",
        ],
    },
    {  # member states (glossary)
        "ar": ["الدول الأعضاء", "البلدان الأعضاء", "الدول", "البلدان", "دول"],
        "en": ["member states", "member countries", "states", "countries"],
        "fr": ["états membres", "pays membres", "états", "pays"],
    },
    {  # nomination (glossary: ترشيح / تسمية; désignation)
        "ar": ["ترشيح", "تسمية", "تعيين", "يرشح", "ترشح", "يسمي", "تسمي", "يعين", "تعين"],
        "en": ["nominate", "nominated", "nomination", "designate", "designation", "appoint"],
        "fr": ["désignation", "désigner", "désigne", "nommer", "nomination"],
    },
    {  # the lead verb "Calls upon" (يدعو; Invite), in the tenses a question uses
        "ar": ["يدعو", "تدعو", "دعا", "دعت", "دعوا", "ندعو"],
        "en": ["calls upon", "call upon", "called upon", "calls on", "call on", "called on"],
        "fr": ["invite", "invitent", "invité", "a invité", "appelle", "a appelé"],
    },
    {  # the lead verb "Requests" (يطلب; Prie)
        "ar": ["يطلب", "تطلب", "طلب", "طلبت"],
        "en": ["requests", "request", "requested", "asks", "asked"],
        "fr": ["prie", "demande", "a demandé"],
    },
    {  # the lead verb "Encourages" (يشجع; Encourage)
        "ar": ["يشجع", "تشجع", "شجع", "شجعت"],
        "en": ["encourages", "encourage", "encouraged"],
        "fr": ["encourage", "a encouragé"],
    },
]

_WORD = re.compile(r"[\w\u0600-\u06ff]+(?:-[\w]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold_query(text))


# language → [(folded words of a form, index of its group)], longest forms first.
_FORMS: dict[str, list[tuple[tuple[str, ...], int]]] = {
    code: sorted(
        (
            (tuple(_words(form)), index)
            for index, group in enumerate(_GROUPS)
            for form in group.get(code, [])
        ),
        key=lambda item: -len(item[0]),
    )
    for code in ("ar", "en", "fr")
}


@dataclass(frozen=True)
class Term:
    """One thing the query asks for: any of these phrases (folded words)."""

    phrases: tuple[str, ...]


def terms(text: str, code: str) -> list[Term]:
    """The query's terms for the vector of language `code`, in the order typed, each once."""
    words = _words(text)
    stop = STOP_WORDS.get(code, set())
    forms = _FORMS.get(code, [])
    found: list[Term] = []
    at = 0
    while at < len(words):
        for form, index in forms:
            if tuple(words[at : at + len(form)]) == form:
                phrases = tuple(dict.fromkeys(" ".join(f) for f, i in forms if i == index))
                found.append(Term(phrases))
                at += len(form)
                break
        else:
            if words[at] not in stop:
                found.append(Term((words[at],)))
            at += 1
    return list(dict.fromkeys(found))
