//! Fuzzing every reader of untrusted input, on stable Rust (docs/fuzzing.md).
//!
//! Each target of `relpolicy::fuzzing` is run on real inputs (the producers' files, the example
//! release, the edge cases) mutated at random: bits flipped, bytes replaced by ones that matter to
//! the format, ranges deleted or duplicated, tokens of the format inserted, truncation, and
//! splicing two inputs. Every input must come back: a panic, or an input that takes longer than
//! the time limit, fails the test, and the input is written to target/fuzz-crashes to become a
//! regression in testdata/fuzz/<target>/, which is replayed first on every run.
//!
//! CI runs a bounded number of inputs per target; `RELPOLICY_FUZZ_ITERATIONS` (inputs per
//! target) and `RELPOLICY_FUZZ_SEED` make a longer or different run.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use data_encoding::BASE64;
use relpolicy::fuzzing::{Target, run};
use serde_json::{Value, json};

/// Inputs per target in a CI run; the slow targets (a whole check) take a tenth.
const DEFAULT_ITERATIONS: usize = 400;

/// An input that takes longer than this is a hang (the readers are linear; the slowest input
/// of a CI run takes well under a second).
const TIME_LIMIT: Duration = Duration::from_secs(20);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// xorshift64*: deterministic, so a failing run can be repeated with its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn files(patterns: &[&str]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for pattern in patterns {
        let full = root().join(pattern);
        for path in glob::glob(&full.to_string_lossy())
            .expect("a valid pattern")
            .flatten()
        {
            out.push(std::fs::read(path).expect("a readable seed"));
        }
    }
    out
}

/// Real inputs for each target, plus shapes no producer writes (deep nesting, huge numbers).
fn seeds(target: Target) -> Vec<Vec<u8>> {
    let ex = "examples/payments-2.4.0";
    let mut seeds = match target {
        Target::Evidence | Target::Check => files(&[
            "examples/payments-2.4.0/evidence*.json",
            "examples/failing/*.json",
            "testdata/evidence/*.json",
        ]),
        Target::Junit => files(&[
            "testdata/gather/producers/*.xml",
            "testdata/gather/edge/junit-*.xml",
            "examples/payments-2.4.0/reports/**/*.xml",
        ]),
        Target::Ctrf => files(&["testdata/gather/producers/*ctrf*.json"]),
        Target::GoTest => files(&["testdata/gather/producers/go-test*.json"]),
        Target::Sarif => files(&["testdata/gather/producers/*.sarif"]),
        Target::Tap => files(&["testdata/gather/producers/*.tap"]),
        Target::Allure => files(&["testdata/gather/producers/allure-results/*-result.json"]),
        Target::TestResult => files(&["testdata/gather/producers/in-toto-test-result.json"]),
        Target::PlatformApprovals => files(&[
            "testdata/gather/edge/github-*.json",
            "testdata/gather/edge/gitlab-*.json",
        ]),
        Target::ArgoCd => files(&["testdata/gather/edge/argocd-*.json"]),
        Target::ReleaseNotes => files(&[
            "testdata/gather/producers/git-cliff-*.md",
            "testdata/gather/edge/release-notes-*.md",
            "examples/payments-2.4.0/RELEASE_NOTES.md",
        ]),
        Target::Checklist => files(&["examples/payments-2.4.0/go-live.md"]),
        Target::Document => files(&["examples/payments-2.4.0/docs/*.md"]),
        Target::YamlRecords => files(&[
            "examples/payments-2.4.0/approvals/*.yaml",
            "examples/payments-2.4.0/*.yaml",
            "examples/payments-2.4.0/finance/*.yaml",
            "examples/payments-2.4.0/changes/*.yaml",
        ]),
        Target::JsonRecords => files(&["examples/payments-2.4.0/deployments/*.json"]),
        Target::Promotions => files(&["examples/payments-2.4.0/promotions/*.jsonl"]),
        Target::InToto => files(&[
            "testdata/gather/producers/in-toto-*",
            "examples/payments-2.4.0/provenance/*",
        ]),
        Target::Focus => files(&[
            "testdata/gather/edge/focus.csv",
            "examples/payments-2.4.0/billing/*.csv",
        ]),
        Target::Calendar => files(&[
            "testdata/gather/producers/icalendar-*.ics",
            "examples/payments-2.4.0/calendar/*.ics",
        ]),
        Target::Waivers => files(&["testdata/waivers/*.yaml"]),
        Target::Vsa => files(&["testdata/attest/seed-*.json"]),
        Target::AuditLine => files(&[
            "tests/cmd/check-pass-json.stdout",
            "tests/cmd/check-manual-production-deploy.stdout",
        ]),
        Target::Manifest => files(&[
            "examples/payments-2.4.0/relpolicy.yaml",
            "src/gather/starter.yaml",
        ]),
        Target::Patterns => {
            let manifest =
                std::fs::read_to_string(root().join(ex).join("relpolicy.yaml")).expect("manifest");
            let paths = "approvals/a.yaml approvals/old/ reports/system/junit.xml \
                         reports/rollback/rehearsal.xml !approvals/withdrawn go-live.md/ \
                         billing/2026-03.csv docs/runbook.md";
            vec![format!("{manifest}\n#paths\n{paths}\n").into_bytes()]
        }
    };
    assert!(!seeds.is_empty(), "{} has no seeds", target.name());
    // Shapes no producer writes, for every target.
    seeds.push("[".repeat(100_000).into_bytes());
    seeds.push("<a>".repeat(50_000).into_bytes());
    seeds.push("- ".repeat(50_000).into_bytes());
    seeds.push(b"{\"schema_version\": \"1.0\", \"budget_baseline\": {\"total\": 1e400}}".to_vec());
    seeds
}

