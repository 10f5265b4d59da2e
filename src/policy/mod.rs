//! Policies: loading a library, compiling one policy per requirement, evaluating them.
//!
//! Each `.rego` file is either a requirement policy (its package `# METADATA`
//! names a catalogued requirement under `custom.requirement`) or a helper
//! library (a package under `relpolicy.lib`, shared by every policy). Every
//! policy is compiled once, with all libraries and the policy data, into its
//! own engine; see `engine` for why. Problems found while loading are
//! returned together; the requirements they touch become `error` rows.

pub mod engine;
pub mod finding;
pub mod library;
pub mod metadata;

use std::collections::BTreeMap;
use std::time::Duration;

use miette::SourceSpan;
use serde_json::json;

pub use engine::Input;
pub use finding::{Finding, Verdict};
pub use library::{Library, LibrarySource};
pub use metadata::{Metadata, Severity};

use crate::catalog::{Catalog, Phase};
use crate::diagnostics::Problem;
use crate::manifest::FileDigest;
use crate::source::SourceFile;

/// Packages under this prefix are helper libraries, not requirement policies.
pub const LIBRARY_PACKAGE: &str = "relpolicy.lib";

/// How long one policy may take on one document before it is stopped as an error.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// A requirement's policy, compiled (or not).
#[derive(Clone, Debug)]
pub struct Policy {
    pub requirement: String,
    pub file: SourceFile,
    pub package: String,
    pub metadata: Metadata,
    compiled: Result<engine::Compiled, engine::RegoError>,
}

impl Policy {
    /// Evaluate against one document. The error says what went wrong and where.
    pub fn evaluate(&self, input: &Input) -> Result<Verdict, String> {
        let compiled = self
            .compiled
            .as_ref()
            .map_err(|e| format!("policy does not compile: {}", e.located()))?;
        let value = compiled
            .eval(input)
            .map_err(|e| format!("policy failed: {}", e.located()))?;
        Verdict::from_json(&value).map_err(|e| format!("policy {}: {e}", self.file.name()))
    }
}

/// What the library provides for one requirement.
#[derive(Clone, Debug)]
pub enum Slot {
    Policy(Box<Policy>),
    /// More than one policy claims the requirement: none of them is trusted.
    Contested(Vec<String>),
}

/// Every requirement policy of a library, by requirement ID.
#[derive(Clone, Debug, Default)]
pub struct PolicySet {
    slots: BTreeMap<String, Slot>,
    /// Every policy and library file loaded, for the manifest.
    pub files: Vec<FileDigest>,
}

enum Kind {
    Policy {
        requirement: String,
        span: SourceSpan,
        metadata: Metadata,
    },
    Library,
}

struct Parsed {
    file: SourceFile,
    package: String,
    kind: Kind,
}

impl PolicySet {
    /// Load and compile the library's policies against `catalog`. The run's phase is
    /// visible to policies as `data.relpolicy.run.phase`.
    pub fn load(library: &Library, catalog: &Catalog, phase: Phase) -> (Self, Vec<Problem>) {
        engine::set_time_limit(TIME_LIMIT);
        let mut problems = Vec::new();
        let params = library.params_json().unwrap_or_else(|p| {
            problems.push(p);
            json!({})
        });
        let data = json!({"relpolicy": {"params": params, "run": {"phase": phase.as_str()}}});

        let parsed: Vec<Parsed> = library
            .rego
            .iter()
            .filter_map(|file| classify(file, catalog).map_err(|p| problems.push(p)).ok())
            .collect();
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
                    let mut problem = Problem::error(
                        "relpolicy::policy::duplicate_requirement",
                        format!(
                            "{requirement} is claimed by {} policies: {}",
                            names.len(),
                            names.join(", ")
                        ),
                    )
                    .in_file(&claimants[1].0)
                    .label(claimants[1].1, "claimed again here");
                    problem = problem.help(format!(
                        "one policy decides one requirement; merge the rules into {} or change the requirement one of them names",
                        names[0]
                    ));
                    problems.push(problem);
                    slots.insert(requirement, Slot::Contested(names));
                }
                continue;
            }
            let compiled = engine::compile(&libraries, &p.file, &p.package, &data);
            if let Err(err) = &compiled {
                problems.push(compile_problem(err, &library.rego, &requirement));
            }
            slots.insert(
                requirement.clone(),
                Slot::Policy(Box::new(Policy {
                    requirement,
                    file: p.file,
                    package: p.package,
                    metadata,
                    compiled,
                })),
            );
        }
        let files = library
            .rego
            .iter()
            .map(|f| FileDigest::of(f.name(), f.text().as_bytes()))
            .collect();
        (Self { slots, files }, problems)
    }

    /// The library's answer for a requirement, if it has one.
    pub fn get(&self, requirement: &str) -> Option<&Slot> {
        self.slots.get(requirement)
    }
}

