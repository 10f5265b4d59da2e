//! iCalendar (RFC 5545) exports of a release calendar: the events a production window could
//! collide with (other releases, infrastructure maintenance, blocked periods).
//!
//! Calendar programs write `.ics` with folded lines, escaped text, times in UTC, in a named
//! time zone (`TZID=Europe/Berlin`) or floating, all-day dates, durations instead of ends, and
//! recurring series (a weekly maintenance window) with exceptions and moved instances. Each
//! event keeps the line its `BEGIN:VEVENT` is on. Times become RFC 3339 with a zone; a floating
//! time or an all-day date is read in the manifest's `timezone`; without one such an event is an
//! error (its time is never guessed). A recurring series
//! is expanded into its occurrences around the release's target window (from `relpolicy.yaml`);
//! without a window a series cannot be placed and is kept as one unexpanded event.
//!
//! No crate reads iCalendar with positions, so the content lines are read here; recurrence
//! rules are expanded by the `rrule` crate.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::{Map, Value, json};

use super::File;
use super::text::{self, stamp};
use crate::diagnostics::Problem;

/// The most occurrences of one series kept around the window.
const MAX_OCCURRENCES: u16 = 1000;

/// How far around the target window a series is expanded.
const MARGIN_DAYS: i64 = 2;

/// The release's planned window, from the manifest's `release.target_window`.
pub fn window_of(release: &Value) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let window = release.get("target_window")?;
    let at = |key: &str| {
        let text = window.get(key)?.as_str()?;
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    };
    let start = at("start")?;
    let end = at("end").unwrap_or(start).max(start);
    Some((start, end))
}

