//! `relpolicy lint`: what a compliance team should fix in a policy library before it decides
//! a release.
//!
//! Everything `check` refuses when loading a library is reported here too (files that do not
//! parse, unknown or doubly claimed requirement IDs, policies without evidence), plus what
//! `check` tolerates but a maintained library should not have:
//! - a catalogued requirement without a policy (`check` reports it as `error` on every run);
//! - metadata without the fields reports and auditors read (title, description, severity,
//!   remediation);
//! - a declared evidence pointer the evidence schema does not have (the requirement could never
//!   be evaluated: it would be `missing_evidence` forever);
//! - a policy that reads another requirement's policy (verdicts would be coupled: one
//!   requirement's fix would silently change another's verdict);
//! - a policy that errors on an empty document (regorus reports unknown functions and type
//!   errors only when evaluating);
//! - a profile that leaves out a critical requirement (`check --profile` refuses it);
//! - a policy no test file mentions (a warning).

use crate::catalog::{Catalog, Phase};
use crate::diagnostics::Problem;
use crate::policy::{Input, Library, PolicySet};

/// Lint results: problems in file order, and what was looked at.
#[derive(Debug, Default)]
pub struct Lint {
    pub problems: Vec<Problem>,
    pub requirements: usize,
    pub policies: usize,
}

/// Lint `library`. A catalogue that cannot be read ends the lint with its problems.
pub fn lint(library: &Library) -> Lint {
    let catalog = match Catalog::parse(library.catalog.clone()) {
        Ok(catalog) => catalog,
        Err(problems) => {
            return Lint {
                problems,
                ..Lint::default()
            };
        }
    };
    let (set, mut problems) = PolicySet::load(
        library,
        &catalog,
        Phase::PostDeploy,
        &crate::limits::Limits::DEFAULT,
    );

    for requirement in &catalog.requirements {
        if set.get(&requirement.id).is_none() {
            problems.push(
                Problem::error(
                    "relpolicy::lint::no_policy",
                    format!("{} has no policy", requirement.id),
                )
                .in_file(&catalog.file)
                .label(requirement.span, "catalogued here")
                .help(format!(
                    "write a policy whose METADATA names `requirement: {}`, or remove the requirement from the catalogue; until then every check reports it as error",
                    requirement.id
                )),
            );
        }
    }

    for profile in &catalog.profiles {
        problems.extend(crate::checker::profile_problems(&catalog, &set, profile));
    }

    let policies: Vec<_> = set.policies().collect();
    for policy in &policies {
        let m = &policy.metadata;
        let missing: Vec<&str> = [
            ("title", m.title.is_none()),
            ("description", m.description.is_none()),
            ("custom.severity", m.severity.is_none()),
            ("custom.remediation", m.remediation.is_none()),
        ]
        .into_iter()
        .filter_map(|(field, absent)| absent.then_some(field))
        .collect();
        if !missing.is_empty() {
            problems.push(
                Problem::error(
                    "relpolicy::lint::metadata",
                    format!(
                        "the policy for {} lacks {} in its METADATA",
                        policy.requirement,
                        missing.join(", ")
                    ),
                )
                .in_file(&policy.file)
                .label(head(m.span), "METADATA")
                .help("reports show the title and severity, and print the remediation under every failure; auditors read the description"),
            );
        }
        for (pointer, span) in m.evidence.iter().zip(&m.evidence_spans) {
            if crate::schema::describe_evidence(pointer).is_none() {
                problems.push(
                    Problem::error(
                        "relpolicy::lint::evidence",
                        format!(
                            "the policy for {} declares evidence {pointer}, which the evidence schema does not have",
                            policy.requirement
                        ),
                    )
                    .in_file(&policy.file)
                    .label(*span, "not in schemas/evidence.schema.json")
                    .help(match crate::schema::suggest_evidence(pointer) {
                        Some(near) => format!("did you mean {near}? As written the requirement can never be evaluated (docs/evidence.md lists the sections)"),
                        None => "correct the pointer (docs/evidence.md lists the sections); as written the requirement can never be evaluated".to_owned(),
                    }),
                );
            }
        }
        for other in &policies {
            if other.package == policy.package {
                continue;
            }
            let reference = format!("data.{}", other.package);
            if let Some(at) = find_name(policy.file.text(), &reference) {
                problems.push(
                    Problem::error(
                        "relpolicy::lint::cross_reference",
                        format!(
                            "the policy for {} reads the policy for {}",
                            policy.requirement, other.requirement
                        ),
                    )
                    .in_file(&policy.file)
                    .label((at, reference.len()), "another requirement's policy")
                    .help(format!(
                        "move what both need into a helper package under {}; a requirement's verdict must not change when another requirement's policy does",
                        crate::policy::LIBRARY_PACKAGE
                    )),
                );
            }
        }
        // Only a `satisfied` rule makes a pass: without one the requirement can never pass.
        if rule_defined(policy.file.text(), "satisfied").is_none() {
            problems.push(
                Problem::error(
                    "relpolicy::lint::never_passes",
                    format!(
                        "the policy for {} has no `satisfied` rule: it can never pass",
                        policy.requirement
                    ),
                )
                .in_file(&policy.file)
                .label(head(m.span), "this policy")
                .help("add `satisfied if { ... }` that holds when the evidence positively establishes the requirement; an empty `deny` is never a pass (docs/policies.md)"),
            );
        }
        if rule_defined(policy.file.text(), "basis").is_none() {
            problems.push(
                Problem::warning(
                    "relpolicy::lint::no_basis",
                    format!(
                        "the policy for {} does not say what its verdict rests on (no `basis` rule)",
                        policy.requirement
                    ),
                )
                .in_file(&policy.file)
                .label(head(m.span), "this policy")
                .help("add `basis contains b if ...` naming the items and values that decided the verdict (lib.basis_of helps); reports show them beside every verdict, passes included (docs/policies.md)"),
            );
        }
        let tested = library
            .tests
            .iter()
            .any(|t| mentions(t.text(), &policy.package));
        if !tested {
            problems.push(
                Problem::warning(
                    "relpolicy::lint::untested",
                    format!(
                        "no test file mentions the policy for {} (package {})",
                        policy.requirement, policy.package
                    ),
                )
                .in_file(&policy.file)
                .label(head(m.span), "untested policy")
                .help("add a *_test.rego file with test_* rules for it and run `relpolicy test` (docs/policies.md)"),
            );
        }
    }

    let ids: Vec<&str> = policies.iter().map(|p| p.requirement.as_str()).collect();
    let results = set.evaluate(&Input::new(serde_json::json!({})), &ids);
    for policy in &policies {
        if let Some(Err(error)) = results.get(&policy.requirement)
            && !error.starts_with(crate::policy::NOT_COMPILED)
        {
            problems.push(
                Problem::error(
                    "relpolicy::lint::evaluation",
                    format!(
                        "the policy for {} fails on an empty document: {error}",
                        policy.requirement
                    ),
                )
                .in_file(&policy.file)
                .label(head(policy.metadata.span), "this policy")
                .help("a policy must decide any document, including one with no evidence: guard what it reads, and check the names of the functions it calls"),
            );
        }
    }

    problems.sort_by_key(|p| p.location());
    Lint {
        problems,
        requirements: catalog.requirements.len(),
        policies: policies.len(),
    }
}

