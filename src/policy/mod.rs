//! Policies: loading a library, compiling one policy per requirement, evaluating them.
//!
//! Each `.rego` file is either a requirement policy (its package `# METADATA`
//! names a catalogued requirement under `custom.requirement`) or a helper
//! library (a package under `relpolicy.lib`, shared by every policy). All
//! policies are compiled once, together, and evaluated together; a failure is
//! pinned on the policy that caused it by falling back to one policy at a time
//! (see [`PolicySet`]). Problems found while loading are returned together; the
//! requirements they touch become `error` rows.

pub mod engine;
pub mod finding;
pub mod library;
pub mod lint;
pub mod metadata;
pub mod testing;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use miette::SourceSpan;
use serde_json::json;

pub use engine::Input;
pub use finding::{Basis, Finding, Verdict};
pub use library::{Library, LibrarySource, Sources};
pub use metadata::{Metadata, Severity};

use crate::catalog::{Catalog, Phase};
use crate::diagnostics::Problem;
use crate::limits::Limits;
use crate::manifest::FileDigest;
use crate::source::SourceFile;

/// Packages under this prefix are helper libraries, not requirement policies.
pub const LIBRARY_PACKAGE: &str = "relpolicy.lib";

/// The stack each evaluation runs on. regorus's interpreter recurses along the policy's
/// expressions; recursion through functions is refused before evaluating (see
/// `engine::call_cycle`), so this only needs room for deep but finite nesting.
const EVALUATION_STACK: usize = 64 * 1024 * 1024;

/// How an evaluation result says its policy never compiled (the compile error is reported
/// when loading).
pub(crate) const NOT_COMPILED: &str = "policy does not compile";

/// What policies see under `data`: the parameters and the run's phase.
pub fn policy_data(params: serde_json::Value, phase: Phase) -> serde_json::Value {
    json!({"relpolicy": {"params": params, "run": {"phase": phase.as_str()}}})
}

/// A requirement's policy.
#[derive(Clone, Debug)]
pub struct Policy {
    pub requirement: String,
    pub file: SourceFile,
    pub package: String,
    pub metadata: Metadata,
    /// The policy compiled alone: on demand, when the combined evaluation fails and the failure
    /// must be pinned on one policy (or eagerly, when the combined compilation failed).
    alone: Arc<OnceLock<Result<engine::Compiled, engine::RegoError>>>,
}

/// What the library provides for one requirement.
#[derive(Clone, Debug)]
pub enum Slot {
    Policy(Box<Policy>),
    /// More than one policy claims the requirement: none of them is trusted.
    Contested(Vec<String>),
}

/// Every requirement policy of a library, by requirement ID.
///
/// All policies that compile are compiled together into one engine and evaluated together
/// (regorus analyses modules as a whole, so this is several times cheaper than one engine per
/// policy, and shared helper rules are computed once per document); `check`, judging one
/// release, shares them out among one engine per core instead ([`PolicySet::load_in_parts`]).
/// When that evaluation fails,
/// relpolicy evaluates the policies one by one, each compiled alone, so the failure is reported
/// for the policy that caused it and every other requirement is still decided.
#[derive(Clone, Debug, Default)]
pub struct PolicySet {
    slots: BTreeMap<String, Slot>,
    base: Option<Arc<engine::Base>>,
    /// The policies compiled together, in one part or more, and the requirement each position
    /// of a part's result belongs to.
    combined: Vec<(engine::Compiled, Vec<String>)>,
    /// Every policy and library file loaded, for the manifest.
    pub files: Vec<FileDigest>,
    /// What one document's evaluation may use.
    limits: Limits,
}

enum Kind {
    Policy {
        requirement: String,
        span: SourceSpan,
        metadata: Box<Metadata>,
    },
    Library,
}

struct Parsed {
    file: SourceFile,
    package: String,
    package_span: SourceSpan,
    kind: Kind,
}

impl PolicySet {
    /// Load and compile the library's policies against `catalog`, into one engine: the
    /// cheapest way to evaluate many documents (see [`PolicySet::load_in_parts`]). The run's
    /// phase is visible to policies as `data.relpolicy.run.phase`.
    pub fn load(
        library: &Library,
        catalog: &Catalog,
        phase: Phase,
        limits: &Limits,
    ) -> (Self, Vec<Problem>) {
        Self::load_in_parts(library, catalog, phase, limits, 1)
    }

