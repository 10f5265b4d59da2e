//! Records written in the evidence schema's own shape (YAML or JSON), JSON
//! Lines promotion events, and in-toto attestations.
//!
//! A records file holds one record, a list of them, or a map with the
//! section's name holding the list (`approvals: [...]`, as exports often
//! wrap). Each record keeps the line it starts on. The schema then checks the
//! gathered records, and its errors point back at these lines.

use serde_json::{Map, Value, json};

use super::text::{self, with_source};
use super::{File, Part};
use crate::diagnostics::{Problem, yaml_error};

/// Read a YAML or JSON records file for its kind. Each record's `source` names the line it
/// starts on and its JSON pointer inside the file, from which `gather` later places every value
/// of the record on its own line ([`crate::source::yaml_positions`]).
pub fn read(file: &File) -> Result<Part, Problem> {
    let kind = file.kind;
    let section = kind.pointer().rsplit('/').next().unwrap_or_default();
    let value = if file.path.ends_with(".json") {
        parse_json(file)?
    } else {
        parse_yaml(file)?
    };
    let (value, prefix) = unwrap_section(value, section);
    let positions = crate::source::yaml_positions(file.text.text());
    let source = |pointer: String| {
        let line = positions.get(&pointer).map_or(1, |at| at.line);
        let mut source = text::source_at(file, line, None);
        source["pointer"] = Value::String(pointer);
        source
    };
    let shape_error = |expected: &str| {
        file.error_at(
            "relpolicy::gather::record",
            format!("{} does not hold {expected}", file.text.name()),
            0,
            "here",
        )
        .help(format!(
            "{kind} records have the fields of the evidence schema's `{section}` (docs/evidence.md)"
        ))
    };
    match (kind.single(), value) {
        (true, Value::Object(mut map)) => {
            map.insert("source".into(), source(prefix));
            Ok(Part::Object(map))
        }
        (true, _) => Err(shape_error(&format!("one {section} record (a map)"))),
        (false, Value::Array(items)) => Ok(Part::Items(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| with_source(item, source(format!("{prefix}/{i}"))))
                .collect(),
        )),
        (false, Value::Object(map)) => Ok(Part::Items(vec![with_source(
            Value::Object(map),
            source(prefix),
        )])),
        (false, _) => Err(shape_error(&format!("{section} records (a list or a map)"))),
    }
}

fn parse_json(file: &File) -> Result<Value, Problem> {
    crate::json::parse(file.text.text()).map_err(|e| {
        file.error_at(
            "relpolicy::gather::record",
            format!("{} is not valid JSON", file.text.name()),
            file.offset(e.line(), e.column()),
            e.to_string(),
        )
        .help("fix the JSON syntax at the marked position")
    })
}

fn parse_yaml(file: &File) -> Result<Value, Problem> {
    serde_saphyr::from_str(file.text.text()).map_err(|err: serde_saphyr::Error| {
        let (message, span) = yaml_error(&err, &file.text);
        Problem::error(
            "relpolicy::gather::record",
            format!("{} is not valid YAML", file.text.name()),
        )
        .in_file(&file.text)
        .label(span, message)
        .help("fix the YAML syntax at the marked position")
    })
}

fn unwrap_section(value: Value, section: &str) -> (Value, String) {
    match value {
        Value::Object(mut map) if map.len() == 1 && map.contains_key(section) => (
            map.remove(section).unwrap_or(Value::Null),
            format!("/{section}"),
        ),
        other => (other, String::new()),
    }
}