/// Where a non-default rule named `name` is defined (a line starting with it), if anywhere.
fn rule_defined(text: &str, name: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(name)
            && rest.starts_with([' ', '\t', ':', '=', '{', '[', '\n', '\r'])
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The `# METADATA` line that opens an annotation block: where findings about a whole policy point.
fn head(block: miette::SourceSpan) -> miette::SourceSpan {
    (block.offset(), "# METADATA".len().min(block.len())).into()
}

/// True when `text` names `package` as a whole (`a.b` is not mentioned by `a.bc`).
fn mentions(text: &str, package: &str) -> bool {
    find_name(text, package).is_some()
}

/// Where `text` first names `name` as a whole, not as the start of a longer name
/// (`data.x.req_1` is not in `data.x.req_10`).
fn find_name(text: &str, name: &str) -> Option<usize> {
    text.match_indices(name).map(|(at, _)| at).find(|at| {
        let after = text[at + name.len()..].chars().next();
        !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = "catalog_version: 1\nrequirements:\n\
        - {id: REQ-1, title: One, statement: s, category: c, source: {document: d}}\n\
        - {id: REQ-2, title: Two, statement: s, category: c, source: {document: d}}\n\
        - {id: REQ-3, title: Three, statement: s, category: c, source: {document: d}}\n";

    const FULL: &str = "# METADATA\n# title: One\n# description: d\n# custom:\n#   requirement: REQ-1\n\
        #   severity: low\n#   remediation: r\n#   evidence: [/approvals]\npackage p.req_1\n\n\
        satisfied if count(input.approvals) > 0\n\n\
        basis contains {\"evidence\": \"/approvals\", \"values\": {\"n\": count(input.approvals)}}\n";

    fn library(rego: &[(&str, &str)], tests: &[(&str, &str)]) -> Library {
        Library::for_tests(CATALOG, None, rego, tests)
    }

    fn codes(lint: &Lint) -> Vec<&'static str> {
        lint.problems.iter().map(Problem::code).collect()
    }

    #[test]
    fn a_complete_tested_library_is_clean() {
        let two = FULL.replace("REQ-1", "REQ-2").replace("p.req_1", "p.req_2");
        let three = FULL.replace("REQ-1", "REQ-3").replace("p.req_1", "p.req_3");
        let lint = lint(&library(
            &[
                ("lib/1.rego", FULL),
                ("lib/2.rego", &two),
                ("lib/3.rego", &three),
            ],
            &[(
                "lib/t_test.rego",
                "package t\nimport data.p.req_1\nimport data.p.req_2\nimport data.p.req_3\n",
            )],
        ));
        assert!(lint.problems.is_empty(), "{:?}", codes(&lint));
        assert_eq!((lint.requirements, lint.policies), (3, 3));
    }

    #[test]
    fn every_finding_is_reported_at_its_place() {
        let sparse = "# METADATA\n# custom:\n#   requirement: REQ-2\n#   evidence: [/aprovals]\n\
            package p.req_2\n\nimport data.p.req_1\n\nsatisfied if req_1.satisfied\nbasis := set()\n";
        let broken = FULL
            .replace("REQ-1", "REQ-3")
            .replace("p.req_1", "p.req_3")
            .replace("count(input.approvals) > 0", "nosuch(input.approvals)");
        let lint = lint(&library(
            &[
                ("lib/1.rego", FULL),
                ("lib/2.rego", sparse),
                ("lib/3.rego", &broken),
            ],
            &[("lib/t_test.rego", "package t\nimport data.p.req_1\n")],
        ));
        assert_eq!(
            codes(&lint),
            [
                "relpolicy::lint::metadata",
                "relpolicy::lint::untested",
                "relpolicy::lint::evidence",
                "relpolicy::lint::cross_reference",
                "relpolicy::lint::untested",
                "relpolicy::lint::evaluation",
            ]
        );
        let at = |i: usize| lint.problems[i].location().unwrap();
        assert_eq!(at(2), ("lib/2.rego".into(), 4));
        // A misspelt pointer gets the nearest one the schema has.
        assert!(
            lint.problems[2]
                .help_text()
                .unwrap()
                .contains("did you mean /approvals?"),
            "{:?}",
            lint.problems[2].help_text()
        );
        assert_eq!(at(3), ("lib/2.rego".into(), 7));
        assert!(
            lint.problems[0]
                .message()
                .contains("title, description, custom.severity, custom.remediation")
        );
        assert!(
            lint.problems[5].message().contains("nosuch"),
            "{}",
            lint.problems[5].message()
        );
    }

    #[test]
    fn a_policy_that_can_never_pass_is_an_error_and_one_without_a_basis_a_warning() {
        let never = FULL.replace("satisfied if", "deny contains \"x\" if");
        let bare = FULL
            .replace("REQ-1", "REQ-2")
            .replace("p.req_1", "p.req_2")
            .split("\n\nbasis")
            .next()
            .unwrap()
            .to_owned();
        let three = FULL.replace("REQ-1", "REQ-3").replace("p.req_1", "p.req_3");
        let lint = lint(&library(
            &[
                ("lib/1.rego", &never),
                ("lib/2.rego", &bare),
                ("lib/3.rego", &three),
            ],
            &[(
                "lib/t_test.rego",
                "package t\nimport data.p.req_1\nimport data.p.req_2\nimport data.p.req_3\n",
            )],
        ));
        assert_eq!(
            codes(&lint),
            ["relpolicy::lint::never_passes", "relpolicy::lint::no_basis"]
        );
        assert_eq!(
            lint.problems[0].severity(),
            crate::diagnostics::Severity::Error
        );
        assert_eq!(
            lint.problems[1].severity(),
            crate::diagnostics::Severity::Warning
        );
    }

    #[test]
    fn a_catalogued_requirement_without_a_policy_is_named_in_the_catalogue() {
        let lint = lint(&library(
            &[("lib/1.rego", FULL)],
            &[("lib/t_test.rego", "package t\nimport data.p.req_1\n")],
        ));
        let located: Vec<_> = lint
            .problems
            .iter()
            .map(|p| (p.code(), p.location().unwrap()))
            .collect();
        assert_eq!(
            located,
            [
                ("relpolicy::lint::no_policy", ("lib/catalog.yaml".into(), 4)),
                ("relpolicy::lint::no_policy", ("lib/catalog.yaml".into(), 5)),
            ]
        );
        assert!(mentions("import data.p.req_1\n", "p.req_1"));
        assert!(!mentions("import data.p.req_10\n", "p.req_1"));
    }
}
