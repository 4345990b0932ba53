"""Meetings for the demo: the third network meeting and the two it called for (see reference)."""

from .reference import load_meetings


def seed(password: str, log) -> None:
    meetings = load_meetings()
    log(f"Meetings: {len(meetings)} (third network meeting, focal-point meeting, fourth meeting).")
