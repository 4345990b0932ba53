"""pesnet/exports.py: the one helper that quotes typed text for spreadsheets."""

from pesnet.exports import spreadsheet_cell, unquote


def test_text_starting_like_a_formula_is_quoted_and_unquoted_on_import():
    for text in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"):
        assert spreadsheet_cell(text) == "'" + text
        assert unquote(spreadsheet_cell(text)) == text
    assert spreadsheet_cell("Head of unit") == "Head of unit"
    assert spreadsheet_cell(None) is None  # an empty cell
    # Numbers and dates are values, not text: they stay as they are.
    assert spreadsheet_cell(-5) == -5