/// One logical line: name, parameters and value, with the line it starts on.
#[derive(Debug)]
struct Line {
    number: usize,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Line {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A point in time as the calendar wrote it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum When {
    Utc(DateTime<Utc>),
    Zoned(DateTime<chrono_tz::Tz>),
    /// A local time without a zone.
    Floating(NaiveDateTime),
    /// An all-day date.
    Date(NaiveDate),
}

impl When {
    /// The local time, for floating values; the instant otherwise.
    fn naive(self) -> NaiveDateTime {
        match self {
            When::Utc(t) => t.naive_utc(),
            When::Zoned(t) => t.naive_utc(),
            When::Floating(t) => t,
            When::Date(d) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
        }
    }

    fn is_local(self) -> bool {
        matches!(self, When::Floating(_) | When::Date(_))
    }

    /// The instant, when it is one (a local value needs the manifest's offset).
    fn instant(self, offset: Option<FixedOffset>) -> Option<DateTime<Utc>> {
        match self {
            When::Utc(t) => Some(t),
            When::Zoned(t) => Some(t.with_timezone(&Utc)),
            local => offset?
                .from_local_datetime(&local.naive())
                .single()
                .map(|t| t.with_timezone(&Utc)),
        }
    }

    /// As the evidence writes it: RFC 3339 with a zone, or a local time without one.
    fn show(self, offset: Option<FixedOffset>) -> String {
        match (self, offset) {
            (When::Utc(t), _) => stamp(&t),
            (When::Zoned(t), _) => stamp(&t.fixed_offset()),
            (local, Some(offset)) => match offset.from_local_datetime(&local.naive()).single() {
                Some(t) => stamp(&t),
                None => local.naive().format("%Y-%m-%dT%H:%M:%S").to_string(),
            },
            (local, None) => local.naive().format("%Y-%m-%dT%H:%M:%S").to_string(),
        }
    }

    /// The same kind of value at another time (for occurrences of a series).
    fn shifted(self, by: Duration) -> When {
        match self {
            When::Utc(t) => When::Utc(t + by),
            When::Zoned(t) => When::Zoned(t + by),
            When::Floating(t) => When::Floating(t + by),
            When::Date(d) => When::Floating(d.and_hms_opt(0, 0, 0).unwrap_or_default() + by),
        }
    }
}

/// One `VEVENT`, read.
#[derive(Debug, Default)]
struct Event {
    line: usize,
    props: BTreeMap<String, Vec<Line>>,
}

impl Event {
    fn one(&self, name: &str) -> Option<&Line> {
        self.props.get(name).and_then(|v| v.first())
    }

    fn all(&self, name: &str) -> &[Line] {
        self.props.get(name).map_or(&[], Vec::as_slice)
    }
}

pub fn read(
    file: &File,
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    offset: Option<FixedOffset>,
) -> Result<Map<String, Value>, Problem> {
    let source = file.text.text();
    let error = |line: usize, message: String, label: &str| {
        file.error_at(
            "relpolicy::gather::icalendar",
            message,
            file.offset(line, 1),
            label,
        )
    };
    let lines = unfold(source)
        .into_iter()
        .map(|(number, content)| {
            parse_line(number, &content).ok_or_else(|| {
                error(
                    number,
                    format!("{} has a line that is not `NAME:value`", file.text.name()),
                    "this line",
                )
                .help("an iCalendar content line is NAME, optional ;PARAM=value, a colon and the value (RFC 5545, section 3.1)")
            })
        })
        .collect::<Result<Vec<Line>, Problem>>()?;
    let Some(first) = lines.first() else {
        return Err(error(1, format!("{} is empty", file.text.name()), "here")
            .help("export the release calendar as iCalendar (.ics)"));
    };
    if first.name != "BEGIN" || !first.value.eq_ignore_ascii_case("VCALENDAR") {
        return Err(error(
            first.number,
            format!("{} is not an iCalendar file", file.text.name()),
            "expected BEGIN:VCALENDAR",
        )
        .help("export the release calendar as iCalendar (.ics)"));
    }

    // Components, nested; properties of a VEVENT (not of its alarms) are kept.
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut current: Option<Event> = None;
    for line in lines {
        match line.name.as_str() {
            "BEGIN" => {
                let component = line.value.to_ascii_uppercase();
                if component == "VEVENT" && stack.len() == 1 {
                    current = Some(Event {
                        line: line.number,
                        ..Event::default()
                    });
                }
                stack.push((component, line.number));
            }
            "END" => {
                let component = line.value.to_ascii_uppercase();
                match stack.pop() {
                    Some((open, _)) if open == component => {}
                    Some((open, at)) => {
                        return Err(error(
                            line.number,
                            format!("END:{component} closes BEGIN:{open} of line {at}"),
                            "this END",
                        )
                        .help("the calendar is malformed or cut off; export it again"));
                    }
                    None => {
                        return Err(error(
                            line.number,
                            format!("END:{component} with nothing open"),
                            "this END",
                        )
                        .help("the calendar is malformed; export it again"));
                    }
                }
                if component == "VEVENT"
                    && stack.len() == 1
                    && let Some(event) = current.take()
                {
                    events.push(event);
                }
            }
            _ => {
                if stack.len() == 2
                    && stack[1].0 == "VEVENT"
                    && let Some(event) = current.as_mut()
                {
                    event.props.entry(line.name.clone()).or_default().push(line);
                }
            }
        }
    }
    if let Some((open, at)) = stack.last() {
        return Err(
            error(*at, format!("BEGIN:{open} is never closed"), "opened here")
                .help("the calendar is cut off; export it again"),
        );
    }

    // Instances of a series moved or changed on their own (RECURRENCE-ID), by UID.
    let mut moved: BTreeMap<String, Vec<When>> = BTreeMap::new();
    for event in &events {
        if let (Some(uid), Some(id)) = (event.one("UID"), event.one("RECURRENCE-ID")) {
            let when = when(id).map_err(|m| error(id.number, m, "RECURRENCE-ID"))?;
            moved.entry(uid.value.clone()).or_default().push(when);
        }
    }

    let mut out = Vec::new();
    let mut unexpanded = 0;
    for event in &events {
        for name in [
            "UID", "DTSTART", "DTEND", "DURATION", "RRULE", "SUMMARY", "STATUS",
        ] {
            if let [_, second, ..] = event.all(name) {
                return Err(error(
                    second.number,
                    format!("the event of line {} has {name} twice", event.line),
                    "the second",
                )
                .help("an event has one of each; which one counts the calendar does not say"));
            }
        }
        let Some(start_line) = event.one("DTSTART") else {
            return Err(error(
                event.line,
                "an event without DTSTART".to_owned(),
                "this event",
            )
            .help(
                "every event needs its start (DTSTART) to be placed against the release window",
            ));
        };
        let start = when(start_line).map_err(|m| error(start_line.number, m, "DTSTART"))?;
        let end = match (event.one("DTEND"), event.one("DURATION")) {
            (Some(end_line), _) => {
                when(end_line).map_err(|m| error(end_line.number, m, "DTEND"))?
            }
            (None, Some(d)) => {
                let length = duration(&d.value).ok_or_else(|| {
                    error(
                        d.number,
                        format!("`{}` is not a duration", d.value),
                        "DURATION",
                    )
                    .help("a duration is written like PT2H or P1D (RFC 5545, section 3.3.6)")
                })?;
                start.shifted(length)
            }
            // An all-day event lasts the day; a point in time, no time at all.
            (None, None) if matches!(start, When::Date(_)) => start.shifted(Duration::days(1)),
            (None, None) => start,
        };
        if offset.is_none() && (start.is_local() || end.is_local()) {
            let summary = event
                .one("SUMMARY")
                .map(|l| unescape(&l.value))
                .unwrap_or_default();
            return Err(error(
                event.line,
                format!("the event `{summary}` has a time without a zone (an all-day date or a floating time)"),
                "this event",
            )
            .help("calendar programs write all-day events and floating times without a zone; set `timezone` in relpolicy.yaml to the offset they are meant in (e.g. \"+01:00\"), and relpolicy reads them in it"));
        }
        let length = match (start.instant(offset), end.instant(offset)) {
            (Some(s), Some(e)) => e - s,
            _ => end.naive() - start.naive(),
        };
        if length < Duration::zero() {
            return Err(error(
                event.line,
                "an event that ends before it starts".to_owned(),
                "this event",
            )
            .help("fix the event's DTEND or DURATION in the calendar, then export it again"));
        }
        let mut fields = Map::new();
        if let Some(uid) = event.one("UID") {
            fields.insert("uid".into(), json!(unescape(&uid.value)));
        }
        if let Some(summary) = event.one("SUMMARY") {
            fields.insert("summary".into(), json!(unescape(&summary.value)));
        }
        let categories: Vec<String> = event
            .all("CATEGORIES")
            .iter()
            .flat_map(|l| split_list(&l.value))
            .collect();
        if !categories.is_empty() {
            fields.insert("categories".into(), json!(categories));
        }
        if let Some(status) = event.one("STATUS") {
            fields.insert("status".into(), json!(status.value.to_ascii_lowercase()));
        }
        fields.insert("source".into(), text::source_at(file, event.line, None));
        let occurrences = match (event.one("RRULE"), event.one("RECURRENCE-ID")) {
            (Some(rule), None) => match window {
                Some(window) => {
                    let exceptions: Vec<When> = event
                        .all("EXDATE")
                        .iter()
                        .map(|l| list_of_when(l).map_err(|m| error(l.number, m, "EXDATE")))
                        .collect::<Result<Vec<_>, _>>()?
                        .into_iter()
                        .flatten()
                        .chain(
                            event
                                .one("UID")
                                .and_then(|u| moved.get(&u.value))
                                .into_iter()
                                .flatten()
                                .copied(),
                        )
                        .collect();
                    let extra: Vec<When> = event
                        .all("RDATE")
                        .iter()
                        .map(|l| list_of_when(l).map_err(|m| error(l.number, m, "RDATE")))
                        .collect::<Result<Vec<_>, _>>()?
                        .into_iter()
                        .flatten()
                        .collect();
                    expand(start, length, &rule.value, &exceptions, &extra, window)
                        .map_err(|m| error(rule.number, m, "RRULE"))?
                }
                None => {
                    // No window to expand around: kept as the series, which cannot be placed.
                    unexpanded += 1;
                    fields.insert("recurrence".into(), json!(rule.value));
                    vec![start]
                }
            },
            _ => vec![start],
        };
        let series = occurrences.len() > 1 || event.one("RRULE").is_some();
        for occurrence in occurrences {
            let mut item = fields.clone();
            item.insert("start".into(), json!(occurrence.show(offset)));
            let end = if occurrence.is_local() || start.is_local() {
                When::Floating(occurrence.naive() + length)
            } else {
                occurrence.shifted(length)
            };
            item.insert("end".into(), json!(end.show(offset)));
            if series && !item.contains_key("recurrence") {
                item.insert("series".into(), json!(true));
            }
            out.push(Value::Object(item));
        }
    }
    let mut section = Map::new();
    section.insert("events".into(), Value::Array(out));
    if unexpanded > 0 {
        section.insert("unexpanded".into(), json!(unexpanded));
    }
    section.insert("source".into(), text::source_at(file, 1, None));
    Ok(section)
}

/// Unfold content lines (a line that starts with a space or a tab continues the one before),
/// with the number of the line each starts on.
fn unfold(source: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in source.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match raw.strip_prefix([' ', '\t']) {
            Some(rest) if !out.is_empty() => {
                if let Some((_, last)) = out.last_mut() {
                    last.push_str(rest);
                }
            }
            _ if raw.trim().is_empty() => {}
            _ => out.push((i + 1, raw.to_owned())),
        }
    }
    out
}

/// `NAME;PARAM=value;PARAM="quoted":value`.
fn parse_line(number: usize, content: &str) -> Option<Line> {
    let mut chars = content.char_indices().peekable();
    let mut name_end = None;
    while let Some(&(i, c)) = chars.peek() {
        if c == ';' || c == ':' {
            name_end = Some(i);
            break;
        }
        chars.next();
    }
    let name_end = name_end?;
    let name = content[..name_end].trim().to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    let mut rest = &content[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=')?;
        let key = after[..eq].trim().to_ascii_uppercase();
        let mut value_part = &after[eq + 1..];
        let value;
        if let Some(quoted) = value_part.strip_prefix('"') {
            let close = quoted.find('"')?;
            value = quoted[..close].to_owned();
            value_part = &quoted[close + 1..];
        } else {
            let stop = value_part.find([';', ':'])?;
            value = value_part[..stop].to_owned();
            value_part = &value_part[stop..];
        }
        params.push((key, value));
        rest = value_part;
    }
    let value = rest.strip_prefix(':')?;
    Some(Line {
        number,
        name,
        params,
        value: value.to_owned(),
    })
}

/// Text with iCalendar escapes (`\,` `\;` `\\` `\n`) resolved.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A comma-separated text list (CATEGORIES), escapes resolved, blanks dropped.
fn split_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            current.push('\\');
            current.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            items.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|i| unescape(i.trim()))
        .filter(|i| !i.is_empty())
        .collect()
}