/// Tokens of the formats a target reads, to insert.
const TOKENS: &[&str] = &[
    "{\"a\":",
    "]",
    "}",
    "\"",
    "\\u0000",
    "\\ud800",
    "1e400",
    "-0",
    "null",
    "true",
    "\"timestamp\": \"2026-13-40T25:61:61Z\"",
    "\"2262-04-12T00:00:00Z\"",
    "\"0001-01-01T00:00:00Z\"",
    "<testcase name=\"x\">",
    "</testsuite>",
    "<![CDATA[",
    "]]>",
    "&#x0;",
    "&amp;",
    "&#xA;",
    "<skipped/>",
    "<failure message=\"m\">",
    "timestamp=\"2026-03-10T08:00:00\"",
    "time=\"-1\"",
    "- [x] ",
    "- [ ] ",
    "## [2.4.0] - 2026-03-14",
    "---\n",
    "```",
    "(#412)",
    "CHG-2026-0892",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!binary ",
    "? ",
    "|\n",
    "\t",
    "\r\n",
    ",",
    "\"\"",
    ";",
    "**",
    "*",
    "[",
    "?",
    "..",
    "/",
    "!",
    "#paths",
];

/// Values that matter to the readers and policies: times out of range, at the limits of what a
/// date type holds, zone-less or impossible; versions; states; huge and negative numbers.
fn interesting(rng: &mut Rng) -> Value {
    const STRINGS: &[&str] = &[
        "",
        " ",
        "2026-03-14T22:00:00Z",
        "2026-03-14T22:00:00",
        "2026-03-14",
        "2026-02-30",
        "2262-04-12T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00+14:00",
        "1970-01-01T00:00:00Z",
        "2026-03-14T22:00:00.123456789-23:59",
        "v2.4",
        "2.4.0",
        "2.4.0-rc.1",
        "2.4.0+build.7",
        "99999999999999999999.0.0",
        "passed",
        "failed",
        "skipped",
        "in_progress",
        "production",
        "staging",
        "dev",
        "none",
        "major",
        "\u{0}",
        "\u{202e}",
        "../../etc/passwd",
        "NaN",
        "-1",
        "1e400",
        "sha256:",
        "CHG-0",
        "#0",
        "@@@",
    ];
    match rng.below(12) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(0),
        3 => json!(-1),
        4 => json!(1e308),
        5 => json!(u64::MAX),
        6 => json!(i64::MIN),
        7 => json!(0.5),
        8 => json!([]),
        9 => json!({}),
        10 => Value::String("x".repeat(1 + rng.below(100_000))),
        _ => Value::String(STRINGS[rng.below(STRINGS.len())].to_owned()),
    }
}

