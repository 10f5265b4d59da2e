//! Markdown: release notes, go-live checklists, and documents with front matter.
//!
//! The text is parsed once with pulldown-cmark into a flat list of blocks
//! (headings, paragraphs, list items with their task marker, front matter),
//! each with its byte offset for provenance; the readers below interpret the
//! blocks. Release notes come in two layouts, read by one interpreter:
//! Keep a Changelog (a `## [2.4.0] - 2026-03-14` heading per version, `###`
//! sections of list items, as git-cliff writes) and the release-notes layout
//! of the release procedure (`Release:`, `Date:`, `Type:` lines, then
//! `Changes included:`, `Known issues:`, `Dependencies:` and `Rollback:` lists).

use std::sync::LazyLock;

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde_json::{Map, Value, json};

use super::File;
use super::text;
use crate::diagnostics::{Problem, yaml_error};
use crate::source::SourceFile;

#[derive(Debug, PartialEq)]
enum Kind {
    Heading(u8),
    Paragraph,
    Item(Option<bool>),
    FrontMatter,
}

#[derive(Debug)]
struct Block {
    kind: Kind,
    text: String,
    offset: usize,
}

fn blocks(source: &str) -> Vec<Block> {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_TASKLISTS;
    let mut blocks: Vec<Block> = Vec::new();
    // Indices of the blocks text goes into: open items, and the heading or paragraph inside.
    let mut open: Vec<usize> = Vec::new();
    let mut in_code = false;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                blocks.push(Block {
                    kind: Kind::Heading(level as u8),
                    text: String::new(),
                    offset: range.start,
                });
                open.push(blocks.len() - 1);
            }
            Event::Start(Tag::Paragraph) if open.is_empty() => {
                blocks.push(Block {
                    kind: Kind::Paragraph,
                    text: String::new(),
                    offset: range.start,
                });
                open.push(blocks.len() - 1);
            }
            Event::Start(Tag::Item) => {
                blocks.push(Block {
                    kind: Kind::Item(None),
                    text: String::new(),
                    offset: range.start,
                });
                open.push(blocks.len() - 1);
            }
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => {
                blocks.push(Block {
                    kind: Kind::FrontMatter,
                    text: String::new(),
                    offset: range.start,
                });
                open.push(blocks.len() - 1);
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::MetadataBlock(_)) => {
                open.pop();
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(&top) = open.last()
                    && blocks[top].kind == Kind::Paragraph
                {
                    open.pop();
                }
            }
            Event::TaskListMarker(done) => {
                if let Some(&top) = open.last() {
                    blocks[top].kind = Kind::Item(Some(done));
                }
            }
            Event::Text(t) | Event::Code(t) if !in_code => {
                if let Some(&top) = open.last() {
                    blocks[top].text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(&top) = open.last() {
                    blocks[top].text.push('\n');
                }
            }
            _ => {}
        }
    }
    for block in &mut blocks {
        if block.kind != Kind::FrontMatter {
            block.text = block.text.trim().to_owned();
        }
    }
    blocks
}

/// Front matter as a map; a YAML error is located in the Markdown file.
fn front_matter(file: &File, blocks: &[Block]) -> Result<Map<String, Value>, Problem> {
    let Some(block) = blocks.iter().find(|b| b.kind == Kind::FrontMatter) else {
        return Ok(Map::new());
    };
    let yaml = SourceFile::new(file.text.name(), block.text.clone());
    let value: Value = serde_saphyr::from_str(&block.text).map_err(|err| {
        let (message, span) = yaml_error(&err, &yaml);
        // The block text starts on the line after the opening `---`.
        let start = file.text.text()[block.offset..]
            .find('\n')
            .map_or(block.offset, |n| block.offset + n + 1);
        file.error_at(
            "relpolicy::gather::front_matter",
            format!("the front matter of {} is not valid YAML", file.text.name()),
            start + span.offset(),
            message,
        )
        .help("front matter is a YAML map between `---` lines at the top of the file")
    })?;
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(file
            .error_at(
                "relpolicy::gather::front_matter",
                format!("the front matter of {} is not a map", file.text.name()),
                block.offset,
                "expected `key: value` lines",
            )
            .help("front matter is a YAML map between `---` lines at the top of the file")),
    }
}