/// A DTSTART, DTEND or RECURRENCE-ID value with its parameters.
fn when(line: &Line) -> Result<When, String> {
    when_value(&line.value, line.param("VALUE"), line.param("TZID"))
}

/// An EXDATE or RDATE: a list of values.
fn list_of_when(line: &Line) -> Result<Vec<When>, String> {
    line.value
        .split(',')
        .map(|v| when_value(v.trim(), line.param("VALUE"), line.param("TZID")))
        .collect()
}

fn when_value(value: &str, kind: Option<&str>, tzid: Option<&str>) -> Result<When, String> {
    let is_date = kind.is_some_and(|k| k.eq_ignore_ascii_case("DATE")) || value.len() == 8;
    if is_date {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .map(When::Date)
            .map_err(|_| format!("`{value}` is not a date (YYYYMMDD)"));
    }
    let (local, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(local) => (local, true),
        None => (value, false),
    };
    let naive = NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M%S")
        .map_err(|_| format!("`{value}` is not a date-time (YYYYMMDDTHHMMSS, Z for UTC)"))?;
    if utc {
        return Ok(When::Utc(Utc.from_utc_datetime(&naive)));
    }
    match tzid {
        Some(tzid) => {
            let zone = zone(tzid)?;
            match zone.from_local_datetime(&naive) {
                chrono::LocalResult::Single(t) => Ok(When::Zoned(t)),
                // The earlier of an hour that happens twice (as calendar programs read it).
                chrono::LocalResult::Ambiguous(t, _) => Ok(When::Zoned(t)),
                chrono::LocalResult::None => Err(format!(
                    "`{value}` does not exist in {tzid} (the clocks skip that hour)"
                )),
            }
        }
        None => Ok(When::Floating(naive)),
    }
}

