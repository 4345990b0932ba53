from search.terms import Term, terms


def test_question_words_are_dropped_after_folding():
    # "أين" and "إلى" are PostgreSQL stop words only with their hamza, which folding removes.
    words = [term.phrases[0] for term in terms("أين يقع مقر الشبكة إلى الآن؟", "ar")]
    assert "اين" not in words and "الى" not in words
    assert "الشبكة" in words
    assert terms("where did the network meet?", "en") == [Term(("network",)), Term(("meet",))]


def test_the_network_s_synonyms_are_one_term():
    (focal,) = terms("منسقين وطنيين", "ar")
    assert "جهات الاتصال" in focal.phrases and "منسقين وطنيين" in focal.phrases
    (english,) = terms("national coordinators", "en")
    assert "focal points" in english.phrases
    assert terms("calls upon", "en") == terms("called on", "en")
    # A word is a term once, however often it is typed.
    assert len(terms("network network", "en")) == 1
