"""The one rule for every spreadsheet (XLSX, CSV) the portal writes: typed text stays text.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula: an activity title or a name such as
`=HYPERLINK("http://…")` would become a live link or a call to another program in the
secretariat's workbook. Such text is written with a leading apostrophe, which spreadsheets
show as text and which `unquote` drops again when the portal reads its own file back.
Numbers and dates are values, not text, and pass unchanged.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """`value` as a cell: text starting like a formula quoted, anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unquote(text: str) -> str:
    """The text a quoted cell stood for (reading back a file the portal exported)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