/// An IANA time zone named by a TZID (some programs prefix it with a path).
fn zone(tzid: &str) -> Result<chrono_tz::Tz, String> {
    let name = tzid.trim_matches('"');
    let candidates = std::iter::once(name).chain(
        // /mozilla.org/20050126_1/Europe/Berlin, /citadel.org/.../Europe/Berlin
        name.match_indices('/').map(|(i, _)| &name[i + 1..]),
    );
    for candidate in candidates {
        if let Ok(zone) = candidate.parse::<chrono_tz::Tz>() {
            return Ok(zone);
        }
    }
    Err(format!(
        "TZID `{name}` is not an IANA time zone (such as Europe/Berlin); relpolicy cannot place its times (export the calendar with IANA zones, or in UTC)"
    ))
}

/// An RFC 5545 duration: `P1D`, `PT2H30M`, `-PT15M`, `P2W`.
fn duration(text: &str) -> Option<Duration> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let rest = rest.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                any = true;
                let part = match (unit, in_time) {
                    ('W', false) => Duration::try_weeks(n)?,
                    ('D', false) => Duration::try_days(n)?,
                    ('H', true) => Duration::try_hours(n)?,
                    ('M', true) => Duration::try_minutes(n)?,
                    ('S', true) => Duration::try_seconds(n)?,
                    _ => return None,
                };
                // Parts that each fit can add up past what a duration holds: no duration.
                total = total.checked_add(&part)?;
            }
        }
    }
    (any && number.is_empty()).then_some(if negative { -total } else { total })
}