/// Decide what a file is, or why it cannot be used.
fn classify(file: &SourceFile, catalog: &Catalog) -> Result<Parsed, Problem> {
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
    if catalog.get(&requirement).is_none() {
        return Err(Problem::error(
            "relpolicy::policy::unknown_requirement",
            format!(
                "{} names requirement {requirement}, which is not in the catalogue",
                file.name()
            ),
        )
        .in_file(file)
        .label(span, "not catalogued")
        .help(format!(
            "add {requirement} to {} or correct the ID",
            catalog.file.name()
        )));
    }
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
        kind: Kind::Policy {
            requirement,
            span,
            metadata,
        },
    })
}

fn compile_problem(err: &engine::RegoError, files: &[SourceFile], requirement: &str) -> Problem {
    let mut problem = Problem::error(
        "relpolicy::policy::compile",
        format!(
            "the policy for {requirement} does not compile: {}",
            err.message
        ),
    )
    .help("fix the Rego at the marked position; the requirement is reported as `error` until then");
    let file = err
        .file
        .as_deref()
        .and_then(|name| files.iter().find(|f| f.name() == name));
    if let Some((file, offset)) = file.and_then(|f| err.offset_in(f).map(|o| (f, o))) {
        problem = problem
            .in_file(file)
            .label((offset, 0), err.message.clone());
    }
    problem
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
        let library = Library {
            origin: "lib".into(),
            catalog: SourceFile::new("lib/catalog.yaml", CATALOG),
            params: Some(SourceFile::new("lib/params.yaml", "limit: 2\n")),
            rego: files
                .iter()
                .map(|(n, t)| SourceFile::new(*n, t.clone()))
                .collect(),
            tests: Vec::new(),
        };
        let catalog = Catalog::parse(library.catalog.clone()).unwrap();
        PolicySet::load(&library, &catalog, Phase::PreDeploy)
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
        let Some(Slot::Policy(policy)) = set.get("REQ-1") else {
            panic!("no policy")
        };
        let input = Input::new(serde_json::json!({"n": 2}));
        assert!(policy.evaluate(&input).unwrap().satisfied);
        assert!(set.get("REQ-2").is_none());
        assert_eq!(set.files.len(), 2);
    }

    #[test]
    fn the_builtin_library_loads_cleanly_and_covers_its_catalogue() {
        let library = Library::read(&LibrarySource::Builtin, None).unwrap();
        let catalog = Catalog::parse(library.catalog.clone()).unwrap();
        for phase in [Phase::PreDeploy, Phase::PostDeploy] {
            let (set, problems) = PolicySet::load(&library, &catalog, phase);
            assert!(
                problems.is_empty(),
                "{}",
                crate::diagnostics::render_plain(&problems)
            );
            for requirement in &catalog.requirements {
                let Some(Slot::Policy(policy)) = set.get(&requirement.id) else {
                    panic!("no policy for {}", requirement.id)
                };
                // Every bundled policy evaluates an empty document without error and without passing.
                let verdict = policy.evaluate(&Input::new(serde_json::json!({}))).unwrap();
                assert!(
                    !verdict.satisfied,
                    "{} is satisfied by nothing",
                    requirement.id
                );
            }
        }
    }

    #[test]
    fn load_problems_are_collected_together() {
        let (set, problems) = load(&[
            ("lib/a.rego", policy("REQ-9", "")),
            ("lib/b.rego", "package nothing\n".to_owned()),
            ("lib/c.rego", policy("REQ-1", "")),
            ("lib/d.rego", policy("REQ-1", "")),
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
                "relpolicy::policy::unknown_requirement",
                "relpolicy::policy::no_requirement",
                "relpolicy::policy::no_evidence",
                "relpolicy::policy::duplicate_requirement",
                "relpolicy::policy::compile",
            ]
        );
        assert!(matches!(set.get("REQ-1"), Some(Slot::Contested(names)) if names.len() == 2));
        let Some(Slot::Policy(broken)) = set.get("REQ-2") else {
            panic!("REQ-2 not loaded")
        };
        let err = broken
            .evaluate(&Input::new(serde_json::json!({})))
            .unwrap_err();
        assert!(
            err.starts_with("policy does not compile: lib/e.rego:"),
            "{err}"
        );
        assert_eq!(problems[4].location(), Some(("lib/e.rego".into(), 8)));
    }
}