    /// [`PolicySet::load`], with the policies shared out among `parts` engines that compile
    /// and evaluate on threads of their own: one document's verdicts sooner on several cores,
    /// at the cost of analysing the helper libraries once per part. Each policy's verdict
    /// depends only on the libraries, data, the document and its own package, so it is the
    /// same in any part; a library whose policies read each other's rules is compiled as one
    /// part whatever is asked (`reads_other_policies`).
    pub fn load_in_parts(
        library: &Library,
        catalog: &Catalog,
        phase: Phase,
        limits: &Limits,
        parts: usize,
    ) -> (Self, Vec<Problem>) {
        let mut problems = Vec::new();
        let params = library.params_json().unwrap_or_else(|p| {
            problems.push(p);
            json!({})
        });
        let data = policy_data(params, phase);

        let parsed: Vec<Parsed> = library
            .rego
            .iter()
            .filter_map(|file| classify(file).map_err(|p| problems.push(p)).ok())
            .collect();
        let parsed = drop_uncatalogued(parsed, library, catalog, &mut problems);
        let parsed = drop_shared_packages(parsed, &mut problems);
        let libraries: Vec<SourceFile> = parsed
            .iter()
            .filter(|p| matches!(p.kind, Kind::Library))
            .map(|p| p.file.clone())
            .collect();

        let mut claims: BTreeMap<String, Vec<(SourceFile, SourceSpan)>> = BTreeMap::new();
        for p in &parsed {
            if let Kind::Policy {
                requirement, span, ..
            } = &p.kind
            {
                claims
                    .entry(requirement.clone())
                    .or_default()
                    .push((p.file.clone(), *span));
            }
        }

        let mut slots = BTreeMap::new();
        let mut policies = Vec::new();
        for p in parsed {
            let Kind::Policy {
                requirement,
                metadata,
                ..
            } = p.kind
            else {
                continue;
            };
            let claimants = &claims[&requirement];
            if claimants.len() > 1 {
                if claimants[0].0.name() == p.file.name() {
                    let names: Vec<String> =
                        claimants.iter().map(|(f, _)| f.name().to_owned()).collect();
                    problems.push(
                        Problem::error(
                            "relpolicy::policy::duplicate_requirement",
                            format!("{requirement} is claimed by {} policies: {}", names.len(), names.join(", ")),
                        )
                        .in_file(&claimants[1].0)
                        .label(claimants[1].1, "claimed again here")
                        .help(format!(
                            "one policy decides one requirement; merge the rules into {} or change the requirement one of them names",
                            names[0]
                        )),
                    );
                    slots.insert(requirement, Slot::Contested(names));
                }
                continue;
            }
            policies.push(Policy {
                requirement,
                file: p.file,
                package: p.package,
                metadata: *metadata,
                alone: Arc::default(),
            });
        }

        let base = engine::Base::new(&libraries, &data).map(Arc::new);
        let combined = match &base {
            Ok(base) => {
                let parts = if reads_other_policies(&policies) {
                    1
                } else {
                    parts
                };
                compile_together(base, &policies, &library.rego, &mut problems, parts)
            }
            Err(err) => {
                problems.push(compile_problem(err, &library.rego, "every requirement"));
                for policy in &policies {
                    let _ = policy.alone.set(Err(err.clone()));
                }
                Vec::new()
            }
        };
        for policy in policies {
            slots.insert(policy.requirement.clone(), Slot::Policy(Box::new(policy)));
        }
        let files = library.rego.iter().map(FileDigest::of_file).collect();
        (
            Self {
                slots,
                base: base.ok(),
                combined,
                files,
                limits: *limits,
            },
            problems,
        )
    }

    /// How many engines the policies were compiled into (see [`PolicySet::load_in_parts`]).
    pub fn parts(&self) -> usize {
        self.combined.len()
    }

    /// Every requirement policy that loaded, by requirement ID.
    pub fn policies(&self) -> impl Iterator<Item = &Policy> {
        self.slots.values().filter_map(|slot| match slot {
            Slot::Policy(policy) => Some(policy.as_ref()),
            Slot::Contested(_) => None,
        })
    }

