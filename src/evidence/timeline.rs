//! When things happened: every time in the evidence, read once and checked once.
//!
//! Almost every requirement rests on an order: built before promoted, rehearsed
//! before production, reviewed before published. A comparison between a time
//! and a missing or unreadable one must not quietly evaluate to "nothing to
//! compare", and a time that cannot be true (later than the evaluation, a
//! `1970-01-01` placeholder, an end before its start) must not be compared at
//! all. So relpolicy reads every time field the schema declares
//! ([`crate::schema::time_fields`]) here, once per document, and hands policies
//! the result as `input.timeline`:
//!
//! - `as_of`: the evaluation time, in nanoseconds since 1970 (UTC);
//! - `times`: every usable timestamp, by JSON pointer, in nanoseconds;
//! - `days`: every usable calendar date, by JSON pointer, in days since 1970;
//! - `flaws`: by JSON pointer, why a recorded time cannot be used;
//! - `promotions`: the earliest promotion of each artifact along each step,
//!   `{artifact: {"from -> to": [index, time]}}`, the time -1 where that
//!   promotion's is missing or unusable (such a promotion counts as earliest,
//!   so an order check meets it). REL-04 traces thousands of artifacts along
//!   their promotions; finding each step's first promotion in Rego took a sort
//!   and several passes, most of a second at 10,000 artifacts. A step whose
//!   environment name contains ` -> ` is left out (its key would be
//!   ambiguous): it then counts as never taken.
//!
//! Policies compare these numbers through the helpers of
//! `relpolicy.lib.release`, which fail on a time that is absent or flawed and
//! name its field; they never parse evidence times themselves (a year past 2262
//! overflows Rego's nanosecond arithmetic, and the error would point at the
//! policy instead of the evidence). The matrix also fails every requirement
//! whose declared evidence holds a flawed time (`Matrix::build`).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::schema::{Step, TimeKind, time_fields};

/// Times before this are placeholders (`1970-01-01T00:00:00Z`, `0001-01-01`), not records.
pub const EARLIEST: &str = "2000-01-01T00:00:00Z";

/// What joins the two environments of a promotion step in `promotions`' keys.
pub const STEP: &str = " -> ";

/// Nanoseconds in a day.
const DAY_NS: i64 = 86_400_000_000_000;

/// Every time of one document, read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// The evaluation time in nanoseconds since 1970.
    pub as_of: i64,
    /// Usable timestamps by pointer, in nanoseconds since 1970.
    pub times: BTreeMap<String, i64>,
    /// Usable dates by pointer, in days since 1970.
    pub days: BTreeMap<String, i64>,
    /// Why a recorded time is not usable, by pointer.
    pub flaws: BTreeMap<String, String>,
    /// The earliest promotion of each artifact along each step: artifact → `from -> to` →
    /// (index in `/promotions`, its time when usable).
    pub promotions: BTreeMap<String, BTreeMap<String, (usize, Option<i64>)>>,
}

/// A time field found in the document, before it is checked against the others.
struct Found {
    pointer: String,
    text: String,
    kind: TimeKind,
}