/// Front matter keys that describe the document rather than the section.
const DOCUMENT_KEYS: &[&str] = &["version", "updated_at", "uri"];

/// The document reference for a file: path, digest, and a title from front matter or the
/// first heading.
fn document_ref(
    file: &File,
    blocks: &[Block],
    front: &mut Map<String, Value>,
    keys: &[&str],
) -> Value {
    let mut document = Map::new();
    let title = front.remove("title").or_else(|| {
        blocks
            .iter()
            .find(|b| matches!(b.kind, Kind::Heading(_)))
            .map(|b| json!(b.text))
    });
    if let Some(title) = title {
        document.insert("title".into(), title);
    }
    document.insert("path".into(), json!(file.path));
    document.insert("sha256".into(), json!(file.sha256));
    for &key in keys {
        if let Some(v) = front.remove(key) {
            document.insert(key.into(), v);
        }
    }
    Value::Object(document)
}

/// A document (deployment guide, rollback plan): its reference, plus the section fields its
/// front matter carries (review, validated, strategy, triggers, ...).
pub fn document(file: &File) -> Result<Map<String, Value>, Problem> {
    let blocks = blocks(file.text.text());
    let mut front = front_matter(file, &blocks)?;
    let key = match file.kind {
        super::Kind::RollbackPlan => "plan",
        _ => "document",
    };
    let document = document_ref(file, &blocks, &mut front, DOCUMENT_KEYS);
    let mut section = front;
    section.insert(key.into(), document);
    section.insert("source".into(), text::source_at(file, 1, None));
    Ok(section)
}

/// A document relpolicy does not read inside (a PDF, say): its path and digest.
pub fn opaque_document(file: &File) -> Map<String, Value> {
    let key = match file.kind {
        super::Kind::RollbackPlan => "plan",
        _ => "document",
    };
    let mut section = Map::new();
    section.insert(
        key.into(),
        json!({"path": file.path, "sha256": file.sha256}),
    );
    section.insert("source".into(), text::source_at(file, 1, None));
    section
}

/// A go-live checklist from a task list: `- [x] GL-1: what (verified by who at when)`.
pub fn checklist(file: &File) -> Result<Map<String, Value>, Problem> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)^(?:([A-Za-z][A-Za-z0-9]*-[0-9]+)\s*[:.)-]\s*)?(.*?)\s*(?:\(verified by ([^\s,)]+)(?:\s+at\s+([^)\s]+))?\))?$")
            .expect("valid regex")
    });
    let blocks = blocks(file.text.text());
    let mut front = front_matter(file, &blocks)?;
    let mut lines = text::Lines::new(file.text.text());
    let mut items = Vec::new();
    for block in &blocks {
        let Kind::Item(Some(done)) = block.kind else {
            continue;
        };
        let (line, _) = lines.at(block.offset);
        let mut item = Map::new();
        let caps = ITEM.captures(&block.text);
        let get = |i| caps.as_ref().and_then(|c| c.get(i)).map(|m| m.as_str());
        if let Some(id) = get(1) {
            item.insert("id".into(), json!(id));
        }
        item.insert("description".into(), json!(get(2).unwrap_or(&block.text)));
        item.insert("done".into(), json!(done));
        if let Some(who) = get(3) {
            item.insert("verified_by".into(), json!({ "id": who }));
        }
        if let Some(when) = get(4) {
            item.insert("verified_at".into(), json!(when));
        }
        item.insert("source".into(), text::source_at(file, line, None));
        items.push(Value::Object(item));
    }
    if items.is_empty() {
        return Err(file
            .error_at(
                "relpolicy::gather::checklist",
                format!("{} has no task list items", file.text.name()),
                0,
                "expected `- [ ] ...` or `- [x] ...` lines",
            )
            .help(
                "write each go-live criterion as a Markdown task list item, ticked when it is met",
            ));
    }
    let document = document_ref(file, &blocks, &mut front, DOCUMENT_KEYS);
    let mut section = front;
    section.insert("items".into(), Value::Array(items));
    section.insert("document".into(), document);
    section.insert("source".into(), text::source_at(file, 1, None));
    Ok(section)
}

