//! Policy unit tests, OPA's way: rules named `test_*` in `*_test.rego` files, evaluated
//! against mocks written with `with input as …` and `with data… as …`.
//!
//! Every policy, helper library and test file is loaded into one engine with the library's
//! parameters, so a test sees exactly what `check` sees. A test passes when its rule is
//! defined and not `false`; an undefined rule fails (the mock did not lead where the test
//! expected), and an evaluation error is reported as an error, never as a pass. Rules named
//! `todo_test_*` are listed as skipped. Coverage counts the lines of policies and helper
//! libraries (not of the tests) that the tests evaluated.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::catalog::Phase;
use crate::diagnostics::Problem;
use crate::policy::engine::{self, FileCoverage, RegoError, Suite};
use crate::policy::{Library, metadata, policy_data};
use crate::source::SourceFile;

/// How one test ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestStatus {
    Pass,
    /// The rule was undefined or false.
    Fail,
    /// Evaluation stopped with an error (`file:line:col: message`).
    Error(String),
    /// A `todo_test_*` rule: listed, not run.
    Skip,
}

/// One test rule and its result.
#[derive(Clone, Debug)]
pub struct TestResult {
    pub file: String,
    pub line: usize,
    pub package: String,
    pub name: String,
    pub status: TestStatus,
    /// What `print()` wrote while the test ran, each line prefixed with `file:line:`.
    pub prints: Vec<String>,
}

/// Coverage of one policy or library file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub file: String,
    pub covered: usize,
    pub not_covered: Vec<u32>,
}

impl Coverage {
    pub fn lines(&self) -> usize {
        self.covered + self.not_covered.len()
    }

    /// Percentage of lines covered; a file without evaluable lines counts as fully covered.
    pub fn percent(&self) -> f64 {
        percent(self.covered, self.lines())
    }
}

/// Percentage `part` of `whole`, 100 for an empty whole.
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        // Line counts are far below 2^52: the conversions are exact.
        #[allow(clippy::cast_precision_loss)]
        let p = part as f64 * 100.0 / whole as f64;
        p
    }
}

/// A whole test run.
#[derive(Clone, Debug, Default)]
pub struct TestRun {
    pub results: Vec<TestResult>,
    /// Per policy and library file, by path; `None` when coverage was not asked for.
    pub coverage: Option<Vec<Coverage>>,
    /// Files that could not be loaded, and other problems that stop tests from running.
    pub problems: Vec<Problem>,
}

impl TestRun {
    pub fn count(&self, status: fn(&TestStatus) -> bool) -> usize {
        self.results.iter().filter(|r| status(&r.status)).count()
    }

    /// Lines covered and evaluable over every file.
    pub fn total_coverage(&self) -> Option<(usize, usize)> {
        self.coverage.as_ref().map(|files| {
            files
                .iter()
                .fold((0, 0), |(c, l), f| (c + f.covered, l + f.lines()))
        })
    }
}

/// What to run.
#[derive(Clone, Debug, Default)]
pub struct Options<'a> {
    /// Run only tests whose `package.rule` name contains this text.
    pub filter: Option<&'a str>,
    pub coverage: bool,
    /// The time one test may run and the `print()` output it may write.
    pub limits: crate::limits::Limits,
}

/// Run every test of `library`.
pub fn run(library: &Library, options: &Options<'_>) -> TestRun {
    let mut run = TestRun::default();
    let params = library.params_json().unwrap_or_else(|p| {
        run.problems.push(p);
        serde_json::json!({})
    });
    if library.tests.is_empty() {
        run.problems.push(
            Problem::error(
                "relpolicy::test::none",
                format!("{} has no test files", library.origin),
            )
            .help("policy tests live in files ending in _test.rego next to the policies (docs/policies.md)"),
        );
        return run;
    }
    let files: Vec<&SourceFile> = library.rego.iter().chain(&library.tests).collect();
    let (mut suite, errors) = Suite::new(
        &files,
        &policy_data(params, Phase::PostDeploy),
        options.coverage,
    );
    for err in &errors {
        run.problems.push(rego_problem(err, &files));
    }
    if !errors.is_empty() {
        return run;
    }

    let packages: BTreeMap<&str, String> = library
        .tests
        .iter()
        .filter_map(|f| {
            let header = metadata::parse_header(f).ok()?;
            Some((f.name(), header.package?.0))
        })
        .collect();
    let rules = match suite.rules() {
        Ok(rules) => rules,
        Err(err) => {
            run.problems.push(rego_problem(&err, &files));
            return run;
        }
    };
    for rule in rules {
        let Some(package) = packages.get(rule.file.as_str()) else {
            continue;
        };
        let todo = rule.name.starts_with("todo_test_");
        if rule.function || !(rule.name.starts_with("test_") || todo) {
            continue;
        }
        let full = format!("{package}.{}", rule.name);
        if options.filter.is_some_and(|f| !full.contains(f)) {
            continue;
        }
        let (status, prints) = if todo {
            (TestStatus::Skip, Vec::new())
        } else {
            let (value, prints) =
                suite.eval(package, &rule.name, engine::Bounds::of(&options.limits));
            let status = match value {
                Ok(Some(Value::Bool(false)) | None) => TestStatus::Fail,
                Ok(Some(_)) => TestStatus::Pass,
                Err(err) => TestStatus::Error(err.located()),
            };
            (status, prints)
        };
        run.results.push(TestResult {
            file: rule.file,
            line: rule.line,
            package: package.clone(),
            name: rule.name,
            status,
            prints,
        });
    }
    if run.results.is_empty() {
        let what = options
            .filter
            .map_or_else(String::new, |f| format!(" matching `{f}`"));
        run.problems.push(
            Problem::error(
                "relpolicy::test::none",
                format!("no tests{what} were found in {}", library.origin),
            )
            .help("a test is a rule whose name starts with test_, in a file ending in _test.rego"),
        );
    }
    if options.coverage {
        match suite.coverage() {
            Ok(files) => run.coverage = Some(library_coverage(library, files)),
            Err(err) => run.problems.push(rego_problem(&err, &files)),
        }
    }
    run
}