/// Every place in a JSON value, as a JSON pointer.
fn places(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                places(child, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                places(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Change one place of a JSON value: a new value, a value from elsewhere in the document,
/// a deleted field or element, a duplicated element.
fn mutate_tree(rng: &mut Rng, value: &mut Value) {
    let mut all = Vec::new();
    places(value, String::new(), &mut all);
    let at = all[rng.below(all.len())].clone();
    let other = value.pointer(&all[rng.below(all.len())]).cloned();
    let (parent, last) = match at.rsplit_once('/') {
        Some((parent, last)) => (
            parent.to_owned(),
            last.replace("~1", "/").replace("~0", "~"),
        ),
        None => (String::new(), String::new()),
    };
    match rng.below(4) {
        0 => {
            if let Some(parent) = value.pointer_mut(&parent) {
                match parent {
                    Value::Object(map) => {
                        map.remove(&last);
                    }
                    Value::Array(items) => {
                        if let Ok(i) = last.parse::<usize>()
                            && i < items.len()
                        {
                            if rng.below(2) == 0 {
                                items.remove(i);
                            } else {
                                let copy = items[i].clone();
                                items.insert(i, copy);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        1 => {
            if let (Some(place), Some(other)) = (value.pointer_mut(&at), other) {
                *place = other;
            }
        }
        _ => {
            if let Some(place) = value.pointer_mut(&at) {
                *place = interesting(rng);
            }
        }
    }
}

/// A mutation that keeps the format: the JSON of a document, of each line of a JSON Lines file,
/// or inside a DSSE envelope's base64 payload; the values of XML attributes; the fields of CSV.
/// `None` where the input has none of these shapes.
fn structured(rng: &mut Rng, input: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(input).ok()?;
    if let Ok(mut value) = serde_json::from_str::<Value>(text) {
        for _ in 0..=rng.below(3) {
            mutate_tree(rng, &mut value);
        }
        return Some(value.to_string().into_bytes());
    }
    let lines: Vec<&str> = text.lines().collect();
    let json_lines: Option<Vec<Value>> = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).ok())
        .collect();
    if let Some(mut values) = json_lines.filter(|v| !v.is_empty()) {
        let i = rng.below(values.len());
        let payload = values[i]
            .get("payload")
            .and_then(Value::as_str)
            .and_then(|p| BASE64.decode(p.as_bytes()).ok())
            .and_then(|p| serde_json::from_slice::<Value>(&p).ok());
        match payload {
            Some(mut statement) if rng.below(4) != 0 => {
                mutate_tree(rng, &mut statement);
                values[i]["payload"] = json!(BASE64.encode(statement.to_string().as_bytes()));
            }
            _ => mutate_tree(rng, &mut values[i]),
        }
        let lines: Vec<String> = values.iter().map(Value::to_string).collect();
        return Some(lines.join("\n").into_bytes());
    }
    if text.trim_start().starts_with('<') {
        // An attribute's value, or a text between tags.
        let spans: Vec<(usize, usize)> = text
            .match_indices("=\"")
            .filter_map(|(i, _)| {
                let start = i + 2;
                text[start..].find('"').map(|len| (start, start + len))
            })
            .collect();
        let (start, end) = *spans.get(rng.below(spans.len()))?;
        let value = match interesting(rng) {
            Value::String(s) => s,
            other => other.to_string(),
        };
        let escaped = value
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        return Some(format!("{}{escaped}{}", &text[..start], &text[end..]).into_bytes());
    }
    if lines.first().is_some_and(|l| l.contains(',')) && lines.len() > 1 {
        let row = 1 + rng.below(lines.len() - 1);
        let mut fields: Vec<String> = lines[row].split(',').map(str::to_owned).collect();
        let column = rng.below(fields.len());
        fields[column] = match interesting(rng) {
            Value::String(s) => s,
            other => other.to_string(),
        };
        let mut lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        lines[row] = fields.join(",");
        return Some(lines.join("\n").into_bytes());
    }
    None
}

fn mutate(rng: &mut Rng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = data.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                const BYTES: &[u8] = b"\x00\xff\"<>{}[]:,\n-#\\&;=/ 09.\r\t";
                let i = rng.below(len);
                data[i] = BYTES[rng.below(BYTES.len())];
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                data.drain(start..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(256)).min(len);
                let chunk = data[start..end].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, chunk);
            }
            4 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let at = rng.below(len + 1);
                data.splice(at..at, token.iter().copied());
            }
            5 if len > 0 => data.truncate(rng.below(len)),
            _ => {
                let other = &others[rng.below(others.len())];
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
        }
    }
    data
}

/// Runs inputs on a worker thread, so that a hang is seen (and reported) instead of waited for.
struct Harness {
    inputs: mpsc::Sender<(Target, Vec<u8>)>,
    results: mpsc::Receiver<Result<bool, String>>,
}

impl Harness {
    fn new() -> Self {
        let (inputs, receive) = mpsc::channel::<(Target, Vec<u8>)>();
        let (send, results) = mpsc::channel();
        std::thread::Builder::new()
            .name("fuzz".to_owned())
            .stack_size(64 * 1024 * 1024)
            .spawn(move || {
                let checker = relpolicy::fuzzing::checker();
                for (target, bytes) in receive {
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        run(target, &bytes, checker.as_ref())
                    }))
                    .map_err(|panic| {
                        panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                            .unwrap_or_else(|| "a panic".to_owned())
                    });
                    if send.send(outcome).is_err() {
                        break;
                    }
                }
            })
            .expect("the fuzz thread starts");
        Self { inputs, results }
    }

    /// Run one input: `Ok` with whether it was accepted, or what went wrong.
    fn run(&self, target: Target, bytes: &[u8]) -> Result<bool, String> {
        self.inputs
            .send((target, bytes.to_vec()))
            .map_err(|_| "the fuzz thread has stopped".to_owned())?;
        match self.results.recv_timeout(TIME_LIMIT) {
            Ok(outcome) => outcome.map_err(|panic| format!("panicked: {panic}")),
            Err(_) => Err(format!("did not return within {TIME_LIMIT:?}")),
        }
    }
}