/// The starts of a series' occurrences that could touch `window` (within a margin), its
/// exceptions left out and extra dates added.
fn expand(
    start: When,
    length: Duration,
    rule: &str,
    exceptions: &[When],
    extra: &[When],
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<When>, String> {
    // Local times recur on the clock: computed as if in UTC, and read back as local times.
    let (zone, dt_start) = match start {
        When::Zoned(t) => {
            let zone = rrule::Tz::Tz(t.timezone());
            (zone, t.with_timezone(&zone))
        }
        other => {
            let zone = rrule::Tz::UTC;
            (zone, zone.from_utc_datetime(&other.naive()))
        }
    };
    let back = |t: DateTime<rrule::Tz>| match start {
        When::Utc(_) => When::Utc(t.with_timezone(&Utc)),
        When::Zoned(z) => When::Zoned(t.with_timezone(&z.timezone())),
        _ => When::Floating(t.naive_utc()),
    };
    let to_rrule = |w: When| match w {
        When::Utc(t) => t.with_timezone(&zone),
        When::Zoned(t) => t.with_timezone(&zone),
        local => zone.from_utc_datetime(&local.naive()),
    };
    let margin = Duration::days(MARGIN_DAYS);
    let from = (window.0 - length - margin).with_timezone(&zone);
    let until = (window.1 + margin).with_timezone(&zone);
    let parsed: rrule::RRule<rrule::Unvalidated> = rule
        .parse()
        .map_err(|e| format!("`{rule}` is not a recurrence rule: {e}"))?;
    let validated = parsed
        .validate(dt_start)
        .map_err(|e| format!("`{rule}` is not a usable recurrence rule: {e}"))?;
    let mut set = rrule::RRuleSet::new(dt_start)
        .rrule(validated)
        .after(from)
        .before(until);
    for exception in exceptions {
        set = set.exdate(to_rrule(*exception));
    }
    for date in extra {
        set = set.rdate(to_rrule(*date));
    }
    let result = set.all(MAX_OCCURRENCES);
    if result.limited && result.dates.len() >= usize::from(MAX_OCCURRENCES) {
        return Err(format!(
            "`{rule}` recurs more than {MAX_OCCURRENCES} times around the release window"
        ));
    }
    Ok(result.dates.into_iter().map(back).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_unfold_and_parameters_may_be_quoted() {
        let lines = unfold("BEGIN:VEVENT\r\nSUMMARY:Payments \r\n release\r\nEND:VEVENT\r\n");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1], (2, "SUMMARY:Payments release".to_owned()));
        let line = parse_line(
            4,
            "DTSTART;TZID=\"Europe/Berlin\";VALUE=DATE-TIME:20260314T200000",
        )
        .expect("parses");
        assert_eq!(line.param("tzid"), Some("Europe/Berlin"));
        assert_eq!(line.value, "20260314T200000");
        assert!(parse_line(1, "no colon here").is_none());
        assert_eq!(
            split_list("release,service:payments\\, api, "),
            ["release", "service:payments, api"]
        );
        assert_eq!(unescape("a\\;b\\nc\\\\"), "a;b\nc\\");
    }

    #[test]
    fn times_in_utc_in_a_zone_floating_and_all_day() {
        let utc = when_value("20260314T200000Z", None, None).unwrap();
        assert_eq!(utc.show(None), "2026-03-14T20:00:00Z");
        let berlin = when_value("20260314T200000", None, Some("Europe/Berlin")).unwrap();
        assert_eq!(berlin.show(None), "2026-03-14T20:00:00+01:00");
        let mozilla = when_value(
            "20260714T200000",
            None,
            Some("/mozilla.org/20050126_1/Europe/Berlin"),
        )
        .unwrap();
        assert_eq!(mozilla.show(None), "2026-07-14T20:00:00+02:00");
        let floating = when_value("20260314T200000", None, None).unwrap();
        assert_eq!(floating.show(None), "2026-03-14T20:00:00");
        let plus_one = FixedOffset::east_opt(3600);
        assert_eq!(floating.show(plus_one), "2026-03-14T20:00:00+01:00");
        let day = when_value("20260314", Some("DATE"), None).unwrap();
        assert_eq!(day.show(None), "2026-03-14T00:00:00");
        assert!(when_value("20260314T200000", None, Some("W. Europe Standard Time")).is_err());
        assert!(
            when_value("20260329T023000", None, Some("Europe/Berlin")).is_err(),
            "skipped hour"
        );
        assert!(when_value("2026-03-14", None, None).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(duration("PT2H30M"), Some(Duration::minutes(150)));
        assert_eq!(duration("P1W"), Some(Duration::days(7)));
        assert_eq!(duration("P1DT1S"), Some(Duration::seconds(86_401)));
        assert_eq!(duration("-PT15M"), Some(Duration::minutes(-15)));
        // Each part fits a duration, their sum does not.
        assert_eq!(
            duration("P10000000000W"),
            Some(Duration::weeks(10_000_000_000))
        );
        for bad in [
            "",
            "P",
            "PT",
            "P1H",
            "PT1D",
            "2H",
            "P1",
            "P10000000000W10000000000W",
        ] {
            assert_eq!(duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_weekly_series_is_expanded_around_the_window_without_its_exceptions() {
        let start = when_value("20260103T180000", None, Some("Europe/Berlin")).unwrap();
        let window = (
            Utc.with_ymd_and_hms(2026, 3, 14, 19, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 14, 21, 0, 0).unwrap(),
        );
        let skipped = when_value("20260314T180000", None, Some("Europe/Berlin")).unwrap();
        let all = expand(
            start,
            Duration::hours(12),
            "FREQ=WEEKLY;BYDAY=SA",
            &[],
            &[],
            window,
        )
        .unwrap();
        let shown: Vec<String> = all.iter().map(|w| w.show(None)).collect();
        assert!(
            shown.contains(&"2026-03-14T18:00:00+01:00".to_owned()),
            "{shown:?}"
        );
        assert!(shown.len() <= 2, "{shown:?}");
        let without = expand(
            start,
            Duration::hours(12),
            "FREQ=WEEKLY;BYDAY=SA",
            &[skipped],
            &[],
            window,
        )
        .unwrap();
        assert!(
            !without
                .iter()
                .any(|w| w.show(None) == "2026-03-14T18:00:00+01:00")
        );
        assert!(
            expand(
                start,
                Duration::hours(1),
                "FREQ=SOMETIMES",
                &[],
                &[],
                window
            )
            .is_err()
        );
    }
}
