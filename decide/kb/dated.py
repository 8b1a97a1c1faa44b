"""Dated knowledge: dates at their source's precision, statuses as of a year, staleness.

Announcements, forecasts, policies, standards and price series say when their status was last
confirmed (`as_of`, `status_as_of`), when they should be looked at again (`review_by`) and what
was planned (`milestones` with `planned: true`). These pure functions compare them with a date
(the CLI passes today's) or with the year a briefing is written for; nothing here reads a clock.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

Date = datetime.date


def start_of(when: str) -> Date:
    """First day of the period a date names: '2026' -> 2026-01-01, '2026-07' -> 2026-07-01."""
    parts = [int(p) for p in when.split("-")]
    return Date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def end_of(when: str) -> Date:
    """Last day of the period a date names: '2026' -> 2026-12-31, '2026-07' -> 2026-07-31."""
    parts = [int(p) for p in when.split("-")]
    if len(parts) == 1:
        return Date(parts[0], 12, 31)
    if len(parts) == 2:
        return Date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return Date(parts[0], parts[1], parts[2])


def year_of(when: str) -> int:
    """The year of a date at any precision."""
    return int(when[:4])


def as_of(entry: Any) -> str | None:
    """When an entry's status was last confirmed (`as_of` or `status_as_of`), if it says."""
    return getattr(entry, "as_of", None) or getattr(entry, "status_as_of", None)


def knowledge_date(kb: Any) -> str | None:
    """The latest date any dated entry was confirmed: what 'as of' means for the whole base."""
    found = [d for e in kb.entries.values() if (d := as_of(e)) is not None]
    return max(found, key=end_of) if found else None


# -- staleness (decide kb check) ----------------------------------------------------------------


@dataclass(frozen=True)
class Stale:
    """A dated entry that needs a fresh look: where it is and why."""

    entry: str
    file: str
    line: int | None
    message: str

    def text(self) -> str:
        """'file:line: id: message' as `kb check` prints it."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.entry}: {self.message}"


_OPEN_STATUSES = {"draft", "proposed", "announced", "pilot", "demo-fleet"}


def _status(entry: Any) -> str:
    return str(getattr(entry, "status", "") or "").split(" ")[0].lower()


def staleness(entry: Any, today: Date) -> list[str]:
    """Why `entry` is out of date on `today` (empty when it is not, or carries no dates)."""
    out: list[str] = []
    review_by = getattr(entry, "review_by", None)
    if review_by is not None and end_of(review_by) < today:
        out.append(f"past its review date {review_by}: re-check its status and figures")
    confirmed = as_of(entry)
    status = _status(entry)
    if status in _OPEN_STATUSES:
        for m in getattr(entry, "milestones", ()):
            if not m.planned or end_of(m.when) >= today:
                continue
            if confirmed is None or start_of(confirmed) <= end_of(m.when):
                out.append(
                    f"status {status!r} recorded as of {confirmed or 'an unknown date'}, but "
                    f"'{m.event}' was planned for {m.when}: find out whether it happened"
                )
    sop = getattr(entry, "sop_year", None)
    if (
        sop is not None
        and status in ("announced", "pilot", "demo-fleet")
        and Date(sop, 12, 31) < today
        and (confirmed is None or year_of(confirmed) <= sop)
    ):
        out.append(
            f"start of production was due in {sop} and the status is still {status!r} as of "
            f"{confirmed}: find out whether production started or slipped"
        )
    return out


def stale_entries(kb: Any, today: Date) -> list[Stale]:
    """Every entry of `kb` that is out of date on `today`, in file and line order.

    Overlays take part like built-in entries: an overlay entry that replaces a stale built-in one
    is judged by its own dates, so a user clears a warning by overlaying a re-checked entry.
    """
    found = []
    for entry_id, entry in kb.entries.items():
        for message in staleness(entry, today):
            origin = kb.origins.get(entry_id)
            file = origin.file if origin is not None else "?"
            line = origin.line if origin is not None else None
            found.append(Stale(entry_id, file, line, message))
    return sorted(found, key=lambda s: (s.file, s.line or 0, s.entry, s.message))


# -- status in a briefing's year ----------------------------------------------------------------


@dataclass(frozen=True)
class YearStatus:
    """What an entry's status means in a given year, in words, and whether it is known.

    `phase` is one of 'future' (not yet released or adopted in that year), 'pending' (adopted or
    drafted, obligations not yet applying), 'current' (in force or applying), 'ended', 'past' (an
    announced date before that year), or 'unknown' (the year lies after the last confirmation and
    the status could change).
    """

    phase: str
    text: str


def standard_status(entry: Any, year: int, knowledge: str | None) -> YearStatus:
    """A standard's status in `year` from its status, in-force date and milestones."""
    status = _status(entry) or "published"
    confirmed = as_of(entry) or knowledge
    first = min((m for m in entry.milestones if not m.planned), key=lambda m: m.when, default=None)
    if first is not None and year < year_of(first.when):
        return YearStatus("future", f"not yet released in {year} ({first.event} {first.when})")
    if status == "draft":
        plan = "; ".join(_planned(m, confirmed) for m in entry.milestones if m.planned)
        plan_text = f" ({plan})" if plan else ""
        if confirmed is not None and year > year_of(confirmed):
            return YearStatus(
                "unknown",
                f"draft as last confirmed on {confirmed}{plan_text}; its status in {year} "
                "is not known: verify before relying on it",
            )
        return YearStatus("pending", f"draft{plan_text}")
    in_force = getattr(entry, "in_force", None)
    if in_force is not None:
        if year < year_of(in_force):
            return YearStatus("pending", f"published; applies from {in_force}")
        return YearStatus("current", f"in force since {in_force}")
    return YearStatus("current", entry.status)


