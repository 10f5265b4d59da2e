//! JUnit XML, in the dialects real producers write.
//!
//! One streaming pass over the events (quick-xml), no tree: a root
//! `<testsuites>` or a single `<testsuite>`, suites nested to any depth, cases
//! directly under `<testsuites>` (node's reporter), `<failure>`, `<error>` and
//! `<skipped>` with a `message` attribute or only text, `<properties>` on suites
//! and cases (values in `value` or as text), character references such as
//! `&#xA;` in attributes, and timestamps with or without a zone. Header counts
//! (`tests=`, `failures=`) are ignored: relpolicy counts the cases.

use std::borrow::Cow;
use std::collections::BTreeSet;

use quick_xml::events::{BytesStart, Event};
use serde_json::Value;

use super::File;
use super::manifest::Entry;
use super::text::{self, Lines, Stamp};
use crate::diagnostics::Problem;
use crate::evidence::cases::CaseList;
use crate::evidence::test_case::{Code, Status, TestCase};

/// A suite being read: what its cases inherit.
struct Suite {
    name: Option<String>,
    category: Option<String>,
    depth: Option<String>,
    requirements: BTreeSet<String>,
}

/// A case being read: the case, and what decides its message once it is closed.
struct Case<'f> {
    fields: TestCase<'f>,
    /// The outcome element's `message` (or `type`) attribute.
    message: Option<String>,
    /// The outcome element's text.
    body: String,
}

/// Where text content goes while it is being read.
enum Capture {
    None,
    /// The body of a `<failure>`, `<error>` or `<skipped>`.
    Outcome,
    /// A `<property>` written with its value as text.
    Property(String, String),
}

