from search.text import fold_query, fold_with_map, highlight


def test_folding_keeps_a_map_to_the_original():
    folded, where = fold_with_map("مُحَمَّد Émile")
    assert folded == "محمد emile"
    assert len(where) == len(folded)
    assert where[0] == 0


def test_arabic_spellings_meet():
    assert fold_query("المرأة") == fold_query("المراة") == fold_query("المراه")
    assert fold_query("إلى") == fold_query("الى")
    assert fold_query("الـشـبـاب") == fold_query("الشباب")
    # A final ه becomes ة (the stemmer strips ة), one inside a word stays.
    assert fold_query("الشبكه") == "الشبكة"
    assert fold_query("مهمة") == "مهمة"


def test_highlight_shows_the_original_spelling():
    original = "تدني مستوى مشاركة المرأةِ في سوق العمل"
    folded, _ = fold_with_map(original)
    headline = folded.replace("المراة", "\ue000المراة\ue001")
    html = highlight(original, headline)
    assert "<mark>المرأةِ</mark>" in html
    assert html.startswith("تدني")


def test_highlight_escapes_and_marks_fragments():
    original = "A <b>bold</b> plan for employment services"
    folded, _ = fold_with_map(original)
    start = folded.index("employment")
    headline = folded[start:].replace("employment", "\ue000employment\ue001")
    html = highlight(original, headline)
    assert html.startswith("… ")
    assert "<mark>employment</mark>" in html
    assert "<b>" not in highlight(original, folded)