/// Promotion events, one JSON object per line. Lines with an `event` (or `type`) other than
/// a promotion are other events of the same log and are skipped.
pub fn promotions(file: &File) -> Result<Vec<Value>, Problem> {
    let mut items = Vec::new();
    for (i, line) in file.text.text().lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = i + 1;
        let value: Value = crate::json::parse(line).map_err(|e| {
            file.error_at(
                "relpolicy::gather::jsonl",
                format!("line {number} of {} is not a JSON object", file.text.name()),
                file.offset(number, e.column()),
                e.to_string(),
            )
            .help("a JSON Lines log holds one complete JSON object per line")
        })?;
        let Value::Object(mut event) = value else {
            return Err(file
                .error_at(
                    "relpolicy::gather::jsonl",
                    format!("line {number} of {} is not a JSON object", file.text.name()),
                    file.offset(number, 1),
                    "expected {...}",
                )
                .help("a JSON Lines log holds one complete JSON object per line"));
        };
        let marker = event.remove("event").or_else(|| event.remove("type"));
        if let Some(marker) = marker
            && !matches!(
                marker.as_str(),
                Some("promotion" | "promote" | "promoted" | "artifact.promoted")
            )
        {
            continue;
        }
        items.push(with_source(
            Value::Object(normalise_promotion(event)),
            text::source_at(file, number, None),
        ));
    }
    Ok(items)
}

/// Field names CD systems use for the schema's `from`, `to` and `at`; an actor given as a name;
/// a digest given as `{algorithm: hex}`.
fn normalise_promotion(event: Map<String, Value>) -> Map<String, Value> {
    event
        .into_iter()
        .map(|(key, value)| {
            let key = match key.as_str() {
                "from_environment" | "from-environment" | "source_environment" => "from".into(),
                "to_environment" | "to-environment" | "target_environment" => "to".into(),
                "time" | "timestamp" | "promoted_at" => "at".into(),
                _ => key,
            };
            let value = match (key.as_str(), value) {
                ("actor", Value::String(id)) => json!({ "id": id }),
                ("digest", Value::Object(d)) => {
                    digest_string(&d).map_or(Value::Object(d), Value::String)
                }
                (_, v) => v,
            };
            (key, value)
        })
        .collect()
}

/// `sha256:<hex>` from an in-toto style digest set (sha256 preferred, else the first by name).
fn digest_string(digests: &Map<String, Value>) -> Option<String> {
    let (alg, hex) = digests
        .get_key_value("sha256")
        .or_else(|| digests.iter().next())?;
    Some(format!("{alg}:{}", hex.as_str()?))
}

/// True when a JSON text looks like an in-toto statement or a DSSE envelope.
pub fn is_in_toto(text: &str) -> bool {
    text.contains("\"payloadType\"") || text.contains("in-toto.io/Statement")
}

/// Artifacts from in-toto Statement v1 subjects (with SLSA provenance's builder and finish
/// time), read plain, from DSSE envelopes, or one per line from `.intoto.jsonl` bundles.
pub fn in_toto(file: &File) -> Result<Vec<Value>, Problem> {
    let whole = !file.path.ends_with(".jsonl");
    let mut items = Vec::new();
    let texts: Vec<(usize, &str)> = if whole {
        vec![(1, file.text.text())]
    } else {
        file.text
            .text()
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, l))
            .collect()
    };
    for (line, text) in texts {
        let bad = |why: String| {
            file.error_at(
                "relpolicy::gather::in_toto",
                format!("{} holds no readable in-toto statement", file.text.name()),
                file.offset(line, 1),
                why,
            )
            .help("expected an in-toto Statement v1 (`_type`, `subject`, `predicateType`) or a DSSE envelope carrying one")
        };
        let value: Value = crate::json::parse(text).map_err(|e| bad(e.to_string()))?;
        let statement = match value.get("payloadType") {
            Some(_) => {
                let payload = value
                    .get("payload")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("the DSSE envelope has no payload".into()))?;
                let bytes = data_encoding::BASE64
                    .decode(payload.as_bytes())
                    .map_err(|e| bad(format!("the payload is not base64: {e}")))?;
                crate::json::parse_slice(&bytes)
                    .map_err(|e| bad(format!("the payload is not JSON: {e}")))?
            }
            None => value,
        };
        let is_statement = statement
            .get("_type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.starts_with("https://in-toto.io/Statement/"));
        let subjects = statement.get("subject").and_then(Value::as_array);
        let (true, Some(subjects)) = (is_statement, subjects) else {
            return Err(bad("it is not an in-toto statement with subjects".into()));
        };
        let predicate = statement.get("predicate");
        let find = |paths: &[&str]| {
            paths
                .iter()
                .find_map(|p| predicate?.pointer(p)?.as_str().map(str::to_owned))
        };
        let builder = find(&["/runDetails/builder/id", "/builder/id"]);
        let built_at = find(&[
            "/runDetails/metadata/finishedOn",
            "/metadata/buildFinishedOn",
        ]);
        for subject in subjects {
            let mut artifact = Map::new();
            if let Some(name) = subject.get("name").and_then(Value::as_str) {
                artifact.insert("name".into(), json!(name));
            }
            if let Some(d) = subject
                .get("digest")
                .and_then(Value::as_object)
                .and_then(digest_string)
            {
                artifact.insert("digest".into(), json!(d));
            }
            if let Some(b) = &builder {
                artifact.insert("builder".into(), json!(b));
            }
            if let Some(t) = &built_at {
                artifact.insert("built_at".into(), json!(t));
            }
            artifact.insert("source".into(), text::source_at(file, line, None));
            items.push(Value::Object(artifact));
        }
    }
    Ok(items)
}

