//! The only module that sees regorus: compile a policy once, evaluate it per document.
//!
//! Each requirement's policy is compiled into its own [`Compiled`] (with the
//! shared library modules and data), so a policy that fails to compile or
//! errors affects only its own requirement. A small generated module collects
//! the policy's `deny`, `warn`, `missing` and `satisfied` rules into one value,
//! so one evaluation computes them all and shared helper rules run once.
//!
//! regorus reports errors as text of the form `--> file:line:col … error: msg`;
//! [`RegoError::parse`] turns that into a location here and nowhere else.

use std::num::NonZeroU32;
use std::sync::Once;
use std::time::Duration;

use crate::source::SourceFile;

/// The package that holds the generated verdict rule; reserved.
pub const VERDICT_PACKAGE: &str = "relpolicy_verdict";

/// A policy compiled with its libraries and data, ready to evaluate many documents.
/// Cheap to clone and shareable between threads.
#[derive(Clone, Debug)]
pub struct Compiled {
    policy: regorus::CompiledPolicy,
}

/// An evidence document converted once for every policy that reads it.
#[derive(Clone, Debug)]
pub struct Input(regorus::Value);

impl Input {
    pub fn new(document: serde_json::Value) -> Self {
        Self(regorus::Value::from(document))
    }
}

/// An error from regorus, with the location it named (if any).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegoError {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl RegoError {
    /// Split regorus's error text into location and message. Columns count bytes
    /// (regorus counts a tab as 4; policies are expected to indent with spaces).
    pub fn parse(text: &str) -> Self {
        let location = text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "));
        let message = text.rsplit_once("error: ").map_or(text, |(_, m)| m);
        // regorus appends its interpreter state to some messages ("var x is unsafe (path
        // [...], scopes [...])"); the location says where, and the state is noise to users.
        let message = message
            .split(" (path [")
            .next()
            .unwrap_or(message)
            .trim()
            .to_owned();
        let mut parsed = Self {
            file: None,
            line: None,
            column: None,
            message,
        };
        if let Some(location) = location {
            // Split from the right: file names may contain ':'.
            let mut parts = location.trim().rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let line = parts.next().and_then(|l| l.parse().ok());
            if let (Some(line), Some(column), Some(file)) = (line, column, parts.next()) {
                parsed.file = Some(file.to_owned());
                parsed.line = Some(line);
                parsed.column = Some(column);
            }
        }
        parsed
    }

    /// The byte offset regorus's line and column name in `file`. regorus counts columns in
    /// bytes, except that a tab counts as 4.
    pub fn offset_in(&self, file: &SourceFile) -> Option<usize> {
        let (line, column) = (self.line?, self.column?);
        let range = file.line_range(line);
        let text = &file.text()[range.clone()];
        let mut col = 1;
        for (i, c) in text.char_indices() {
            if col >= column {
                return Some(range.start + i);
            }
            col += if c == '\t' { 4 } else { c.len_utf8() };
        }
        Some(range.end)
    }

    /// `file:line:col: message`, or the message alone.
    pub fn located(&self) -> String {
        match (&self.file, self.line, self.column) {
            (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}: {}", self.message),
            _ => self.message.clone(),
        }
    }
}

// regorus returns `anyhow::Error`; taking it as Display keeps anyhow out of our dependencies.
fn rego_error(err: &dyn std::fmt::Display) -> RegoError {
    RegoError::parse(&err.to_string())
}

/// Bound every policy evaluation in this process (regorus checks the clock cooperatively).
pub fn set_time_limit(limit: Duration) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        regorus::utils::limits::set_fallback_execution_timer_config(Some(
            regorus::utils::limits::ExecutionTimerConfig {
                limit,
                check_interval: NonZeroU32::new(64).unwrap_or(NonZeroU32::MIN),
            },
        ));
    });
}

/// Compile `policy` (whose package is `package`) together with `libraries` and `data`.
pub fn compile(
    libraries: &[SourceFile],
    policy: &SourceFile,
    package: &str,
    data: &serde_json::Value,
) -> Result<Compiled, RegoError> {
    let mut engine = regorus::Engine::new();
    for file in libraries.iter().chain(std::iter::once(policy)) {
        engine
            .add_policy(file.name().to_owned(), file.text().to_owned())
            .map_err(|e| rego_error(&e))?;
    }
    engine
        .add_policy("<relpolicy verdict>".to_owned(), verdict_module(package))
        .map_err(|e| rego_error(&e))?;
    engine
        .add_data(regorus::Value::from(data.clone()))
        .map_err(|e| rego_error(&e))?;
    let policy = engine
        .compile_with_entrypoint(&format!("data.{VERDICT_PACKAGE}.verdict").into())
        .map_err(|e| rego_error(&e))?;
    Ok(Compiled { policy })
}

/// The rules a policy may define, with the value each takes when undefined.
fn verdict_module(package: &str) -> String {
    format!(
        "package {VERDICT_PACKAGE}\n\n\
         default deny := set()\n\
         deny := data.{package}.deny\n\
         default warn := set()\n\
         warn := data.{package}.warn\n\
         default missing := set()\n\
         missing := data.{package}.missing\n\
         default satisfied := false\n\
         satisfied := data.{package}.satisfied\n\n\
         verdict := {{\"deny\": deny, \"warn\": warn, \"missing\": missing, \"satisfied\": satisfied}}\n"
    )
}