fn save(target: Target, n: usize, bytes: &[u8]) -> PathBuf {
    let dir = root().join("target/fuzz-crashes");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join(format!("{}-{n}", target.name()));
    std::fs::write(&path, bytes).expect("write the crashing input");
    path
}

fn regressions(target: Target) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = root().join("testdata/fuzz").join(target.name());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, Vec<u8>)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).expect("readable");
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
#[allow(clippy::print_stderr)] // the share of inputs accepted, shown with --nocapture
fn every_reader_returns_on_any_input() {
    let iterations: usize = std::env::var("RELPOLICY_FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_ITERATIONS);
    let seed: u64 = std::env::var("RELPOLICY_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5EED_2026);
    let mut harness = Harness::new();
    let mut failures = Vec::new();
    let mut ran = 0;
    for target in Target::ALL {
        for (path, bytes) in regressions(target) {
            if let Err(e) = harness.run(target, &bytes) {
                failures.push(format!(
                    "{}: regression {} {e}",
                    target.name(),
                    path.display()
                ));
                harness = Harness::new();
            }
        }
        let seeds = seeds(target);
        let mut rng = Rng(seed ^ (target as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let count = match target {
            Target::Check => iterations / 10,
            _ => iterations,
        };
        let mut accepted = 0;
        for n in 0..count {
            let base = &seeds[rng.below(seeds.len())];
            let input = if n < seeds.len() {
                seeds[n].clone()
            } else {
                // Half the inputs keep the format and change what it says, so that they reach
                // past the parsers; the other half break the format itself.
                match (rng.below(2) == 0)
                    .then(|| structured(&mut rng, base))
                    .flatten()
                {
                    Some(input) => input,
                    None => mutate(&mut rng, base, &seeds),
                }
            };
            ran += 1;
            match harness.run(target, &input) {
                Ok(true) => accepted += 1,
                Ok(false) => {}
                Err(e) => {
                    let path = save(target, n, &input);
                    failures.push(format!(
                        "{}: input {n} {e}; saved as {}",
                        target.name(),
                        path.display()
                    ));
                    // A hung or poisoned worker is left behind; the rest runs on a fresh one.
                    harness = Harness::new();
                }
            }
        }
        eprintln!(
            "{:>14}: {accepted} of {count} inputs accepted",
            target.name()
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} fuzz inputs failed (seed {seed}); move each saved input into \
         testdata/fuzz/<target>/ once fixed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_targets_accept_their_own_seeds() {
    // A harness that refused every real input would fuzz nothing but its error path.
    let harness = Harness::new();
    for target in Target::ALL {
        let accepted = seeds(target)
            .iter()
            .filter(|s| harness.run(target, s).expect("a seed returns"))
            .count();
        assert!(accepted > 0, "{} accepts none of its seeds", target.name());
    }
}