static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][A-Z0-9]*-[0-9]+(?:-[0-9]+)*\b").expect("valid regex"));

/// An issue or merge request number as GitHub, GitLab and Keep a Changelog entries cite it:
/// `(#412)`, `#412`, `!57`, at the start or after a space or opening bracket.
static NUMBER_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s(\[,;])([#!][0-9]+)\b").expect("valid regex"));

/// The first change or defect reference in `text`: `PREFIX-123` (CHG-2026-0892, JIRA-12) or
/// `#412` / `!57`. Whether a reference is in a form the organisation uses is the policies'
/// call (params `change_references`), not the reader's.
fn reference(text: &str) -> Option<regex::Match<'_>> {
    let id = ID.find(text);
    let number = NUMBER_REF.captures(text).and_then(|c| c.get(1));
    match (id, number) {
        (Some(a), Some(b)) => Some(if a.start() <= b.start() { a } else { b }),
        (a, b) => a.or(b),
    }
}

static VERSION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\[?v?([0-9]+(?:\.[0-9A-Za-z+-]+)+)\]?(?:\s*[-–—(]\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\)?)?",
    )
    .expect("valid regex")
});

static VERSION_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bv?([0-9]+\.[0-9]+(?:\.[0-9]+)*(?:[-+][0-9A-Za-z.]+)?)\b").expect("valid regex")
});

/// What a label (a heading, or a paragraph line ending in `:`) starts.
#[derive(Clone, PartialEq)]
enum Section {
    Changes(Option<String>),
    KnownIssues,
    Dependencies,
    Rollback,
}

fn section_of(label: &str) -> Section {
    let name = label
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(':')
        .trim();
    match name.to_ascii_lowercase().as_str() {
        "known issues" | "known issue" | "known limitations" => Section::KnownIssues,
        "dependencies" | "requires" | "prerequisites" => Section::Dependencies,
        "rollback" | "roll back" | "backout" => Section::Rollback,
        "changes" | "changes included" | "included changes" => Section::Changes(None),
        _ => Section::Changes(Some(name.to_owned())),
    }
}