    /// The library's answer for a requirement, if it has one.
    pub fn get(&self, requirement: &str) -> Option<&Slot> {
        self.slots.get(requirement)
    }

    /// Evaluate the policies of `requirements` against one document. Each result is the
    /// policy's verdict, or what went wrong and where.
    ///
    /// The policies get the time limit together. They are first evaluated in one pass (one
    /// per part, at once), for up to half of it; if a pass fails or runs over, each of its
    /// policies is evaluated alone, all at
    /// once, until the limit: the error or the overrun lands on the policy that caused it,
    /// and every other requirement is still decided. Each evaluation runs on its own thread
    /// and is waited for only until its deadline, so a policy stuck inside one long builtin
    /// call cannot hold the run beyond the limit (regorus's own timer stops it shortly after).
    pub fn evaluate(
        &self,
        input: &Input,
        requirements: &[&str],
    ) -> BTreeMap<String, Result<Verdict, String>> {
        let start = Instant::now();
        let limit = self.limits.time;
        let mut results = BTreeMap::new();
        let first = limit / 2;
        let running: Vec<_> = self
            .combined
            .iter()
            .map(|(compiled, order)| {
                let compiled = compiled.clone();
                let document = input.clone();
                let bounds = self.bounds(first);
                (spawn(move || compiled.eval(&document, bounds)), order)
            })
            .collect();
        for (receiver, order) in running {
            let outcome = receiver
                .recv_timeout((start + first).saturating_duration_since(Instant::now()))
                .ok();
            if let Some(Ok(verdicts)) = outcome {
                for (requirement, verdict) in order.iter().zip(verdicts) {
                    if requirements.contains(&requirement.as_str()) {
                        let file = self.policy(requirement).map_or("", |p| p.file.name());
                        let verdict = verdict
                            .map_err(|e| format!("policy {file}: {}", e.message))
                            .and_then(|v| {
                                Verdict::from_json(&v).map_err(|e| format!("policy {file}: {e}"))
                            });
                        results.insert(requirement.clone(), verdict);
                    }
                }
            }
        }
        let pending: Vec<&str> = requirements
            .iter()
            .copied()
            .filter(|r| !results.contains_key(*r))
            .collect();
        let deadline = start + limit;
        let waiting: Vec<(&str, Option<Pending>)> = pending
            .iter()
            .map(|requirement| {
                let receiver = self.policy(requirement).map(|policy| {
                    let policy = policy.clone();
                    let base = self.base.clone();
                    let document = input.clone();
                    let bounds = self.bounds(deadline.saturating_duration_since(Instant::now()));
                    spawn(move || evaluate_alone(&policy, base.as_deref(), &document, bounds))
                });
                (*requirement, receiver)
            })
            .collect();
        for (requirement, receiver) in waiting {
            let result = match receiver {
                None => Err(format!("no policy decides {requirement}")),
                Some(receiver) => receiver
                    .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                    .unwrap_or_else(|_| {
                        Err(format!(
                            "the policies did not finish within the time limit of {} s on this document (--time-limit)",
                            limit.as_secs()
                        ))
                    }),
            };
            results.insert(requirement.to_owned(), result);
        }
        results
    }

    fn bounds(&self, time: Duration) -> engine::Bounds {
        engine::Bounds {
            time,
            ..engine::Bounds::of(&self.limits)
        }
    }

    fn policy(&self, requirement: &str) -> Option<&Policy> {
        match self.slots.get(requirement) {
            Some(Slot::Policy(policy)) => Some(policy),
            _ => None,
        }
    }
}

/// A verdict being computed on another thread.
type Pending = std::sync::mpsc::Receiver<Result<Verdict, String>>;