impl Compiled {
    /// Evaluate against one document: `{"deny": …, "warn": …, "missing": …, "satisfied": …}`.
    pub fn eval(&self, input: &Input) -> Result<serde_json::Value, RegoError> {
        let value = self
            .policy
            .eval_with_input(input.0.clone())
            .map_err(|e| rego_error(&e))?;
        if value == regorus::Value::Undefined {
            return Err(RegoError::parse("the policy's verdict is undefined"));
        }
        serde_json::to_value(&value).map_err(|e| RegoError::parse(&e.to_string()))
    }
}

/// True for a package name relpolicy can address: dotted Rego identifiers.
pub fn is_plain_package(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy(text: &str) -> SourceFile {
        SourceFile::new("p.rego", text)
    }

    #[test]
    fn collects_all_rules_in_one_value_with_defaults() {
        let p = policy(
            "package t\n\ndeny contains \"no\" if input.a == 1\nsatisfied if input.a == 2\n",
        );
        let c = compile(&[], &p, "t", &json!({})).unwrap();
        let got = c.eval(&Input::new(json!({"a": 1}))).unwrap();
        assert_eq!(
            got,
            json!({"deny": ["no"], "warn": [], "missing": [], "satisfied": false})
        );
        let got = c.eval(&Input::new(json!({"a": 2}))).unwrap();
        assert_eq!(
            got,
            json!({"deny": [], "warn": [], "missing": [], "satisfied": true})
        );
    }

    #[test]
    fn libraries_and_data_are_visible_to_the_policy() {
        let lib = SourceFile::new(
            "lib.rego",
            "package relpolicy.lib.x\n\nlimit := data.relpolicy.params.limit\n",
        );
        let p =
            policy("package t\n\nimport data.relpolicy.lib.x\n\nsatisfied if input.n <= x.limit\n");
        let c = compile(
            &[lib],
            &p,
            "t",
            &json!({"relpolicy": {"params": {"limit": 3}}}),
        )
        .unwrap();
        assert_eq!(
            c.eval(&Input::new(json!({"n": 3}))).unwrap()["satisfied"],
            json!(true)
        );
        assert_eq!(
            c.eval(&Input::new(json!({"n": 4}))).unwrap()["satisfied"],
            json!(false)
        );
    }

    #[test]
    fn parse_errors_carry_file_line_and_column() {
        let p = policy("package t\n\ndeny contains y if {\n  y := input.\n}\n");
        let err = compile(&[], &p, "t", &json!({})).unwrap_err();
        assert_eq!(err.file.as_deref(), Some("p.rego"));
        assert_eq!(err.line, Some(4));
        assert!(err.located().starts_with("p.rego:4:"), "{}", err.located());
    }

    #[test]
    fn evaluation_errors_carry_their_location() {
        let p = policy("package t\n\ndeny contains x if {\n  x := 1 / input.z\n}\n");
        let c = compile(&[], &p, "t", &json!({})).unwrap();
        let err = c.eval(&Input::new(json!({"z": 0}))).unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (Some(4), "divide by zero")
        );
        let p = policy("package t\n\ndeny contains x if {\n  x := nosuch(input.z)\n}\n");
        let err = compile(&[], &p, "t", &json!({}))
            .unwrap()
            .eval(&Input::new(json!({})))
            .unwrap_err();
        assert!(err.message.contains("nosuch"), "{err:?}");
    }

    #[test]
    fn columns_map_to_bytes_with_tabs_counting_four() {
        let file = SourceFile::new("p.rego", "package t\n\tx := é + 1\n");
        let at = |column| {
            RegoError {
                file: None,
                line: Some(2),
                column: Some(column),
                message: String::new(),
            }
            .offset_in(&file)
        };
        assert_eq!(at(1), Some(10)); // the tab itself
        assert_eq!(at(5), Some(11)); // `x`, after a tab counted as 4
        assert_eq!(at(10), Some(16)); // `é` starts at column 10
        assert_eq!(at(12), Some(18)); // after the two bytes of `é`
    }

    #[test]
    fn interpreter_state_is_cut_from_messages() {
        let e = RegoError::parse(
            "--> p.rego:3:7\nerror: var name is unsafe (path [\"p\"], scopes [{\"a\": 1}])",
        );
        assert_eq!(e.message, "var name is unsafe");
    }

    #[test]
    fn errors_without_location_keep_their_text() {
        let e = RegoError::parse("Failed to parse datetime: premature end of input");
        assert_eq!(e.file, None);
        assert_eq!(
            e.located(),
            "Failed to parse datetime: premature end of input"
        );
        let e = RegoError::parse("\n--> C:\\p\\x.rego:3:7\n  |\nerror: boom");
        assert_eq!(
            (e.file.as_deref(), e.line, e.column),
            (Some("C:\\p\\x.rego"), Some(3), Some(7))
        );
    }

    #[test]
    fn plain_packages_are_dotted_identifiers() {
        assert!(is_plain_package("relpolicy.req_24"));
        assert!(!is_plain_package("relpolicy[\"x\"]"));
        assert!(!is_plain_package("a..b"));
        assert!(!is_plain_package("1a"));
    }
}