/// Release notes, for the release `version` when the manifest names one.
pub fn release_notes(
    file: &File,
    version: Option<&str>,
    warnings: &mut Vec<Problem>,
) -> Result<Map<String, Value>, Problem> {
    let blocks = blocks(file.text.text());
    let mut front = front_matter(file, &blocks)?;
    // In release notes, `version` is the release's version, not the document's.
    let document = document_ref(file, &blocks, &mut front, &["updated_at", "uri"]);
    let mut notes = Map::new();
    notes.insert("document".into(), document);

    // Keep a Changelog: pick the heading of the release's version.
    let versioned: Vec<(usize, u8, String, Option<String>)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let Kind::Heading(level) = b.kind else {
                return None;
            };
            let caps = VERSION_HEADING.captures(&b.text)?;
            Some((
                i,
                level,
                caps[1].to_owned(),
                caps.get(2).map(|m| m.as_str().to_owned()),
            ))
        })
        .collect();
    let region = if versioned.is_empty() {
        &blocks[..]
    } else {
        let chosen = match version {
            Some(v) => versioned
                .iter()
                .find(|(_, _, hv, _)| hv == v.trim_start_matches('v')),
            None => versioned.first(),
        };
        let Some((index, level, heading_version, date)) = chosen else {
            let found: Vec<&str> = versioned.iter().map(|(_, _, v, _)| v.as_str()).collect();
            return Err(file
                .error_at(
                    "relpolicy::gather::release_notes",
                    format!(
                        "{} has no section for version {}",
                        file.text.name(),
                        version.unwrap_or_default()
                    ),
                    0,
                    format!("versions found: {}", found.join(", ")),
                )
                .help("release notes must describe this release: add a `## [VERSION] - DATE` section, or correct release.version in relpolicy.yaml"));
        };
        notes.insert("version".into(), json!(heading_version));
        if let Some(date) = date {
            notes.insert("date".into(), json!(date));
        }
        let end = blocks[index + 1..]
            .iter()
            .position(|b| matches!(b.kind, Kind::Heading(l) if l <= *level))
            .map_or(blocks.len(), |p| index + 1 + p);
        &blocks[index + 1..end]
    };

    let mut lines = text::Lines::new(file.text.text());
    let mut section: Option<Section> = if versioned.is_empty() {
        None
    } else {
        Some(Section::Changes(None))
    };
    let mut changes = Vec::new();
    let mut known = Vec::new();
    let mut dependencies = Vec::new();
    let mut rollback = Map::new();
    for block in region {
        let (line, _) = lines.at(block.offset);
        match block.kind {
            Kind::Heading(_) => section = Some(section_of(&block.text)),
            Kind::Paragraph => {
                for text_line in block.text.lines() {
                    let text_line = text_line.trim();
                    if let Some(label) = text_line.strip_suffix(':') {
                        section = Some(section_of(label));
                        continue;
                    }
                    let Some((key, value)) = text_line.split_once(':') else {
                        continue;
                    };
                    let value = value.trim();
                    match key.trim().to_ascii_lowercase().as_str() {
                        "release" => {
                            notes.insert("release".into(), json!(value));
                            if !notes.contains_key("version")
                                && let Some(c) = VERSION_IN_TEXT.captures(value)
                            {
                                notes.insert("version".into(), json!(&c[1]));
                            }
                        }
                        "version" => {
                            notes.insert("version".into(), json!(value.trim_start_matches('v')));
                        }
                        "date" => {
                            notes.insert("date".into(), json!(value));
                        }
                        "type" => {
                            notes.insert("type".into(), json!(value.to_ascii_lowercase()));
                        }
                        "rollback window" | "rollback procedure" => {
                            rollback_field(&mut rollback, text_line);
                        }
                        _ => {}
                    }
                }
            }
            Kind::Item(_) => match section.clone() {
                Some(Section::Changes(name)) => changes.push(change(file, &block.text, name, line)),
                Some(Section::KnownIssues) => known.push(known_issue(file, &block.text, line)),
                Some(Section::Dependencies) => dependencies.push(json!(block.text)),
                Some(Section::Rollback) => rollback_field(&mut rollback, &block.text),
                None => {}
            },
            Kind::FrontMatter => {}
        }
    }
    if changes.is_empty() {
        warnings.push(
            Problem::warning(
                "relpolicy::gather::no_changes",
                format!("{} lists no changes", file.text.name()),
            )
            .help("list the changes as items under a `Changes included:` label or Keep a Changelog sections (Added, Changed, Fixed, ...)"),
        );
    }
    notes.insert("changes".into(), Value::Array(changes));
    if !known.is_empty() {
        notes.insert("known_issues".into(), Value::Array(known));
    }
    if !dependencies.is_empty() {
        notes.insert("dependencies".into(), Value::Array(dependencies));
    }
    if !rollback.is_empty() {
        notes.insert("rollback".into(), Value::Object(rollback));
    }
    // Front matter states what the text cannot: generation, review, publication, retention.
    notes.extend(front);
    notes.insert("source".into(), text::source_at(file, 1, None));
    Ok(notes)
}