/// Read one JUnit report into a test run.
pub fn read(
    file: &File,
    entry: &Entry,
    timezone: Option<chrono::FixedOffset>,
    warnings: &mut Vec<Problem>,
) -> Result<(Value, CaseList), Problem> {
    let source = file.text.text();
    let mut reader = quick_xml::Reader::from_str(source);
    let mut lines = Lines::new(source);
    let mut suites: Vec<Suite> = Vec::new();
    let mut case: Option<Case> = None;
    let mut cases = file.case_list();
    // node's reporter writes cases without a suite around them.
    let mut suiteless = false;
    let mut capture = Capture::None;
    let mut in_properties = false;
    let mut root: Option<String> = None;
    let mut run_name: Option<String> = None;
    let mut producer: Option<&'static str> = None;
    let mut span = RunSpan::default();
    let mut naive = false;
    let mut depth = 0usize;

    let syntax = |reader: &quick_xml::Reader<&[u8]>, message: String| {
        let offset = usize::try_from(reader.error_position()).unwrap_or(0);
        file.error_at(
            "relpolicy::gather::junit",
            format!("{} is not a readable JUnit report", file.text.name()),
            offset,
            message,
        )
        .help("the file must be well-formed XML with a <testsuites> or <testsuite> root; regenerate it with the test runner's JUnit reporter")
    };

    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = reader
            .read_event()
            .map_err(|e| syntax(&reader, e.to_string()))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let local = e.local_name();
            let name: &str = local.as_ref();
            let attrs = attributes(e).map_err(|m| syntax(&reader, m))?;
            if root.is_none() {
                if name != "testsuites" && name != "testsuite" {
                    return Err(file
                        .error_at(
                            "relpolicy::gather::junit",
                            format!("{} is not a JUnit report", file.text.name()),
                            at,
                            format!("the root element is <{name}>"),
                        )
                        .help("a JUnit report's root element is <testsuites> or <testsuite>"));
                }
                root = Some(name.to_owned());
                run_name = attr(&attrs, "name").map(str::to_owned);
                producer = match run_name.as_deref() {
                    Some("pytest tests" | "pytest") => Some("pytest"),
                    Some("jest tests") => Some("jest-junit"),
                    Some("nextest-run") => Some("cargo-nextest"),
                    _ => None,
                };
            }
            if !empty {
                depth += 1;
            }
            match (name, case.as_mut()) {
                ("testsuites" | "testsuite", None) => {
                    if let Some(stamp) = attr(&attrs, "timestamp") {
                        match text::timestamp(stamp, timezone) {
                            Stamp::Zoned(t) => {
                                let seconds = attr(&attrs, "time").and_then(duration);
                                span.add(&t, seconds);
                            }
                            Stamp::Naive => naive = true,
                            Stamp::Invalid => {}
                        }
                    }
                    if name == "testsuites" {
                        continue;
                    }
                    let suite_name = attr(&attrs, "name").map(str::to_owned);
                    if suite_name.as_deref() == Some("pytest") {
                        producer = Some("pytest");
                    }
                    if run_name.is_none() && root.as_deref() == Some("testsuite") {
                        run_name.clone_from(&suite_name);
                    }
                    let inherited = suites.last();
                    suites.push(Suite {
                        name: suite_name,
                        category: inherited.and_then(|s| s.category.clone()),
                        depth: inherited.and_then(|s| s.depth.clone()),
                        requirements: inherited
                            .map(|s| s.requirements.clone())
                            .unwrap_or_default(),
                    });
                    if empty {
                        suites.pop();
                    }
                }
                ("testcase", None) => {
                    let (line, column) = lines.at(at);
                    let mut fields = text::case_at(file, entry, line, Some(column));
                    // A case is in its suite's category and depth, and verifies what its suite
                    // verifies; its own properties add to that or replace it.
                    if let Some(suite) = suites.last() {
                        fields.suite.clone_from(&suite.name);
                        if suite.category.is_some() {
                            fields.category.clone_from(&suite.category);
                        }
                        if suite.depth.is_some() {
                            fields.depth.clone_from(&suite.depth);
                        }
                        fields
                            .requirements
                            .extend(suite.requirements.iter().cloned());
                    }
                    fields.name = attr(&attrs, "name").map(str::to_owned);
                    fields.classname = attr(&attrs, "classname")
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned);
                    fields.duration_s = attr(&attrs, "time").and_then(duration);
                    // The test's own place in its source (pytest writes `file` and a 0-based
                    // `line`; jest-junit and others only `file`).
                    fields.code =
                        attr(&attrs, "file")
                            .filter(|f| !f.trim().is_empty())
                            .map(|path| Code {
                                path: path.to_owned(),
                                // A 0-based line past the last number has no 1-based one: left out.
                                line: attr(&attrs, "line")
                                    .and_then(|l| l.trim().parse::<u64>().ok())
                                    .and_then(|n| n.checked_add(1)),
                            });
                    let new = Case {
                        fields,
                        message: None,
                        body: String::new(),
                    };
                    if empty {
                        let done = finish(new);
                        suiteless |= done.suite.is_none();
                        cases.push_case(&done);
                    } else {
                        case = Some(new);
                    }
                }
                ("failure" | "error" | "skipped", Some(case)) => {
                    let status = match name {
                        "failure" => Status::Failed,
                        "error" => Status::Error,
                        _ => Status::Skipped,
                    };
                    if status > case.fields.status {
                        case.fields.status = status;
                        case.message = attr(&attrs, "message")
                            .or_else(|| attr(&attrs, "type"))
                            .map(str::to_owned);
                        case.body.clear();
                        if !empty {
                            capture = Capture::Outcome;
                        }
                    }
                }
                ("properties", _) => in_properties = !empty,
                ("property", current) if in_properties => {
                    let key = attr(&attrs, "name").unwrap_or_default().to_owned();
                    match attr(&attrs, "value") {
                        Some(value) => {
                            let value = value.to_owned();
                            property(current, suites.last_mut(), &mut producer, key, value);
                        }
                        None if !empty => capture = Capture::Property(key, String::new()),
                        None => {}
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Text(t) => append(&mut capture, case.as_mut(), &t.xml10_content()),
            Event::CData(t) => append(&mut capture, case.as_mut(), &t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*r {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        other => format!("&{other};"),
                    },
                };
                append(&mut capture, case.as_mut(), &resolved);
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    "testsuite" if case.is_none() => {
                        suites.pop();
                    }
                    "testcase" => {
                        if let Some(done) = case.take() {
                            let done = finish(done);
                            suiteless |= done.suite.is_none();
                            cases.push_case(&done);
                        }
                    }
                    "failure" | "error" | "skipped" => capture = Capture::None,
                    "property" => {
                        if let Capture::Property(key, value) =
                            std::mem::replace(&mut capture, Capture::None)
                        {
                            property(case.as_mut(), suites.last_mut(), &mut producer, key, value);
                        }
                    }
                    "properties" => in_properties = false,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if root.is_none() {
        return Err(file
            .error_at(
                "relpolicy::gather::junit",
                format!("{} is empty: it holds no XML element", file.text.name()),
                0,
                "expected <testsuites> or <testsuite>",
            )
            .help("an empty report proves nothing; make the test job write its JUnit report"));
    }
    if depth > 0 {
        return Err(file
            .error_at(
                "relpolicy::gather::junit",
                format!("{} ends before its elements are closed", file.text.name()),
                source.len(),
                "the report is cut off here",
            )
            .help("the report is truncated (the test job may have been killed while writing it); rerun the tests"));
    }
    if naive {
        warnings.push(naive_warning(file));
    }
    if root.as_deref() == Some("testsuites") && producer.is_none() && suiteless {
        producer = Some("node");
    }
    let start = span.start;
    let run = text::Run {
        name: run_name
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| file.path.clone()),
        format: "junit",
        producer: producer.map(str::to_owned),
        started_at: start.map(|t| text::stamp(&t)),
        finished_at: span
            .end
            .filter(|end| start.is_some_and(|s| *end >= s))
            .map(|t| text::stamp(&t)),
        cases,
    };
    Ok(run.into_value(file, entry))
}

/// When a run started and ended: the earliest suite timestamp, and the latest timestamp plus
/// that suite's `time`.
#[derive(Default)]
struct RunSpan {
    start: Option<chrono::DateTime<chrono::FixedOffset>>,
    end: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl RunSpan {
    fn add(&mut self, rfc3339: &str, seconds: Option<f64>) {
        let Ok(t) = chrono::DateTime::parse_from_rfc3339(rfc3339) else {
            return;
        };
        if self.start.is_none_or(|s| t < s) {
            self.start = Some(t);
        }
        if let Some(seconds) = seconds
            && let Some(d) = chrono::Duration::try_milliseconds((seconds * 1000.0).round() as i64)
            && let Some(end) = t.checked_add_signed(d)
            && self.end.is_none_or(|e| end > e)
        {
            self.end = Some(end);
        }
    }
}

/// Node's reporter writes cases straight under `<testsuites>`, so some have no suite.
/// A warning that zone-less timestamps were left out.
pub fn naive_warning(file: &File) -> Problem {
    Problem::warning(
        "relpolicy::gather::naive_timestamp",
        format!(
            "{} has timestamps without a time zone; they are left out",
            file.text.name()
        ),
    )
    .help("set `timezone` in relpolicy.yaml (e.g. \"+01:00\") to the offset the test runner's clock used")
}

fn append(capture: &mut Capture, case: Option<&mut Case>, text: &str) {
    match (capture, case) {
        (Capture::Outcome, Some(case)) => case.body.push_str(text),
        (Capture::Property(_, value), _) => value.push_str(text),
        _ => {}
    }
}

/// Apply a property to the open case, or else to the innermost suite.
fn property(
    case: Option<&mut Case>,
    suite: Option<&mut Suite>,
    producer: &mut Option<&'static str>,
    key: String,
    value: String,
) {
    if key == "go.version" {
        *producer = Some("gotestsum");
    }
    match (case, suite) {
        (Some(case), _) => {
            let case = &mut case.fields;
            text::classify(
                &key,
                &value,
                &mut case.category,
                &mut case.depth,
                &mut case.requirements,
            );
            case.properties.insert(key, value);
        }
        (None, Some(suite)) => {
            text::classify(
                &key,
                &value,
                &mut suite.category,
                &mut suite.depth,
                &mut suite.requirements,
            );
        }
        (None, None) => {}
    }
}

/// Close a case: its message, when it did not pass.
fn finish(case: Case<'_>) -> TestCase<'_> {
    let mut fields = case.fields;
    if fields.status != Status::Passed {
        fields.message = outcome_message(case.message.as_deref(), &case.body);
    }
    fields
}

/// The one line that says why a case did not pass: the `message` attribute, unless it is a
/// single word such as gotestsum's "Failed" and the body says more.
pub fn outcome_message(attribute: Option<&str>, body: &str) -> Option<String> {
    // gotestsum repeats go test's "=== RUN" and "--- FAIL" banners around the output that
    // explains the outcome: they say nothing a status does not.
    let first_line = |s: &str| -> Option<String> {
        s.lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("=== RUN") && !l.starts_with("--- "))
            .map(str::to_owned)
    };
    let from_attr = attribute.and_then(first_line);
    let from_body = first_line(body);
    let chosen = match (from_attr, from_body) {
        (Some(a), Some(b)) if !a.contains(' ') => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    }?;
    Some(if chosen.chars().count() > 300 {
        let cut: String = chosen.chars().take(299).collect();
        format!("{cut}…")
    } else {
        chosen
    })
}

/// A duration in seconds, as written in `time` attributes (some producers add commas).
fn duration(text: &str) -> Option<f64> {
    let t: f64 = text.trim().replace(',', "").parse().ok()?;
    (t.is_finite() && t >= 0.0).then_some(t)
}

/// An element's attributes by local name, unescaped (character references such as `&#xA;`
/// resolved) and borrowed from the report where nothing needs replacing.
fn attributes<'a>(e: &'a BytesStart<'_>) -> Result<Vec<(&'a str, Cow<'a, str>)>, String> {
    e.attributes()
        .map(|a| {
            let a = a.map_err(|e| e.to_string())?;
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| e.to_string())?;
            Ok((a.key.local_name().into_inner(), value))
        })
        .collect()
}

fn attr<'a>(attrs: &'a [(&str, Cow<'_, str>)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.as_ref())
}