def _planned(milestone: Any, confirmed: str | None) -> str:
    """'publication planned 2026-07', plus 'not confirmed by ...' when that date has passed."""
    text = f"{milestone.event} planned {milestone.when}"
    if confirmed is not None and end_of(milestone.when) < start_of(confirmed):
        text += f", not confirmed by {confirmed}"
    return text


def policy_status(entry: Any, year: int, knowledge: str | None) -> YearStatus:
    """A policy's status in `year` from its adoption, application and end dates."""
    confirmed = entry.status_as_of or knowledge
    if entry.ends is not None and year > year_of(entry.ends):
        return YearStatus("ended", f"ended {entry.ends}")
    if entry.adopted is not None and year < year_of(entry.adopted):
        return YearStatus("future", f"not yet adopted in {year} (adopted {entry.adopted})")
    if entry.status in ("draft", "proposed"):
        if confirmed is not None and year > year_of(confirmed):
            return YearStatus(
                "unknown",
                f"{entry.status} as last confirmed on {confirmed}; status in {year} not known",
            )
        return YearStatus("pending", entry.status)
    if entry.in_force is not None and year < year_of(entry.in_force):
        return YearStatus("pending", f"adopted; applies from {entry.in_force}")
    if entry.in_force is not None:
        text = f"applies since {entry.in_force}"
    elif entry.adopted is not None:
        text = f"adopted {entry.adopted}"
    else:
        text = entry.status
    if entry.ends is not None:
        text += f"; ends {entry.ends}"
    return YearStatus("current", text)


def announcement_timing(entry: Any, year: int) -> YearStatus:
    """Whether an announced start of production lies before, in or after `year`."""
    if entry.sop_year is None:
        return YearStatus("unknown", "no start-of-production year stated")
    last = entry.sop_year_latest or entry.sop_year
    span = f"{entry.sop_year}" + (f"\u2013{last}" if last != entry.sop_year else "")
    if last < year and entry.status == "production":
        return YearStatus("current", f"in production since {entry.sop_year}")
    if last < year:
        return YearStatus(
            "past", f"SOP {span} is past in {year}: check whether it happened ({entry.status})"
        )
    if entry.sop_year <= year:
        return YearStatus("current", f"SOP {span}: due in {year}")
    return YearStatus("future", f"SOP {span}: {entry.sop_year - year} yr after {year}")