/// Coverage of the policy and library files only, by path.
fn library_coverage(library: &Library, files: Vec<FileCoverage>) -> Vec<Coverage> {
    let mut by_file: BTreeMap<String, Coverage> = library
        .rego
        .iter()
        .map(|f| {
            let name = f.name().to_owned();
            let empty = Coverage {
                file: name.clone(),
                covered: 0,
                not_covered: Vec::new(),
            };
            (name, empty)
        })
        .collect();
    for f in files {
        if let Some(entry) = by_file.get_mut(&f.file) {
            entry.covered = f.covered.len();
            entry.not_covered = f.not_covered;
        }
    }
    by_file.into_values().collect()
}

/// A Rego error as a problem, underlined in its file when relpolicy has that file.
pub fn rego_problem(err: &RegoError, files: &[&SourceFile]) -> Problem {
    let problem = Problem::error(
        "relpolicy::test::load",
        format!("cannot load the policies and tests: {}", err.located()),
    )
    .help("fix the Rego at the marked position");
    crate::policy::at_rego_error(problem, err, files.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(rego: &[(&str, &str)], tests: &[(&str, &str)]) -> Library {
        Library::for_tests(
            "catalog_version: 1\nrequirements: []\n",
            Some("limit: 2\n"),
            rego,
            tests,
        )
    }

    const POLICY: &str = "package p\n\ndeny contains \"big\" if input.n > data.relpolicy.params.limit\n\nsmall if {\n\tinput.n < 1\n\tprint(\"small\", input.n)\n}\n";

    #[test]
    fn tests_pass_fail_error_and_skip_with_prints_and_coverage() {
        let tests = "package p_test\n\nimport data.p\n\n\
            test_big_is_denied if p.deny == {\"big\"} with input as {\"n\": 3}\n\n\
            test_limit_comes_from_params if count(p.deny) == 0 with input as {\"n\": 2}\n\n\
            test_wrong if {\n\tprint(\"looking at\", 5)\n\tp.small with input as {\"n\": 5}\n}\n\n\
            test_broken if 1 / input.zero with input as {\"zero\": 0}\n\n\
            todo_test_later if false\n\n\
            helper(x) := x\n";
        let lib = library(&[("lib/p.rego", POLICY)], &[("lib/p_test.rego", tests)]);
        let run = run(
            &lib,
            &Options {
                filter: None,
                coverage: true,
                ..Options::default()
            },
        );
        assert!(run.problems.is_empty(), "{:?}", run.problems);
        let got: Vec<(&str, usize, &TestStatus)> = run
            .results
            .iter()
            .map(|r| (r.name.as_str(), r.line, &r.status))
            .collect();
        assert_eq!(got[0], ("test_big_is_denied", 5, &TestStatus::Pass));
        assert_eq!(
            got[1],
            ("test_limit_comes_from_params", 7, &TestStatus::Pass)
        );
        assert_eq!(got[2], ("test_wrong", 9, &TestStatus::Fail));
        assert!(
            matches!(got[3].2, TestStatus::Error(e) if e.starts_with("lib/p_test.rego:14:") && e.contains("divide by zero")),
            "{:?}",
            got[3]
        );
        assert_eq!(got[4], ("todo_test_later", 16, &TestStatus::Skip));
        assert_eq!(got.len(), 5, "functions are not tests");
        assert_eq!(run.results[2].prints, ["lib/p_test.rego:10: looking at 5"]);

        let coverage = run.coverage.as_ref().unwrap();
        assert_eq!(coverage.len(), 1, "test files are not counted");
        assert_eq!(coverage[0].file, "lib/p.rego");
        // `small`'s body stopped at its first line: the print was never reached.
        assert_eq!(coverage[0].not_covered, [7]);
        assert_eq!(run.total_coverage(), Some((2, 3)));
    }

    #[test]
    fn a_filter_selects_tests_and_no_match_is_an_error() {
        let tests = "package p_test\n\nimport data.p\n\ntest_a if true\n\ntest_b if true\n";
        let lib = library(&[("lib/p.rego", POLICY)], &[("lib/p_test.rego", tests)]);
        let only_b = run(
            &lib,
            &Options {
                filter: Some("p_test.test_b"),
                coverage: false,
                ..Options::default()
            },
        );
        assert_eq!(only_b.results.len(), 1);
        assert!(only_b.coverage.is_none());
        let none = run(
            &lib,
            &Options {
                filter: Some("nothing"),
                coverage: false,
                ..Options::default()
            },
        );
        assert_eq!(none.problems[0].code(), "relpolicy::test::none");
    }

    #[test]
    fn a_test_file_that_does_not_parse_stops_the_run_at_its_line() {
        let lib = library(
            &[("lib/p.rego", POLICY)],
            &[(
                "lib/p_test.rego",
                "package p_test\n\ntest_x if {\n  x := \n}\n",
            )],
        );
        let run = run(&lib, &Options::default());
        assert!(run.results.is_empty());
        assert_eq!(run.problems[0].code(), "relpolicy::test::load");
        assert_eq!(
            run.problems[0].location(),
            Some(("lib/p_test.rego".into(), 4))
        );
        let empty = super::run(
            &library(&[("lib/p.rego", POLICY)], &[]),
            &Options::default(),
        );
        assert_eq!(empty.problems[0].code(), "relpolicy::test::none");
    }
}