/// Evaluate one policy compiled alone (compiling it on first use).
fn evaluate_alone(
    policy: &Policy,
    base: Option<&engine::Base>,
    input: &Input,
    bounds: engine::Bounds,
) -> Result<Verdict, String> {
    let compiled = policy.alone.get_or_init(|| match base {
        Some(base) => base.compile(&[(&policy.file, &policy.package)]),
        None => Err(engine::RegoError::parse(
            "the policy libraries do not compile",
        )),
    });
    let compiled = compiled
        .as_ref()
        .map_err(|e| format!("{NOT_COMPILED}: {}", e.located()))?;
    let verdicts = compiled
        .eval(input, bounds)
        .map_err(|e| format!("policy failed: {}", e.located()))?;
    let verdict = verdicts
        .into_iter()
        .next()
        .ok_or("policy produced no verdict")?
        .map_err(|e| format!("policy {}: {}", policy.file.name(), e.message))?;
    Verdict::from_json(&verdict).map_err(|e| format!("policy {}: {e}", policy.file.name()))
}

/// Start `work` on a new thread; its result arrives on the returned channel.
fn spawn<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> std::sync::mpsc::Receiver<T> {
    let (sender, receiver) = std::sync::mpsc::channel();
    // If no thread can be started, the sender is dropped with the closure and the receiver
    // reports the evaluation as unfinished: an error, never a pass.
    let _ = std::thread::Builder::new()
        .name("relpolicy-eval".to_owned())
        .stack_size(EVALUATION_STACK)
        .spawn(move || {
            let _ = sender.send(work());
        });
    receiver
}

/// Compile the policies into `parts` engines (one, unless a caller checks one release on
/// several cores), each holding a share of them, on as many threads. If that fails, compile
/// each policy alone to find and report the ones that do not compile, then combine the rest.
fn compile_together(
    base: &engine::Base,
    policies: &[Policy],
    files: &[SourceFile],
    problems: &mut Vec<Problem>,
    parts: usize,
) -> Vec<(engine::Compiled, Vec<String>)> {
    let together = |policies: &[&Policy]| {
        let units: Vec<(&SourceFile, &str)> = policies
            .iter()
            .map(|p| (&p.file, p.package.as_str()))
            .collect();
        let order = policies.iter().map(|p| p.requirement.clone()).collect();
        base.compile(&units).map(|c| (c, order))
    };
    let split = |policies: &[&Policy]| -> Option<Vec<(engine::Compiled, Vec<String>)>> {
        let shares = shares(policies, parts);
        if shares.len() <= 1 {
            return together(policies).ok().map(|c| vec![c]);
        }
        std::thread::scope(|scope| {
            let compiling: Vec<_> = shares
                .iter()
                .map(|share| {
                    std::thread::Builder::new()
                        .name("relpolicy-compile".to_owned())
                        .stack_size(EVALUATION_STACK)
                        .spawn_scoped(scope, || together(share))
                })
                .collect();
            compiling
                .into_iter()
                .map(|thread| {
                    let thread = thread.ok()?;
                    thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                        .ok()
                })
                .collect()
        })
    };
    let all: Vec<&Policy> = policies.iter().collect();
    if let Some(parts) = split(&all) {
        return parts;
    }
    let mut good = Vec::new();
    for policy in policies {
        let alone = base.compile(&[(&policy.file, &policy.package)]);
        match &alone {
            Ok(_) => good.push(policy),
            Err(err) => problems.push(compile_problem(err, files, &policy.requirement)),
        }
        let _ = policy.alone.set(alone);
    }
    split(&good).unwrap_or_default()
}

/// Whether a policy names `data` along a path into another policy's package (or above it, or
/// `data` itself), so that its verdict could depend on rules compiled in another part. Read
/// from the text, comments and strings left out; `data` followed by `[` or by nothing counts
/// as the path so far, which errs towards one part.
pub(crate) fn reads_other_policies(policies: &[Policy]) -> bool {
    fn under(path: &str, package: &str) -> bool {
        package.is_empty()
            || path == package
            || path
                .strip_prefix(package)
                .is_some_and(|rest| rest.starts_with('.'))
    }
    policies.iter().any(|policy| {
        data_paths(policy.file.text()).iter().any(|path| {
            policies.iter().any(|other| {
                other.package != policy.package
                    && (under(&other.package, path) || under(path, &other.package))
            })
        })
    })
}