impl Timeline {
    /// Read every time field of `document` as of the evaluation time `as_of`.
    pub fn read(document: &Value, as_of: DateTime<Utc>) -> Self {
        let as_of_ns = as_of.timestamp_nanos_opt().unwrap_or(i64::MAX);
        let earliest = DateTime::parse_from_rfc3339(EARLIEST).map_or(0, |t| t.timestamp());
        let mut timeline = Self {
            as_of: as_of_ns,
            ..Self::default()
        };
        let mut found = Vec::new();
        for (path, kind) in time_fields() {
            walk(document, path, &mut String::new(), *kind, &mut found);
        }
        for Found {
            pointer,
            text,
            kind,
        } in found
        {
            match kind {
                TimeKind::Date => match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                    Ok(date) => {
                        let days = date.signed_duration_since(NaiveDate::default()).num_days();
                        timeline.days.insert(pointer, days);
                    }
                    Err(_) => {
                        timeline
                            .flaws
                            .insert(pointer, format!("'{text}' is not a date (YYYY-MM-DD)"));
                    }
                },
                TimeKind::Event | TimeKind::Planned => {
                    match check_time(&text, kind, as_of, earliest) {
                        Ok(ns) => {
                            timeline.times.insert(pointer, ns);
                        }
                        Err(flaw) => {
                            timeline.flaws.insert(pointer, flaw);
                        }
                    }
                }
            }
        }
        timeline.check_intervals();
        timeline.first_promotions(document);
        timeline
    }

    /// The earliest promotion of each artifact along each step. A promotion without a usable
    /// time sorts before every other (so whoever compares it meets it); ties go to the first
    /// recorded.
    fn first_promotions(&mut self, document: &Value) {
        let Some(promotions) = document.get("promotions").and_then(Value::as_array) else {
            return;
        };
        let mut pointer = String::new();
        for (i, promotion) in promotions.iter().enumerate() {
            let field = |name: &str| promotion.get(name).and_then(Value::as_str);
            let (Some(artifact), Some(from), Some(to)) =
                (field("artifact"), field("from"), field("to"))
            else {
                continue;
            };
            if from.contains(STEP) || to.contains(STEP) {
                continue;
            }
            pointer.clear();
            pointer.push_str("/promotions/");
            pointer.push_str(&i.to_string());
            pointer.push_str("/at");
            let at = self.times.get(&pointer).copied();
            let steps = self.promotions.entry(artifact.to_owned()).or_default();
            let step = format!("{from}{STEP}{to}");
            match steps.get(&step) {
                // Earlier, or unusable where the kept one is usable: this one is the first.
                Some(&(_, kept)) if at.unwrap_or(-1) >= kept.unwrap_or(-1) => {}
                _ => {
                    steps.insert(step, (i, at));
                }
            }
        }
    }

    /// An interval whose end lies before its start makes both ends unusable: which of the two
    /// is wrong, the evidence does not say.
    fn check_intervals(&mut self) {
        let pairs = [
            ("started_at", "finished_at"),
            ("started_at", "completed_at"),
            ("start", "end"),
        ];
        let mut flawed = Vec::new();
        for (start_key, end_key) in pairs {
            let suffix = format!("/{end_key}");
            let ends = self
                .times
                .iter()
                .map(|(p, t)| (p, *t, false))
                .chain(self.days.iter().map(|(p, d)| (p, *d, true)));
            for (end_pointer, end, is_date) in ends {
                let Some(parent) = end_pointer.strip_suffix(&suffix) else {
                    continue;
                };
                let start_pointer = format!("{parent}/{start_key}");
                let start = if is_date {
                    self.days.get(&start_pointer)
                } else {
                    self.times.get(&start_pointer)
                };
                if let Some(&start) = start
                    && end < start
                {
                    let (shown_start, shown_end) = if is_date {
                        (show_day(start), show_day(end))
                    } else {
                        (show(start), show(end))
                    };
                    flawed.push((
                        end_pointer.clone(),
                        format!(
                            "ends at {shown_end}, before it starts at {shown_start} ({start_key})"
                        ),
                    ));
                    flawed.push((
                        start_pointer,
                        format!(
                            "starts at {shown_start}, after it ends at {shown_end} ({end_key})"
                        ),
                    ));
                }
            }
        }
        for (pointer, flaw) in flawed {
            self.times.remove(&pointer);
            self.days.remove(&pointer);
            self.flaws.insert(pointer, flaw);
        }
    }

    /// The timeline as policies see it (`input.timeline`), built straight into the policy
    /// engine's values: the same as converting [`Timeline::to_json`], without building it.
    pub fn to_rego(&self) -> regorus::Value {
        use regorus::Value as R;
        fn object(entries: impl Iterator<Item = (R, R)>) -> R {
            R::from(entries.collect::<std::collections::BTreeMap<R, R>>())
        }
        let numbers = |map: &BTreeMap<String, i64>| {
            object(map.iter().map(|(k, v)| (R::from(k.as_str()), R::from(*v))))
        };
        let promotions = object(self.promotions.iter().map(|(artifact, steps)| {
            let steps = object(steps.iter().map(|(step, (index, at))| {
                let first = R::from(vec![R::from(*index as u64), R::from(at.unwrap_or(-1))]);
                (R::from(step.as_str()), first)
            }));
            (R::from(artifact.as_str()), steps)
        }));
        object(
            [
                ("as_of", R::from(self.as_of)),
                ("times", numbers(&self.times)),
                ("days", numbers(&self.days)),
                (
                    "flaws",
                    object(
                        self.flaws
                            .iter()
                            .map(|(k, v)| (R::from(k.as_str()), R::from(v.as_str()))),
                    ),
                ),
                ("promotions", promotions),
            ]
            .into_iter()
            .map(|(k, v)| (R::from(k), v)),
        )
    }

    /// The timeline as policies see it (`input.timeline`).
    pub fn to_json(&self) -> Value {
        json!({
            "as_of": self.as_of,
            "times": self.times,
            "days": self.days,
            "flaws": self.flaws,
            "promotions": self.promotions.iter().map(|(artifact, steps)| {
                let steps: serde_json::Map<String, Value> = steps.iter().map(|(step, (index, at))| {
                    (step.clone(), Value::Array(vec![Value::from(*index), Value::from(at.unwrap_or(-1))]))
                }).collect();
                (artifact.clone(), Value::Object(steps))
            }).collect::<serde_json::Map<String, Value>>(),
        })
    }
}