/// True for an in-toto v0.9 link file: `{"signed": {"_type": "link", ...}, "signatures": [...]}`.
pub fn is_in_toto_link(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    head.contains("\"signed\"")
        && head.contains("\"_type\"")
        && crate::json::parse(text).is_ok_and(|v: Value| v["signed"]["_type"] == "link")
}

/// An in-toto v0.9 link file (`in-toto-run` writes `STEP.KEYID.link`): every product of the step
/// with a sha256 is an artifact, named by its file name, the step (and the key that signed the
/// link) as its builder. Links carry no time. relpolicy does not verify link signatures (that
/// needs the layout's keys): the digests are what REL-04 and REQ-12 read.
pub fn in_toto_link(file: &File) -> Result<Vec<Value>, Problem> {
    let link: Value = crate::json::parse(file.text.text()).map_err(|e| {
        file.error_at(
            "relpolicy::gather::in_toto",
            format!("{} is not valid JSON", file.text.name()),
            file.offset(e.line(), e.column()),
            e.to_string(),
        )
        .help("an in-toto link file is one JSON document, as in-toto-run writes it")
    })?;
    let signed = &link["signed"];
    let step = signed["name"].as_str().unwrap_or("unnamed step");
    let keyid = link["signatures"][0]["keyid"]
        .as_str()
        .map(|k| &k[..k.len().min(8)]);
    let builder = match keyid {
        Some(k) => format!("in-toto step {step} (key {k})"),
        None => format!("in-toto step {step} (unsigned)"),
    };
    let products = signed["products"].as_object().cloned().unwrap_or_default();
    let pointers: Vec<String> = products
        .keys()
        .map(|k| {
            format!(
                "/signed/products/{}",
                k.replace('~', "~0").replace('/', "~1")
            )
        })
        .collect();
    let lines = file.lines_of(&pointers);
    let artifacts: Vec<Value> = products
        .iter()
        .zip(lines)
        .zip(&pointers)
        .filter_map(|(((path, hashes), line), pointer)| {
            let hex = hashes["sha256"].as_str()?;
            let name = path.rsplit('/').next().unwrap_or(path);
            let mut source = text::source_at(file, line, None);
            source["pointer"] = json!(pointer);
            Some(json!({
                "name": name,
                "digest": format!("sha256:{}", hex.to_ascii_lowercase()),
                "builder": builder,
                "source": source,
            }))
        })
        .collect();
    if artifacts.is_empty() {
        return Err(file
            .error_at(
                "relpolicy::gather::in_toto",
                format!("{}: the in-toto link of step {step} records no product with a sha256", file.text.name()),
                0,
                "this link",
            )
            .help("an artifact is a product of the step: run in-toto-run with --products naming the built files"));
    }
    Ok(artifacts)
}