/// Every `data.a.b.c` a Rego text spells outside comments and strings, as `a.b.c` (`""` for
/// `data` alone).
fn data_paths(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut paths = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'`' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    i += 1;
                }
                i += 1;
            }
            b if word(b) => {
                let start = i;
                while i < bytes.len() && word(bytes[i]) {
                    i += 1;
                }
                // `input.release.data` is a member named data, not the data document.
                let member = bytes[..start]
                    .iter()
                    .rev()
                    .find(|b| !b.is_ascii_whitespace())
                    == Some(&b'.');
                if &bytes[start..i] != b"data" || member {
                    continue;
                }
                let mut path = String::new();
                while i + 1 < bytes.len() && bytes[i] == b'.' && word(bytes[i + 1]) {
                    let from = i + 1;
                    i = from;
                    while i < bytes.len() && word(bytes[i]) {
                        i += 1;
                    }
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&text[from..i]);
                }
                paths.push(path);
            }
            _ => i += 1,
        }
    }
    paths
}

/// `policies` in at most `parts` shares of about equal size (by the length of their text,
/// the largest first to the smallest share), none empty.
fn shares<'a>(policies: &[&'a Policy], parts: usize) -> Vec<Vec<&'a Policy>> {
    let mut by_size: Vec<&Policy> = policies.to_vec();
    by_size.sort_by_key(|p| std::cmp::Reverse(p.file.text().len()));
    let mut shares: Vec<(usize, Vec<&Policy>)> =
        vec![(0, Vec::new()); parts.clamp(1, policies.len().max(1))];
    for policy in by_size {
        if let Some(smallest) = shares.iter_mut().min_by_key(|(size, _)| *size) {
            smallest.0 += policy.file.text().len();
            smallest.1.push(policy);
        }
    }
    shares
        .into_iter()
        .map(|(_, share)| share)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Two policies in one package would have their rules merged when compiled together; keep the
/// first and report the others.
fn drop_shared_packages(parsed: Vec<Parsed>, problems: &mut Vec<Problem>) -> Vec<Parsed> {
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut kept = Vec::with_capacity(parsed.len());
    for p in parsed {
        if let Kind::Policy { requirement, .. } = &p.kind {
            if let Some(first) = owners.get(&p.package) {
                problems.push(
                    Problem::error(
                        "relpolicy::policy::duplicate_package",
                        format!("{} uses package `{}`, already used by {first}", p.file.name(), p.package),
                    )
                    .in_file(&p.file)
                    .label(p.package_span, "package already in use")
                    .help(format!(
                        "give each requirement policy its own package; {requirement} has no policy until then"
                    )),
                );
                continue;
            }
            owners.insert(p.package.clone(), p.file.name().to_owned());
        }
        kept.push(p);
    }
    kept
}

/// A policy for a requirement the catalogue does not list: an error (a typo in the ID, or a
/// catalogue entry forgotten), unless the catalogue was given with `--catalog` to select
/// fewer requirements than the library decides. Then those policies are unused, and one note
/// says which.
fn drop_uncatalogued(
    parsed: Vec<Parsed>,
    library: &Library,
    catalog: &Catalog,
    problems: &mut Vec<Problem>,
) -> Vec<Parsed> {
    let mut unused: Vec<String> = Vec::new();
    let mut kept = Vec::with_capacity(parsed.len());
    for p in parsed {
        if let Kind::Policy {
            requirement, span, ..
        } = &p.kind
            && catalog.get(requirement).is_none()
        {
            if library.catalog_replaced {
                unused.push(requirement.clone());
            } else {
                problems.push(
                    Problem::error(
                        "relpolicy::policy::unknown_requirement",
                        format!(
                            "{} names requirement {requirement}, which is not in the catalogue",
                            p.file.name()
                        ),
                    )
                    .in_file(&p.file)
                    .label(*span, "not catalogued")
                    .help(format!(
                        "add {requirement} to {} or correct the ID",
                        catalog.file.name()
                    )),
                );
            }
            continue;
        }
        kept.push(p);
    }
    if !unused.is_empty() {
        unused.sort_by(|a, b| crate::catalog::cmp_ids(a, b));
        unused.dedup();
        problems.push(
            Problem::note(
                "relpolicy::policy::unused",
                format!(
                    "{} lists fewer requirements than the library decides; the policies for {} are not used",
                    catalog.file.name(),
                    unused.join(", ")
                ),
            )
            .help("catalogue them to evaluate them; to leave requirements out for a kind of service with a reason in every report, use a profile (--profile)"),
        );
    }
    kept
}

