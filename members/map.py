"""A tile map of the member states: one square per state, placed by its rough geographic
position (longitude → column, latitude → row) and coloured by nomination status.

Rendered on the server as a CSS grid (classes, no inline style: strict CSP), so it needs no
JavaScript and reads the same in Arabic and English (the grid is not mirrored: it is a map).
"""

# Approximate centroids (latitude, longitude) of the 57 member states.
CENTROIDS = {
    "AF": (34, 66), "AL": (41, 20), "DZ": (28, 3), "AZ": (40, 48), "BH": (26, 50.5),
    "BD": (24, 90), "BJ": (9.5, 2.3), "BN": (4.5, 114.7), "BF": (12, -1.5), "CM": (6, 12),
    "TD": (15, 19), "KM": (-12, 44), "CI": (7.5, -5.5), "DJ": (11.5, 43), "EG": (27, 30),
    "GA": (-0.8, 11.6), "GM": (13.4, -15.4), "GN": (10, -10), "GW": (12, -15), "GY": (5, -59),
    "ID": (-2, 118), "IR": (32, 53), "IQ": (33, 44), "JO": (31, 36), "KZ": (48, 68),
    "KW": (29.3, 47.6), "KG": (41, 75), "LB": (33.9, 35.9), "LY": (27, 17), "MY": (3.5, 102),
    "MV": (3.2, 73), "ML": (17, -4), "MR": (20, -10.5), "MA": (32, -6), "MZ": (-18, 35),
    "NE": (17, 9), "NG": (9, 8), "OM": (21, 57), "PK": (30, 70), "PS": (31.9, 35.2),
    "QA": (25.3, 51.2), "SA": (24, 45), "SN": (14.5, -14.5), "SL": (8.5, -11.8),
    "SO": (6, 46), "SD": (15, 30), "SR": (4, -56), "SY": (35, 38), "TJ": (39, 71),
    "TG": (8.5, 1), "TN": (34, 9), "TR": (39, 35), "TM": (39, 59), "UG": (1.3, 32.3),
    "AE": (24, 54), "UZ": (41, 64), "YE": (15.5, 48),
}  # fmt: skip

COLUMNS = 24
ROWS = 13


def _cell(lat, lon) -> tuple[int, int]:
    # The Americas (Guyana, Suriname) are pulled east so the map stays compact.
    if lon < -30:
        lon = -24 + (lon + 59) / 4
    column = round((lon + 25) / 6.5) + 1
    row = round((50 - lat) / 5.5) + 1
    return max(1, min(COLUMNS, column)), max(1, min(ROWS, row))


def _layout() -> dict[str, tuple[int, int]]:
    taken: dict[tuple[int, int], str] = {}
    placed = {}
    for code, (lat, lon) in sorted(CENTROIDS.items(), key=lambda item: -item[1][0]):
        column, row = _cell(lat, lon)
        # Nearest free cell, spiralling out: small neighbours (Gulf states) sit side by side.
        for radius in range(0, 6):
            candidates = [
                (column + dc, row + dr)
                for dr in range(-radius, radius + 1)
                for dc in range(-radius, radius + 1)
                if max(abs(dc), abs(dr)) == radius
                and 1 <= column + dc <= COLUMNS
                and 1 <= row + dr <= ROWS
            ]
            free = [cell for cell in candidates if cell not in taken]
            if free:
                cell = min(free, key=lambda c: (abs(c[1] - row), abs(c[0] - column)))
                taken[cell] = code
                placed[code] = cell
                break
    return placed


LAYOUT = _layout()


def tile_map(rows) -> list[dict]:
    """A tile for each state with a place on the map (each of the 57). A state without one
    (not among CENTROIDS) gets no tile: tiles without a place would all be stacked in one
    cell, hiding each other, and would make the map grow with the number of states; the
    status counts and the directory still show every state."""
    tiles = []
    for row in rows:
        code = row.state.country.code
        if code not in LAYOUT:
            continue
        column, line = LAYOUT[code]
        tiles.append(
            {
                "row": row,
                "code": row.state.iso3,
                "column": column,
                "line": line,
                "status": row.status,
                "stale": row.stale,
            }
        )
    return tiles