/// A timestamp's nanoseconds, or why it cannot be used. `earliest` is in seconds.
fn check_time(
    text: &str,
    kind: TimeKind,
    as_of: DateTime<Utc>,
    earliest: i64,
) -> Result<i64, String> {
    let Ok(time) = DateTime::parse_from_rfc3339(text) else {
        return Err(format!(
            "'{text}' is not an RFC 3339 time with a zone (e.g. 2026-03-14T20:00:00Z)"
        ));
    };
    let utc = time.with_timezone(&Utc);
    if kind == TimeKind::Event && utc > as_of {
        return Err(format!(
            "is dated {text}, after the evaluation time {}: a record cannot be dated in the future",
            as_of.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ));
    }
    if utc.timestamp() < earliest {
        return Err(format!(
            "is dated {text}, before {EARLIEST}: a placeholder, not a recorded time"
        ));
    }
    let Some(ns) = utc.timestamp_nanos_opt() else {
        return Err(format!(
            "is dated {text}, after 2262, the last year times can be compared in"
        ));
    };
    Ok(ns)
}

/// Collect the string values at `path` (expanding every array element) with their pointers.
fn walk(node: &Value, path: &[Step], pointer: &mut String, kind: TimeKind, out: &mut Vec<Found>) {
    let Some((step, rest)) = path.split_first() else {
        if let Some(text) = node.as_str() {
            out.push(Found {
                pointer: pointer.clone(),
                text: text.to_owned(),
                kind,
            });
        }
        return;
    };
    let len = pointer.len();
    match (step, node) {
        (Step::Member(name), Value::Object(map)) => {
            if let Some(child) = map.get(name) {
                pointer.push('/');
                pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
                walk(child, rest, pointer, kind, out);
            }
        }
        (Step::Element, Value::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(child, rest, pointer, kind, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    pointer.truncate(len);
}

/// Nanoseconds since 1970 as RFC 3339 in UTC, for messages.
pub fn show(ns: i64) -> String {
    DateTime::from_timestamp_nanos(ns).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

fn show_day(days: i64) -> String {
    DateTime::from_timestamp_nanos(days.saturating_mul(DAY_NS))
        .format("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_of() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-14T22:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn read(document: Value) -> Timeline {
        Timeline::read(&document, as_of())
    }

    #[test]
    fn usable_times_are_nanoseconds_by_pointer() {
        let t = read(json!({"approvals": [
            {"timestamp": "2026-03-12T17:00:00Z"},
            {"timestamp": "2026-03-12T18:00:00+01:00"}
        ]}));
        assert_eq!(t.times["/approvals/0/timestamp"], 1_773_334_800_000_000_000);
        assert_eq!(
            t.times["/approvals/0/timestamp"],
            t.times["/approvals/1/timestamp"]
        );
        assert!(t.flaws.is_empty());
    }

    #[test]
    fn events_after_the_evaluation_are_flawed_but_plans_are_not() {
        let t = read(json!({
            "approvals": [{"timestamp": "2027-03-12T17:00:00Z"}],
            "release": {"target_window": {"start": "2027-03-14T20:00:00Z"}},
        }));
        assert!(
            t.flaws["/approvals/0/timestamp"]
                .contains("after the evaluation time 2026-03-14T22:00:00Z"),
            "{t:?}"
        );
        assert!(t.times.contains_key("/release/target_window/start"));
    }

    #[test]
    fn placeholders_and_unrepresentable_years_are_flawed() {
        let t = read(json!({"approvals": [
            {"timestamp": "1970-01-01T00:00:00Z"},
            {"timestamp": "0001-01-01T00:00:00Z"},
        ], "release": {"target_window": {"start": "2828-03-14T20:00:00Z"}}}));
        assert!(t.flaws["/approvals/0/timestamp"].contains("placeholder"));
        assert!(t.flaws["/approvals/1/timestamp"].contains("placeholder"));
        assert!(t.flaws["/release/target_window/start"].contains("2262"));
        assert!(t.times.is_empty());
    }

    #[test]
    fn an_end_before_its_start_makes_both_unusable() {
        let t = read(json!({
            "deployments": [{"started_at": "2026-03-14T20:00:00Z", "finished_at": "2026-03-14T19:00:00Z"}],
            "release": {"target_window": {"start": "2026-03-14T20:00:00Z", "end": "2026-03-14T22:00:00Z"}},
            "cost_report": {"period": {"start": "2026-03-31", "end": "2026-01-01"}},
        }));
        assert!(
            t.flaws["/deployments/0/finished_at"]
                .starts_with("ends at 2026-03-14T19:00:00Z, before it starts")
        );
        assert!(t.flaws["/deployments/0/started_at"].contains("after it ends"));
        assert!(t.flaws["/cost_report/period/end"].contains("before it starts at 2026-03-31"));
        assert!(t.times.contains_key("/release/target_window/end"));
        assert_eq!(t.times.len(), 2);
    }

    #[test]
    fn dates_are_days_and_any_year_is_a_date() {
        let t = read(
            json!({"release_notes": {"date": "2026-03-14", "retention": {"retain_until": "2828-03-31"}}}),
        );
        assert_eq!(t.days["/release_notes/date"], 20_526);
        assert!(t.days["/release_notes/retention/retain_until"] > 300_000);
        let t = read(json!({"release_notes": {"date": "14.03.2026"}}));
        assert!(t.flaws["/release_notes/date"].contains("not a date"));
    }

    #[test]
    fn the_first_promotion_of_each_step_is_the_earliest_or_one_without_a_usable_time() {
        let t = read(json!({"promotions": [
            {"artifact": "api", "from": "dev", "to": "test", "at": "2026-03-10T12:00:00Z"},
            {"artifact": "api", "from": "dev", "to": "test", "at": "2026-03-09T12:00:00Z"},
            {"artifact": "api", "from": "dev", "to": "test", "at": "2026-03-09T12:00:00Z"},
            {"artifact": "api", "from": "test", "to": "staging", "at": "2026-03-11T12:00:00Z"},
            {"artifact": "api", "from": "test", "to": "staging", "at": "1970-01-01T00:00:00Z"},
            {"artifact": "web", "from": "dev", "to": "test"},
            {"artifact": "web", "from": "dev", "to": "test", "at": "2026-03-09T12:00:00Z"},
            {"artifact": 7, "from": "dev", "to": "test"},
        ]}));
        let json = t.to_json();
        let first = &json["promotions"];
        assert_eq!(
            first["api"]["dev -> test"],
            json!([1, t.times["/promotions/1/at"]])
        );
        assert_eq!(first["api"]["test -> staging"], json!([4, -1]));
        assert_eq!(first["web"]["dev -> test"], json!([5, -1]));
        assert_eq!(first.as_object().map(serde_json::Map::len), Some(2));
        // A name with the separator in it would make keys ambiguous: the step is not taken.
        let t = read(json!({"promotions": [
            {"artifact": "api", "from": "a -> b", "to": "c", "at": "2026-03-10T12:00:00Z"},
        ]}));
        assert!(t.promotions.is_empty());
    }

    #[test]
    fn the_engine_values_are_the_json_converted() {
        let t = read(json!({
            "approvals": [{"timestamp": "2026-03-12T17:00:00Z"}, {"timestamp": "2027-01-01T00:00:00Z"}],
            "release_notes": {"date": "2026-03-14"},
            "promotions": [{"artifact": "api", "from": "dev", "to": "test", "at": "2026-03-10T12:00:00Z"},
                           {"artifact": "api", "from": "test", "to": "staging"}],
        }));
        let converted: regorus::Value =
            serde_json::from_value(t.to_json()).expect("the JSON converts");
        assert_eq!(t.to_rego(), converted);
    }

    #[test]
    fn every_time_field_of_the_schema_is_read() {
        // Nested arrays, reused definitions (reviews), and optional objects are all followed.
        let t = read(json!({
            "rollback": {"tests": {"runs": [{"finished_at": "2026-03-12T11:30:00Z"}]}, "review": {"at": "2026-03-12T12:00:00Z"}},
            "release": {"changes": [{"approved_at": "2026-03-03T10:00:00Z"}]},
        }));
        assert_eq!(
            t.times.keys().collect::<Vec<_>>(),
            [
                "/release/changes/0/approved_at",
                "/rollback/review/at",
                "/rollback/tests/runs/0/finished_at"
            ]
        );
    }
}