/// Decide what a file is, or why it cannot be used.
fn classify(file: &SourceFile) -> Result<Parsed, Problem> {
    let header = metadata::parse_header(file)?;
    let Some((package, package_span)) = header.package else {
        return Err(Problem::error(
            "relpolicy::policy::no_package",
            format!("{} has no package statement", file.name()),
        )
        .help("every Rego file starts with `package <name>`"));
    };
    if !engine::is_plain_package(&package)
        || package.split('.').next() == Some(engine::VERDICT_PACKAGE)
    {
        return Err(Problem::error(
            "relpolicy::policy::bad_package",
            format!("package `{package}` cannot be used"),
        )
        .in_file(file)
        .label(package_span, "this package")
        .help(format!(
            "use dotted identifiers such as relpolicy.req_24; `{}` is reserved for relpolicy",
            engine::VERDICT_PACKAGE
        )));
    }
    let claim = header
        .metadata
        .and_then(|m| m.requirement.clone().map(|r| (r, m)));
    let Some(((requirement, span), metadata)) = claim else {
        if package == LIBRARY_PACKAGE || package.starts_with(&format!("{LIBRARY_PACKAGE}.")) {
            return Ok(Parsed {
                file: file.clone(),
                package,
                package_span,
                kind: Kind::Library,
            });
        }
        return Err(Problem::error(
            "relpolicy::policy::no_requirement",
            format!("{} names no requirement", file.name()),
        )
        .in_file(file)
        .label(package_span, "this package")
        .help(format!(
            "add a `# METADATA` block with `custom.requirement: <ID>` above the package, or move shared helpers into a `{LIBRARY_PACKAGE}.*` package"
        )));
    };
    if metadata.evidence.is_empty() {
        return Err(Problem::error(
            "relpolicy::policy::no_evidence",
            format!("the policy for {requirement} declares no evidence"),
        )
        .in_file(file)
        .label(metadata.span, "METADATA without custom.evidence")
        .help("list the evidence the verdict rests on under custom.evidence (e.g. [/approvals]); without it an empty document could pass"));
    }
    Ok(Parsed {
        file: file.clone(),
        package,
        package_span,
        kind: Kind::Policy {
            requirement,
            span,
            metadata: Box::new(metadata),
        },
    })
}

fn compile_problem(err: &engine::RegoError, files: &[SourceFile], requirement: &str) -> Problem {
    let problem = Problem::error(
        "relpolicy::policy::compile",
        format!(
            "the policy for {requirement} does not compile: {}",
            err.message
        ),
    )
    .help("fix the Rego at the marked position; the requirement is reported as `error` until then");
    at_rego_error(problem, err, files)
}

