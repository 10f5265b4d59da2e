"""Write the release calendars the iCalendar reader is tested on, with Python's icalendar.

    python3 release_calendar.py   # icalendar 7.3.0; writes ../icalendar-*.ics

A release calendar as a team's calendar holds it: the releases of several services, a weekly
infrastructure maintenance series on staging with an exception and a moved instance, an
organisational event blocking deployments (all-day dates), a cancelled booking, an event
given by its duration, times in UTC and in Europe/Berlin (with the VTIMEZONE icalendar adds).
`icalendar-release-calendar.ics` has no conflict with payments-api's window on
2026-03-14 20:00-22:00 UTC; `icalendar-conflicting.ics` adds a release of a service
payments-api depends on, inside that window.
"""

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc
OUT = Path(__file__).resolve().parent.parent


def event(uid, summary, start, end=None, duration=None, categories=(), **extra):
    e = Event()
    e.add("uid", uid)
    e.add("dtstamp", datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    e.add("summary", summary)
    e.add("dtstart", start)
    if end is not None:
        e.add("dtend", end)
    if duration is not None:
        e.add("duration", duration)
    if categories:
        e.add("categories", list(categories))
    for key, value in extra.items():
        e.add(key.replace("_", "-"), value)
    return e


def calendar(conflicting):
    cal = Calendar()
    cal.add("prodid", "-//relpolicy fixtures//python icalendar 7.3.0//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Release calendar")
    cal.add_component(event(
        "rel-2026-03-015@releases.example.com",
        "REL-2026-03-015: payments-api 2.4.0",
        datetime(2026, 3, 14, 20, 0, tzinfo=UTC),
        datetime(2026, 3, 14, 22, 0, tzinfo=UTC),
        categories=["release", "payments-api"],
        description="Minor release of payments-api: export functionality, budget summary fix, "
        "multi-language notifications. Rollback window 4 hours; see the deployment runbook.",
    ))
    cal.add_component(event(
        "rel-2026-03-016@releases.example.com",
        "REL-2026-03-016: hr-portal patch",
        datetime(2026, 3, 15, 19, 0, tzinfo=BERLIN),
        datetime(2026, 3, 15, 20, 0, tzinfo=BERLIN),
        categories=["release", "hr-portal"],
    ))
    # Infrastructure maintenance on staging every Tuesday night, with one week skipped and
    # one moved to Wednesday.
    series = event(
        "infra-staging-weekly@ops.example.com",
        "Staging infrastructure maintenance",
        datetime(2026, 1, 6, 22, 0, tzinfo=BERLIN),
        datetime(2026, 1, 7, 2, 0, tzinfo=BERLIN),
        categories=["maintenance", "staging"],
    )
    series.add("rrule", vRecur({"freq": "weekly", "byday": "TU"}))
    series.add("exdate", datetime(2026, 3, 3, 22, 0, tzinfo=BERLIN))
    cal.add_component(series)
    cal.add_component(event(
        "infra-staging-weekly@ops.example.com",
        "Staging infrastructure maintenance (moved)",
        datetime(2026, 3, 11, 22, 0, tzinfo=BERLIN),
        datetime(2026, 3, 12, 2, 0, tzinfo=BERLIN),
        categories=["maintenance", "staging"],
        recurrence_id=datetime(2026, 3, 10, 22, 0, tzinfo=BERLIN),
    ))
    # Board meeting: no deployments Thursday and Friday (all-day dates).
    cal.add_component(event(
        "board-2026-03@org.example.com",
        "Board meeting: no deployments",
        date(2026, 3, 12),
        date(2026, 3, 14),
        categories=["blocked"],
    ))
    # A booking that was given up.
    cal.add_component(event(
        "rel-2026-03-014@releases.example.com",
        "REL-2026-03-014: ledger 5.1.0 (moved to April)",
        datetime(2026, 3, 14, 21, 0, tzinfo=UTC),
        datetime(2026, 3, 14, 23, 0, tzinfo=UTC),
        categories=["release", "ledger"],
        status="CANCELLED",
    ))
    # Production network maintenance the Sunday after, given by its duration.
    cal.add_component(event(
        "net-2026-03-15@ops.example.com",
        "Production network maintenance",
        datetime(2026, 3, 15, 6, 0, tzinfo=UTC),
        duration=timedelta(hours=2),
        categories=["maintenance", "production"],
    ))
    if conflicting:
        cal.add_component(event(
            "rel-2026-03-017@releases.example.com",
            "REL-2026-03-017: ledger 5.0.3 hotfix",
            datetime(2026, 3, 14, 21, 30, tzinfo=BERLIN),
            datetime(2026, 3, 14, 23, 0, tzinfo=BERLIN),
            categories=["release", "ledger"],
        ))
    cal.add_missing_timezones()
    return cal


for name, conflicting in [("icalendar-release-calendar.ics", False), ("icalendar-conflicting.ics", True)]:
    (OUT / name).write_bytes(calendar(conflicting).to_ical())