fn change(file: &File, text: &str, section: Option<String>, line: usize) -> Value {
    let mut change = Map::new();
    let reference = reference(text);
    let summary = match reference {
        Some(m) if m.start() == 0 => text[m.end()..]
            .trim_start_matches(|c: char| c == ':' || c == '-' || c == '–' || c.is_whitespace())
            .to_owned(),
        Some(m) => text
            .replace(&format!("({})", m.as_str()), "")
            .trim()
            .to_owned(),
        None => text.to_owned(),
    };
    if let Some(m) = reference {
        change.insert("ref".into(), json!(m.as_str()));
    }
    change.insert("summary".into(), json!(summary));
    if let Some(section) = section {
        change.insert("section".into(), json!(section));
    }
    change.insert("source".into(), text::source_at(file, line, None));
    Value::Object(change)
}

fn known_issue(file: &File, text: &str, line: usize) -> Value {
    static WORKAROUND: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*[(\[]?\s*workaround:\s*([^)\]]*)[)\]]?\s*$").expect("valid regex")
    });
    let mut issue = Map::new();
    let reference = reference(text);
    if let Some(id) = reference {
        issue.insert("defect".into(), json!(id.as_str()));
    }
    // "BUG-4411: what goes wrong": the reference is kept apart from the summary.
    let text = match reference {
        Some(m) if m.start() == 0 => text[m.end()..].trim_start_matches([':', ' ', '-']),
        _ => text,
    };
    let (summary, workaround) = match WORKAROUND.captures(text) {
        Some(c) => (
            text[..c.get(0).map_or(text.len(), |m| m.start())].trim(),
            Some(c[1].trim().to_owned()),
        ),
        None => (text, None),
    };
    issue.insert("summary".into(), json!(summary));
    if let Some(w) = workaround {
        issue.insert("workaround".into(), json!(w));
    }
    issue.insert("source".into(), text::source_at(file, line, None));
    Value::Object(issue)
}

/// `Rollback window: 4 hours post-deployment`, `Rollback procedure: see runbook section 7`.
fn rollback_field(rollback: &mut Map<String, Value>, text: &str) {
    static HOURS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)([0-9]+(?:\.[0-9]+)?)\s*(hours?|hrs?|h|minutes?|mins?|days?)\b")
            .expect("valid regex")
    });
    let Some((key, value)) = text.split_once(':') else {
        return;
    };
    let key = key.trim().to_ascii_lowercase();
    let value = value.trim();
    if key.contains("window") {
        if let Some(c) = HOURS.captures(value)
            && let Ok(n) = c[1].parse::<f64>()
        {
            let unit = c[2].to_ascii_lowercase();
            let hours = if unit.starts_with('m') {
                n / 60.0
            } else if unit.starts_with('d') {
                n * 24.0
            } else {
                n
            };
            rollback.insert("window_hours".into(), json!(hours));
        }
    } else if key.contains("procedure") {
        rollback.insert("procedure".into(), json!(value));
    }
}

#[cfg(test)]
mod tests {
    use super::reference;

    /// Hand-made edge cases of the reference forms changelogs use.
    #[test]
    fn references_are_keys_or_issue_numbers_and_the_first_one_wins() {
        let found = |text: &str| reference(text).map(|m| m.as_str().to_owned());
        assert_eq!(
            found("Fix JIRA-12 crash (#412)").as_deref(),
            Some("JIRA-12")
        );
        assert_eq!(
            found("Fix crash (#412), see CHG-1").as_deref(),
            Some("#412")
        );
        assert_eq!(found("#7: first").as_deref(), Some("#7"));
        assert_eq!(found("Merge !57 into main").as_deref(), Some("!57"));
        assert_eq!(found("Port to C#12 and F#"), None);
        assert_eq!(found("issue#3 and #x1"), None);
        assert_eq!(found("Rounding is 100% right!"), None);
    }
}