/// `problem` underlined where regorus's error points, when that file is among `files`.
pub(crate) fn at_rego_error<'a>(
    problem: Problem,
    err: &engine::RegoError,
    files: impl IntoIterator<Item = &'a SourceFile>,
) -> Problem {
    let file = err
        .file
        .as_deref()
        .and_then(|name| files.into_iter().find(|f| f.name() == name));
    match file.and_then(|f| err.offset_in(f).map(|o| (f, o))) {
        Some((file, offset)) => problem
            .in_file(file)
            .label((offset, 0), err.message.clone()),
        None => problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = "catalog_version: 1\nrequirements:\n\
        - {id: REQ-1, title: One, statement: s, category: c, source: {document: d}}\n\
        - {id: REQ-2, title: Two, statement: s, category: c, source: {document: d}}\n";

    fn policy(id: &str, body: &str) -> String {
        format!(
            "# METADATA\n# custom:\n#   requirement: {id}\n#   evidence: [/release]\npackage p_{}\n\n{body}\n",
            id.replace('-', "_")
        )
    }

    fn load(files: &[(&str, String)]) -> (PolicySet, Vec<Problem>) {
        load_in_parts(files, 1)
    }

    fn load_in_parts(files: &[(&str, String)], parts: usize) -> (PolicySet, Vec<Problem>) {
        let rego: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let library = Library::for_tests(CATALOG, Some("limit: 2\n"), &rego, &[]);
        let catalog = Catalog::parse(library.catalog.clone()).unwrap();
        PolicySet::load_in_parts(
            &library,
            &catalog,
            Phase::PreDeploy,
            &Limits::DEFAULT,
            parts,
        )
    }

    fn codes(problems: &[Problem]) -> Vec<&'static str> {
        problems.iter().map(Problem::code).collect()
    }

    #[test]
    fn policies_see_libraries_params_and_the_phase() {
        let lib = "package relpolicy.lib.util\n\nsmall(n) if n <= data.relpolicy.params.limit\n"
            .to_owned();
        let p = policy(
            "REQ-1",
            "import data.relpolicy.lib.util\n\nsatisfied if {\n  util.small(input.n)\n  data.relpolicy.run.phase == \"pre-deploy\"\n}",
        );
        let (set, problems) = load(&[("lib/util.rego", lib), ("lib/req1.rego", p)]);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(matches!(set.get("REQ-1"), Some(Slot::Policy(_))));
        let input = Input::new(serde_json::json!({"n": 2}));
        assert!(
            set.evaluate(&input, &["REQ-1"])["REQ-1"]
                .as_ref()
                .unwrap()
                .satisfied
        );
        assert!(set.get("REQ-2").is_none());
        assert_eq!(set.files.len(), 2);
    }

    #[test]
    fn the_builtin_library_loads_cleanly_and_covers_its_catalogue() {
        let library = Library::read(&Sources::builtin()).unwrap();
        let catalog = Catalog::parse(library.catalog.clone()).unwrap();
        for phase in [Phase::PreDeploy, Phase::PostDeploy] {
            let (set, problems) = PolicySet::load(&library, &catalog, phase, &Limits::DEFAULT);
            assert!(
                problems.is_empty(),
                "{}",
                crate::diagnostics::render_plain(&problems)
            );
            let ids: Vec<&str> = catalog.requirements.iter().map(|r| r.id.as_str()).collect();
            // Every bundled policy evaluates an empty document without error and without passing.
            let results = set.evaluate(&Input::new(serde_json::json!({})), &ids);
            for id in ids {
                let verdict = results[id].as_ref().unwrap_or_else(|e| panic!("{id}: {e}"));
                assert!(!verdict.satisfied, "{id} is satisfied by nothing");
            }
        }
    }

    #[test]
    fn a_failing_policy_is_isolated_from_the_others_at_evaluation_in_any_number_of_parts() {
        let fine = policy("REQ-1", "satisfied if input.n > 0");
        let fragile = policy("REQ-2", "satisfied if {\n  x := 1 / input.n\n  x > 0\n}");
        for parts in [1, 2, 3] {
            let files = [
                ("lib/a.rego", fine.clone()),
                ("lib/b.rego", fragile.clone()),
            ];
            let (set, problems) = load_in_parts(&files, parts);
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(set.combined.len(), parts.min(2));
            let results = set.evaluate(
                &Input::new(serde_json::json!({"n": 0})),
                &["REQ-1", "REQ-2"],
            );
            assert!(!results["REQ-1"].as_ref().unwrap().satisfied);
            let err = results["REQ-2"].as_ref().unwrap_err();
            assert!(
                err.contains("lib/b.rego:8:") && err.contains("divide by zero"),
                "{parts}: {err}"
            );
            let results = set.evaluate(
                &Input::new(serde_json::json!({"n": 2})),
                &["REQ-1", "REQ-2"],
            );
            assert!(results.values().all(|r| r.as_ref().unwrap().satisfied));
        }
    }

    /// A policy that reads another's rules must be compiled with it: asked for two parts,
    /// such a library gets one, and the verdict is the one a single engine gives.
    #[test]
    fn policies_that_read_each_other_are_kept_in_one_part() {
        let reader = policy("REQ-1", "satisfied if data.p_REQ_2.flag");
        let read = policy("REQ-2", "flag := true\n\nsatisfied := false");
        let files = [("lib/a.rego", reader), ("lib/b.rego", read)];
        let (set, problems) = load_in_parts(&files, 2);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(set.combined.len(), 1);
        let results = set.evaluate(&Input::new(serde_json::json!({})), &["REQ-1", "REQ-2"]);
        assert!(results["REQ-1"].as_ref().unwrap().satisfied);
        assert!(!results["REQ-2"].as_ref().unwrap().satisfied);
    }

    #[test]
    fn data_paths_are_read_outside_comments_and_strings() {
        let text = "package a.b\n# data.hidden in a comment\nimport data.relpolicy.lib.release as lib\n\
            x := \"data.in.a.string\"\ny := `data.raw # not a comment`\n\
            z := data.other.pkg[k]\nmetadata_x := data\nw := object.get(data, [\"q\"], 1)\n\
            v := input.release.data\nu := input . data.x\n";
        assert_eq!(
            data_paths(text),
            ["relpolicy.lib.release", "other.pkg", "", ""]
        );
    }

    #[test]
    fn a_catalogue_given_apart_selects_requirements_and_the_other_policies_are_a_note() {
        let files = [
            ("lib/a.rego", policy("REQ-1", "satisfied := true")),
            ("lib/b.rego", policy("REQ-7", "satisfied := true")),
            ("lib/c.rego", policy("REQ-3", "satisfied := true")),
        ];
        let rego: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let mut library = Library::for_tests(CATALOG, None, &rego, &[]);
        let catalog = Catalog::parse(library.catalog.clone()).unwrap();
        let (_, problems) = PolicySet::load(&library, &catalog, Phase::PreDeploy, &Limits::DEFAULT);
        assert_eq!(
            codes(&problems),
            [
                "relpolicy::policy::unknown_requirement",
                "relpolicy::policy::unknown_requirement"
            ]
        );
        library.catalog_replaced = true;
        let (set, problems) =
            PolicySet::load(&library, &catalog, Phase::PreDeploy, &Limits::DEFAULT);
        assert_eq!(codes(&problems), ["relpolicy::policy::unused"]);
        assert_eq!(problems[0].severity(), crate::diagnostics::Severity::Note);
        assert!(
            problems[0].message().contains("REQ-3, REQ-7"),
            "{}",
            problems[0].message()
        );
        assert!(matches!(set.get("REQ-1"), Some(Slot::Policy(_))));
        assert!(set.get("REQ-7").is_none());
    }

    #[test]
    fn two_policies_in_one_package_are_refused() {
        let a = policy("REQ-1", "satisfied := true");
        let b = policy("REQ-2", "satisfied := true").replace("package p_REQ_2", "package p_REQ_1");
        let (set, problems) = load(&[("lib/a.rego", a), ("lib/b.rego", b)]);
        assert_eq!(codes(&problems), ["relpolicy::policy::duplicate_package"]);
        assert!(set.get("REQ-2").is_none());
        assert!(
            set.evaluate(&Input::new(serde_json::json!({})), &["REQ-1"])["REQ-1"]
                .as_ref()
                .unwrap()
                .satisfied
        );
    }

    #[test]
    fn load_problems_are_collected_together() {
        let (set, problems) = load(&[
            ("lib/a.rego", policy("REQ-9", "")),
            ("lib/b.rego", "package nothing\n".to_owned()),
            ("lib/c.rego", policy("REQ-1", "")),
            (
                "lib/d.rego",
                policy("REQ-1", "").replace("package p_REQ_1", "package p_REQ_1_again"),
            ),
            (
                "lib/e.rego",
                policy("REQ-2", "deny contains x if {\n  x := input.\n}"),
            ),
            (
                "lib/f.rego",
                "# METADATA\n# custom:\n#   requirement: REQ-2\npackage q\n".to_owned(),
            ),
        ]);
        assert_eq!(
            codes(&problems),
            [
                "relpolicy::policy::no_requirement",
                "relpolicy::policy::no_evidence",
                "relpolicy::policy::unknown_requirement",
                "relpolicy::policy::duplicate_requirement",
                "relpolicy::policy::compile",
            ]
        );
        assert!(matches!(set.get("REQ-1"), Some(Slot::Contested(names)) if names.len() == 2));
        assert!(matches!(set.get("REQ-2"), Some(Slot::Policy(_))));
        let results = set.evaluate(&Input::new(serde_json::json!({})), &["REQ-2"]);
        let err = results["REQ-2"].as_ref().unwrap_err();
        assert!(
            err.starts_with("policy does not compile: lib/e.rego:"),
            "{err}"
        );
        assert_eq!(problems[4].location(), Some(("lib/e.rego".into(), 8)));
    }
}
