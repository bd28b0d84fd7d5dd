"""Generated posters and actor portraits: deterministic SVGs, so images load with no internet
access (seeded rows point at /api/images/…). Same input, same bytes."""

from __future__ import annotations

import datetime
import hashlib
import textwrap
from xml.sax.saxutils import escape

# One colour pair (background, accent) per genre name; unknown or no genre → slate.
GENRE_COLOURS = {
    "Action": ("#7f1d1d", "#f87171"),
    "Adventure": ("#7c2d12", "#fb923c"),
    "Animation": ("#713f12", "#facc15"),
    "Comedy": ("#854d0e", "#fde047"),
    "Crime": ("#1f2937", "#9ca3af"),
    "Documentary": ("#134e4a", "#5eead4"),
    "Drama": ("#312e81", "#a5b4fc"),
    "Family": ("#14532d", "#86efac"),
    "Fantasy": ("#4c1d95", "#c4b5fd"),
    "History": ("#78350f", "#fcd34d"),
    "Horror": ("#0c0a09", "#dc2626"),
    "Music": ("#831843", "#f9a8d4"),
    "Mystery": ("#1e1b4b", "#818cf8"),
    "Romance": ("#881337", "#fda4af"),
    "Science Fiction": ("#083344", "#22d3ee"),
    "TV Movie": ("#3f3f46", "#d4d4d8"),
    "Thriller": ("#18181b", "#f59e0b"),
    "War": ("#365314", "#bef264"),
    "Western": ("#78350f", "#fdba74"),
}
DEFAULT_COLOURS = ("#334155", "#cbd5e1")
PORTRAIT_COLOURS = (
    ("#1e3a8a", "#93c5fd"),
    ("#065f46", "#6ee7b7"),
    ("#7c2d12", "#fdba74"),
    ("#581c87", "#d8b4fe"),
    ("#831843", "#f9a8d4"),
    ("#134e4a", "#5eead4"),
    ("#3f3f46", "#e4e4e7"),
    ("#713f12", "#fde68a"),
)
FONT = 'font-family="Helvetica, Arial, sans-serif"'


def _lines(text: str, width: int, limit: int) -> list[str]:
    lines = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def poster_svg(*, title: str, release_date: datetime.date | None, genres: list[str] | None) -> str:
    """A 500×750 poster: the genre's colours, the title, the release year, the genres."""
    genres = genres or []
    background, accent = GENRE_COLOURS.get(genres[0] if genres else "", DEFAULT_COLOURS)
    year = str(release_date.year) if release_date else ""
    lines = _lines(title, 16, 5)
    top = 330 - (len(lines) - 1) * 30
    title_tspans = "".join(
        f'<tspan x="250" y="{top + i * 60}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    genre_text = escape(" · ".join(genres[:3]))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="500" height="750" '
        f'viewBox="0 0 500 750" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f"<title>{escape(title)}</title>"
        '<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="{background}"/>'
        '<stop offset="1" stop-color="#000000"/></linearGradient></defs>'
        '<rect width="500" height="750" fill="url(#g)"/>'
        f'<rect x="24" y="24" width="452" height="702" fill="none" stroke="{accent}" '
        'stroke-width="4" rx="12"/>'
        f'<text text-anchor="middle" fill="#ffffff" font-size="48" font-weight="700" {FONT}>'
        f"{title_tspans}</text>"
        f'<text x="250" y="620" text-anchor="middle" fill="{accent}" font-size="40" {FONT}>'
        f"{year}</text>"
        f'<text x="250" y="680" text-anchor="middle" fill="#e5e7eb" font-size="24" {FONT}>'
        f"{genre_text}</text>"
        "</svg>"
    )


def portrait_svg(
    *,
    actor_id: int,
    name: str,
    birthday: datetime.date | None,
    deathday: datetime.date | None,
) -> str:
    """A 300×450 portrait: a silhouette, initials, the name and the years."""
    digest = hashlib.sha256(f"{actor_id}:{name}".encode()).digest()
    background, accent = PORTRAIT_COLOURS[digest[0] % len(PORTRAIT_COLOURS)]
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    if birthday and deathday:
        years = f"{birthday.year}–{deathday.year}"
    elif birthday:
        years = f"b. {birthday.year}"
    else:
        years = ""
    lines = _lines(name, 18, 2)
    name_tspans = "".join(
        f'<tspan x="150" y="{350 + i * 30}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="450" '
        f'viewBox="0 0 300 450" role="img" aria-label="{escape(name, {chr(34): "&quot;"})}">'
        f"<title>{escape(name)}</title>"
        f'<rect width="300" height="450" fill="{background}"/>'
        f'<circle cx="150" cy="150" r="70" fill="{accent}"/>'
        f'<path d="M40 310 Q150 200 260 310 Z" fill="{accent}"/>'
        f'<text x="150" y="168" text-anchor="middle" fill="{background}" font-size="48" '
        f'font-weight="700" {FONT}>{escape(initials)}</text>'
        f'<text text-anchor="middle" fill="#ffffff" font-size="24" font-weight="700" {FONT}>'
        f"{name_tspans}</text>"
        f'<text x="150" y="425" text-anchor="middle" fill="{accent}" font-size="20" {FONT}>'
        f"{years}</text>"
        "</svg>"
    )
