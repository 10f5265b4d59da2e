//! The only module that sees regorus: compile policies once, evaluate them per document.
//!
//! [`Base`] holds the shared library modules and data, parsed once. On top of it,
//! [`Base::compile`] builds one [`Compiled`] from any number of policies: a small
//! generated module collects each policy's `deny`, `warn`, `missing` and
//! `satisfied` rules into an array, so one evaluation decides every policy and
//! shared helper rules run once. `policy` compiles all policies together and
//! falls back to one at a time when something fails.
//!
//! regorus reports errors as text of the form `--> file:line:col … error: msg`;
//! [`RegoError::parse`] turns that into a location here and nowhere else.

use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU32;
use std::time::Duration;

use crate::source::{SourceFile, human_bytes, pointer_tokens};

/// The package that holds the generated verdict rule; reserved.
pub const VERDICT_PACKAGE: &str = "relpolicy_verdict";

/// Policies compiled with their libraries and data, ready to evaluate many documents.
/// Shareable between threads; each evaluation works on its own clone of the analysed engine.
#[derive(Clone, Debug)]
pub struct Compiled {
    engine: regorus::Engine,
    count: usize,
}

/// What one evaluation may use: time (checked cooperatively by regorus; `policy` also
/// enforces it from outside), the length of any string in a verdict, and `print()` output.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    pub time: Duration,
    pub message_bytes: usize,
    pub print_bytes: usize,
}

impl Bounds {
    /// The bounds a run's limits set for one evaluation.
    pub fn of(limits: &crate::limits::Limits) -> Self {
        Self {
            time: limits.time,
            message_bytes: limits.message_bytes,
            print_bytes: limits.print_bytes,
        }
    }
}

/// An evidence document converted once for every policy that reads it.
#[derive(Clone, Debug)]
pub struct Input(regorus::Value);

impl Input {
    pub fn new(document: serde_json::Value) -> Self {
        Self(regorus::Value::from(document))
    }

    /// The input as JSON: what an engine evaluating the same policies must be given.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.0).unwrap_or(serde_json::Value::Null)
    }

    /// Convert a document without copying it first (object keys are shared, as regorus does
    /// when it reads JSON text).
    pub fn of(document: &serde_json::Value) -> Self {
        use serde::Deserialize;
        Self(regorus::Value::deserialize(document).unwrap_or(regorus::Value::Undefined))
    }

    /// Parse JSON text straight into an input (no intermediate serde value), or `None` if it
    /// is not JSON.
    pub fn from_json_text(text: &str) -> Option<Self> {
        regorus::Value::from_json_str(text).ok().map(Self)
    }

    /// Set member `key` of the object at JSON pointer `pointer` (through objects and arrays).
    /// Returns false when there is no object there.
    pub fn set(&mut self, pointer: &str, key: &str, value: serde_json::Value) -> bool {
        self.set_value(pointer, key, regorus::Value::from(value))
    }

    /// [`Input::set`] with a value already converted.
    pub fn set_value(&mut self, pointer: &str, key: &str, value: regorus::Value) -> bool {
        let mut node = &mut self.0;
        for token in pointer_tokens(pointer) {
            let next = match node {
                regorus::Value::Array(_) => match token.parse::<usize>() {
                    Ok(i) => node.as_array_mut().ok().and_then(|a| a.get_mut(i)),
                    Err(_) => None,
                },
                _ => node
                    .as_object_mut()
                    .ok()
                    .and_then(|o| o.get_mut(&regorus::Value::from(token.as_str()))),
            };
            let Some(next) = next else {
                return false;
            };
            node = next;
        }
        match node.as_object_mut() {
            Ok(object) => {
                object.insert(regorus::Value::from(key), value);
                true
            }
            Err(_) => false,
        }
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

/// regorus's cooperative timer for one evaluation.
fn timer(limit: Duration) -> regorus::utils::limits::ExecutionTimerConfig {
    regorus::utils::limits::ExecutionTimerConfig {
        limit,
        check_interval: NonZeroU32::new(64).unwrap_or(NonZeroU32::MIN),
    }
}

/// The helper libraries and data, parsed once and shared by every compilation.
#[derive(Clone, Debug)]
pub struct Base {
    engine: regorus::Engine,
}

impl Base {
    /// Parse `libraries` and load `data`. An error names the library that failed.
    pub fn new(libraries: &[SourceFile], data: &serde_json::Value) -> Result<Self, RegoError> {
        let mut engine = regorus::Engine::new();
        for file in libraries {
            engine
                .add_policy(file.name().to_owned(), file.text().to_owned())
                .map_err(|e| rego_error(&e))?;
        }
        engine
            .add_data(regorus::Value::from(data.clone()))
            .map_err(|e| rego_error(&e))?;
        Ok(Self { engine })
    }

    /// Compile `policies` (each a file and its package) on top of the libraries and data, into
    /// one engine whose single evaluation returns every policy's verdict, in order. Fails when
    /// any of them, or the combination, does not compile.
    pub fn compile(&self, policies: &[(&SourceFile, &str)]) -> Result<Compiled, RegoError> {
        let mut engine = self.engine.clone();
        for (file, _) in policies {
            engine
                .add_policy(file.name().to_owned(), file.text().to_owned())
                .map_err(|e| rego_error(&e))?;
        }
        let packages: Vec<&str> = policies.iter().map(|(_, p)| *p).collect();
        engine
            .add_policy("<relpolicy verdict>".to_owned(), verdict_module(&packages))
            .map_err(|e| rego_error(&e))?;
        if let Some(cycle) = call_cycle(&mut engine)? {
            return Err(cycle);
        }
        // Evaluating a rule that reads nothing analyses the modules once and reports what does
        // not compile; the engine keeps the analysis, so every clone made to evaluate a document
        // starts from it. (`compile_with_entrypoint` does the same and then runs the loop
        // hoisting pass a second time: 8.4 against 6.0 ms for the bundled library.)
        engine
            .eval_rule(READY_RULE.to_owned())
            .map_err(|e| rego_error(&e))?;
        Ok(Compiled {
            engine,
            count: policies.len(),
        })
    }
}

/// A cycle of user-defined function calls, as an error at the first function's definition.
///
/// OPA refuses recursion at compile time (`rego_recursion_error`). regorus detects a rule that
/// depends on itself, but a function that calls itself with new arguments (`f(n) := f(n + 1)`)
/// recurses until the stack overflows and the process aborts. relpolicy therefore refuses
/// every call cycle before evaluating, as OPA does: the requirement whose policy has one is an
/// `error`, every other requirement is still decided. Works on regorus's syntax tree
/// (`regorus::unstable`), which is only read here.
fn call_cycle(engine: &mut regorus::Engine) -> Result<Option<RegoError>, RegoError> {
    use regorus::unstable::{Rule, RuleHead};
    let modules = engine.get_modules().clone();
    // Function names, qualified by package (`relpolicy.lib.release.ns`), with where each is
    // first defined.
    let mut defined: BTreeMap<String, regorus::unstable::Span> = BTreeMap::new();
    for module in &modules {
        let Some(package) = ref_path(&module.package.refr) else {
            continue;
        };
        for rule in &module.policy {
            if let Rule::Spec {
                head: RuleHead::Func { refr, .. },
                ..
            } = rule.as_ref()
                && let Some(name) = ref_path(refr)
            {
                defined
                    .entry(format!("{package}.{name}"))
                    .or_insert_with(|| refr.span().clone());
            }
        }
    }
    if defined.is_empty() {
        return Ok(None);
    }
    let mut calls: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for module in &modules {
        let Some(package) = ref_path(&module.package.refr) else {
            continue;
        };
        // `import data.relpolicy.lib.release as lib`: lib → relpolicy.lib.release.
        let mut aliases: BTreeMap<String, String> = BTreeMap::new();
        for import in &module.imports {
            let Some(path) = ref_path(&import.refr) else {
                continue;
            };
            let Some(target) = path.strip_prefix("data.") else {
                continue;
            };
            let alias = match &import.r#as {
                Some(span) => span.text().to_owned(),
                None => target.rsplit('.').next().unwrap_or(target).to_owned(),
            };
            aliases.insert(alias, target.to_owned());
        }
        for rule in &module.policy {
            let Rule::Spec { head, bodies, .. } = rule.as_ref() else {
                continue;
            };
            let RuleHead::Func { refr, assign, .. } = head else {
                continue;
            };
            let Some(name) = ref_path(refr) else { continue };
            let mut called = Vec::new();
            if let Some(assign) = assign {
                called_in_expr(&assign.value, &mut called);
            }
            for body in bodies {
                if let Some(assign) = &body.assign {
                    called_in_expr(&assign.value, &mut called);
                }
                called_in_query(&body.query, &mut called);
            }
            let resolved = called.into_iter().filter_map(|path| {
                let qualified = if let Some(rest) = path.strip_prefix("data.") {
                    rest.to_owned()
                } else {
                    let (first, rest) = path.split_once('.').unwrap_or((&path, ""));
                    match aliases.get(first) {
                        Some(target) if !rest.is_empty() => format!("{target}.{rest}"),
                        _ => format!("{package}.{path}"),
                    }
                };
                defined.contains_key(&qualified).then_some(qualified)
            });
            calls
                .entry(format!("{package}.{name}"))
                .or_default()
                .extend(resolved);
        }
    }
    // Depth-first search for a cycle, in name order so the same cycle is always reported.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    fn visit(
        name: &str,
        calls: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(name) {
            Some(Mark::Done) => return None,
            Some(Mark::Active) => {
                let start = stack.iter().position(|n| n == name).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(name.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(name.to_owned(), Mark::Active);
        stack.push(name.to_owned());
        for callee in calls.get(name).into_iter().flatten() {
            if let Some(cycle) = visit(callee, calls, marks, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        marks.insert(name.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for name in calls.keys() {
        if let Some(cycle) = visit(name, &calls, &mut marks, &mut Vec::new()) {
            let span = &defined[&cycle[0]];
            let shown: Vec<&str> = cycle
                .iter()
                .map(|n| n.rsplit('.').next().unwrap_or(n))
                .collect();
            return Ok(Some(RegoError {
                file: Some(span.source.file().clone()),
                line: usize::try_from(span.line).ok(),
                column: usize::try_from(span.col).ok(),
                message: format!(
                    "function {} calls itself ({}): Rego does not allow recursion, and OPA refuses it too",
                    shown[0],
                    shown.join(" -> ")
                ),
            }));
        }
    }
    Ok(None)
}

/// The dotted name a reference spells (`data.relpolicy.lib.release`, `lib.ns`, `f`), if it is
/// made of names only.
fn ref_path(expr: &regorus::unstable::Expr) -> Option<String> {
    use regorus::unstable::Expr;
    match expr {
        Expr::Var { value, .. } => value.as_string().ok().map(|s| s.to_string()),
        Expr::RefDot { refr, field, .. } => {
            let field = field.1.as_string().ok()?;
            Some(format!("{}.{field}", ref_path(refr)?))
        }
        Expr::RefBrack { refr, index, .. } => match index.as_ref() {
            Expr::String { value, .. } | Expr::RawString { value, .. } => {
                Some(format!("{}.{}", ref_path(refr)?, value.as_string().ok()?))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The names of every function `expr` calls, at any depth.
fn called_in_expr(expr: &regorus::unstable::Expr, out: &mut Vec<String>) {
    use regorus::unstable::Expr;
    match expr {
        Expr::Call { fcn, params, .. } => {
            out.extend(ref_path(fcn));
            called_in_expr(fcn, out);
            params.iter().for_each(|p| called_in_expr(p, out));
        }
        Expr::Array { items, .. } | Expr::Set { items, .. } => {
            items.iter().for_each(|i| called_in_expr(i, out));
        }
        Expr::Object { fields, .. } => {
            for (_, k, v) in fields {
                called_in_expr(k, out);
                called_in_expr(v, out);
            }
        }
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            called_in_expr(term, out);
            called_in_query(query, out);
        }
        Expr::ObjectCompr {
            key, value, query, ..
        } => {
            called_in_expr(key, out);
            called_in_expr(value, out);
            called_in_query(query, out);
        }
        Expr::UnaryExpr { expr, .. } => called_in_expr(expr, out),
        Expr::RefDot { refr, .. } => called_in_expr(refr, out),
        Expr::RefBrack { refr, index, .. } => {
            called_in_expr(refr, out);
            called_in_expr(index, out);
        }
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            called_in_expr(lhs, out);
            called_in_expr(rhs, out);
        }
        Expr::Membership {
            key,
            value,
            collection,
            ..
        } => {
            if let Some(key) = key {
                called_in_expr(key, out);
            }
            called_in_expr(value, out);
            called_in_expr(collection, out);
        }
        _ => {}
    }
}

fn called_in_query(query: &regorus::unstable::Query, out: &mut Vec<String>) {
    use regorus::unstable::Literal;
    for stmt in &query.stmts {
        match &stmt.literal {
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => {
                if let Some(key) = key {
                    called_in_expr(key, out);
                }
                called_in_expr(value, out);
                called_in_expr(collection, out);
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => {
                called_in_expr(expr, out);
            }
            Literal::Every { domain, query, .. } => {
                called_in_expr(domain, out);
                called_in_query(query, out);
            }
            Literal::SomeVars { .. } => {}
        }
        for with in &stmt.with_mods {
            called_in_expr(&with.r#as, out);
        }
    }
}

/// For each package, the rules a policy may define with the value each takes when undefined,
/// gathered into `verdicts`, an array in package order.
fn verdict_module(packages: &[&str]) -> String {
    use std::fmt::Write;
    let mut module = format!("package {VERDICT_PACKAGE}\n\n");
    for (i, package) in packages.iter().enumerate() {
        // Writing into a String cannot fail.
        let _ = write!(
            module,
            "default deny_{i} := set()\n\
             deny_{i} := data.{package}.deny\n\
             default warn_{i} := set()\n\
             warn_{i} := data.{package}.warn\n\
             default missing_{i} := set()\n\
             missing_{i} := data.{package}.missing\n\
             default not_applicable_{i} := set()\n\
             not_applicable_{i} := data.{package}.not_applicable\n\
             default satisfied_{i} := false\n\
             satisfied_{i} := data.{package}.satisfied\n\
             default basis_{i} := set()\n\
             basis_{i} := data.{package}.basis\n\
             verdict_{i} := {{\"deny\": deny_{i}, \"warn\": warn_{i}, \"missing\": missing_{i}, \"not_applicable\": not_applicable_{i}, \"satisfied\": satisfied_{i}, \"basis\": basis_{i}}}\n\n"
        );
    }
    module.push_str("ready := true\n\nverdicts := [\n");
    for i in 0..packages.len() {
        let _ = writeln!(module, "\tverdict_{i},");
    }
    module.push_str("]\n");
    module
}

/// The rule the generated module gathers every verdict in.
const VERDICT_RULE: &str = "data.relpolicy_verdict.verdicts";

/// A rule of the generated module that is true and reads nothing: evaluating it makes regorus
/// analyse the modules (see `Base::compile`).
const READY_RULE: &str = "data.relpolicy_verdict.ready";

impl Compiled {
    /// Evaluate against one document: for each compiled policy, in order,
    /// `{"deny": …, "warn": …, "missing": …, "not_applicable": …, "satisfied": …}`, or why that policy's verdict
    /// cannot be used (a message over the limit). The whole evaluation fails when the engine
    /// does (an error, the time limit) or the policies printed more than allowed.
    pub fn eval(
        &self,
        input: &Input,
        bounds: Bounds,
    ) -> Result<Vec<Result<serde_json::Value, RegoError>>, RegoError> {
        let mut engine = self.engine.clone();
        engine.set_execution_timer_config(timer(bounds.time));
        engine.set_gather_prints(true);
        engine.set_input(input.0.clone());
        let value = engine
            .eval_rule(VERDICT_RULE.to_owned())
            .map_err(|e| rego_error(&e))?;
        let printed: usize = engine
            .take_prints()
            .unwrap_or_default()
            .iter()
            .map(String::len)
            .sum();
        if printed > bounds.print_bytes {
            return Err(RegoError::parse(&format!(
                "the policies printed {} with print(), over the limit of {} (--max-print-kb)",
                human_bytes(printed as u64),
                human_bytes(bounds.print_bytes as u64)
            )));
        }
        let verdicts = match &value {
            regorus::Value::Array(verdicts) if verdicts.len() == self.count => verdicts,
            regorus::Value::Undefined => {
                return Err(RegoError::parse("the policies' verdicts are undefined"));
            }
            _ => {
                return Err(RegoError::parse(
                    "the policies' verdicts have an unexpected shape",
                ));
            }
        };
        Ok(verdicts
            .iter()
            .map(|verdict| {
                // Measured before converting, so an oversized message is never copied.
                let longest = longest_string(verdict, 0);
                if longest > bounds.message_bytes {
                    return Err(RegoError::parse(&format!(
                        "the policy produced a message of {}, over the limit of {} (--max-message-kb)",
                        human_bytes(longest as u64),
                        human_bytes(bounds.message_bytes as u64)
                    )));
                }
                serde_json::to_value(verdict).map_err(|e| RegoError::parse(&e.to_string()))
            })
            .collect())
    }
}

/// The length in bytes of the longest string in `value` (keys included).
fn longest_string(value: &regorus::Value, depth: usize) -> usize {
    // Verdicts are a few levels deep; anything deeper is still measured, to a bound.
    if depth > 64 {
        return 0;
    }
    match value {
        regorus::Value::String(s) => s.len(),
        regorus::Value::Array(items) => items
            .iter()
            .map(|v| longest_string(v, depth + 1))
            .max()
            .unwrap_or(0),
        regorus::Value::Set(items) => items
            .iter()
            .map(|v| longest_string(v, depth + 1))
            .max()
            .unwrap_or(0),
        regorus::Value::Object(members) => members
            .iter()
            .map(|(k, v)| longest_string(k, depth + 1).max(longest_string(v, depth + 1)))
            .max()
            .unwrap_or(0),
        _ => 0,
    }
}

/// Policy unit tests: policies, libraries and test files in one engine, with `print()` output
/// gathered and, on request, line coverage recorded.
#[derive(Debug)]
pub struct Suite {
    engine: regorus::Engine,
}

/// A rule a Rego file defines at its top level: its name and the line of its first definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDef {
    pub file: String,
    pub name: String,
    pub line: usize,
    /// True for functions (`f(x) := ...`), which cannot be run as tests.
    pub function: bool,
}

/// Lines of one file that evaluation reached and did not reach.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileCoverage {
    pub file: String,
    pub covered: Vec<u32>,
    pub not_covered: Vec<u32>,
}

impl Suite {
    /// Parse every file and load `data`. Each file that does not parse is returned with its
    /// error; the rest are loaded.
    pub fn new(
        files: &[&SourceFile],
        data: &serde_json::Value,
        coverage: bool,
    ) -> (Self, Vec<RegoError>) {
        let mut engine = regorus::Engine::new();
        let mut errors = Vec::new();
        for file in files {
            if let Err(e) = engine.add_policy(file.name().to_owned(), file.text().to_owned()) {
                errors.push(rego_error(&e));
            }
        }
        if let Err(e) = engine.add_data(regorus::Value::from(data.clone())) {
            errors.push(rego_error(&e));
        }
        match call_cycle(&mut engine) {
            Ok(Some(cycle)) | Err(cycle) => errors.push(cycle),
            Ok(None) => {}
        }
        engine.set_gather_prints(true);
        engine.set_enable_coverage(coverage);
        (Self { engine }, errors)
    }

    /// Every top-level rule of every loaded file, in file and line order.
    pub fn rules(&self) -> Result<Vec<RuleDef>, RegoError> {
        let ast = self.ast()?;
        let mut defs = Vec::new();
        for module in ast.as_array().into_iter().flatten() {
            let file = module["source"]["file"].as_str().unwrap_or_default();
            for rule in module["ast"]["rules"].as_array().into_iter().flatten() {
                // A rule is {"Spec": {"head": {<kind>: {"refr": {"Var": {"value", "span"}}}}}};
                // heads with dotted names (`a.b := 1`) are not tests and are skipped.
                let Some((kind, head)) = rule["Spec"]["head"]
                    .as_object()
                    .and_then(|h| h.iter().next())
                else {
                    continue;
                };
                let var = &head["refr"]["Var"];
                let (Some(name), Some(line)) =
                    (var["value"].as_str(), var["span"]["line"].as_u64())
                else {
                    continue;
                };
                defs.push(RuleDef {
                    file: file.to_owned(),
                    name: name.to_owned(),
                    line: usize::try_from(line).unwrap_or(usize::MAX),
                    function: kind == "Func",
                });
            }
        }
        defs.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        defs.dedup_by(|a, b| a.file == b.file && a.name == b.name);
        Ok(defs)
    }

    /// Evaluate `data.<package>.<rule>`: `Some(value)` when defined, `None` when undefined;
    /// with the lines `print()` wrote during the evaluation (an error when they exceed the
    /// bound, and then cut to it).
    pub fn eval(
        &mut self,
        package: &str,
        rule: &str,
        bounds: Bounds,
    ) -> (Result<Option<serde_json::Value>, RegoError>, Vec<String>) {
        self.engine.set_execution_timer_config(timer(bounds.time));
        let result = self
            .engine
            .eval_rule(format!("data.{package}.{rule}"))
            .map_err(|e| rego_error(&e))
            .and_then(|value| {
                if value == regorus::Value::Undefined {
                    Ok(None)
                } else {
                    serde_json::to_value(&value)
                        .map(Some)
                        .map_err(|e| RegoError::parse(&e.to_string()))
                }
            });
        let mut prints = self.engine.take_prints().unwrap_or_default();
        let printed: usize = prints.iter().map(String::len).sum();
        if printed > bounds.print_bytes {
            let mut kept = 0;
            prints.retain(|line| {
                kept += line.len();
                kept <= bounds.print_bytes
            });
            let error = RegoError::parse(&format!(
                "the test printed {} with print(), over the limit of {} (--max-print-kb)",
                human_bytes(printed as u64),
                human_bytes(bounds.print_bytes as u64)
            ));
            return (Err(error), prints);
        }
        (result, prints)
    }

    /// Line coverage of every loaded file so far. regorus reports only files that evaluation
    /// entered; a file no test reached is reported here with all its evaluable lines uncovered.
    pub fn coverage(&self) -> Result<Vec<FileCoverage>, RegoError> {
        let report = self
            .engine
            .get_coverage_report()
            .map_err(|e| rego_error(&e))?;
        let mut files: Vec<FileCoverage> = report
            .files
            .into_iter()
            .map(|f| FileCoverage {
                file: f.path.to_string(),
                covered: f.covered.into_iter().collect(),
                not_covered: f.not_covered.into_iter().collect(),
            })
            .collect();
        for (file, lines) in self.evaluable_lines()? {
            if !files.iter().any(|f| f.file == file) {
                files.push(FileCoverage {
                    file,
                    covered: Vec::new(),
                    not_covered: lines.into_iter().collect(),
                });
            }
        }
        Ok(files)
    }

    /// Per file, the lines holding expressions of rule values and bodies: what coverage counts.
    fn evaluable_lines(&self) -> Result<Vec<(String, BTreeSet<u32>)>, RegoError> {
        let ast = self.ast()?;
        let mut out = Vec::new();
        for module in ast.as_array().into_iter().flatten() {
            let mut lines = BTreeSet::new();
            for rule in module["ast"]["rules"].as_array().into_iter().flatten() {
                for (kind, rule) in rule.as_object().into_iter().flatten() {
                    if kind == "Spec" {
                        for (_, head) in rule["head"].as_object().into_iter().flatten() {
                            expression_lines(&head["assign"], &mut lines);
                            expression_lines(&head["key"], &mut lines);
                        }
                        expression_lines(&rule["bodies"], &mut lines);
                    } else {
                        expression_lines(&rule["value"], &mut lines);
                    }
                }
            }
            let file = module["source"]["file"].as_str().unwrap_or_default();
            out.push((file.to_owned(), lines));
        }
        Ok(out)
    }

    fn ast(&self) -> Result<serde_json::Value, RegoError> {
        let ast = self.engine.get_ast_as_json().map_err(|e| rego_error(&e))?;
        serde_json::from_str(&ast).map_err(|e| RegoError::parse(&e.to_string()))
    }
}

/// Lines of every expression node (they carry an `eidx`) under `node`.
fn expression_lines(node: &serde_json::Value, lines: &mut BTreeSet<u32>) {
    match node {
        serde_json::Value::Object(map) => {
            if map.contains_key("eidx")
                && let Some(line) = map
                    .get("span")
                    .and_then(|s| s["line"].as_u64())
                    .and_then(|l| u32::try_from(l).ok())
            {
                lines.insert(line);
            }
            map.values().for_each(|v| expression_lines(v, lines));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| expression_lines(v, lines)),
        _ => {}
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

    const BOUNDS: Bounds = Bounds {
        time: Duration::from_secs(10),
        message_bytes: 64 * 1024,
        print_bytes: 64 * 1024,
    };

    /// Every verdict of an evaluation that must succeed.
    fn run(c: &Compiled, input: &Input) -> Vec<serde_json::Value> {
        c.eval(input, BOUNDS)
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect()
    }

    /// Compile one policy (whose package is `package`) with `libraries` and `data`.
    fn compile(
        libraries: &[SourceFile],
        policy: &SourceFile,
        package: &str,
        data: &serde_json::Value,
    ) -> Result<Compiled, RegoError> {
        Base::new(libraries, data)?.compile(&[(policy, package)])
    }

    fn policy(text: &str) -> SourceFile {
        SourceFile::new("p.rego", text)
    }

    #[test]
    fn collects_all_rules_in_one_value_with_defaults() {
        let p = policy(
            "package t\n\ndeny contains \"no\" if input.a == 1\nsatisfied if input.a == 2\n",
        );
        let c = compile(&[], &p, "t", &json!({})).unwrap();
        let got = run(&c, &Input::new(json!({"a": 1})));
        assert_eq!(
            got,
            [
                json!({"deny": ["no"], "warn": [], "missing": [], "not_applicable": [], "satisfied": false, "basis": []})
            ]
        );
        let got = run(&c, &Input::new(json!({"a": 2})));
        assert_eq!(
            got,
            [
                json!({"deny": [], "warn": [], "missing": [], "not_applicable": [], "satisfied": true, "basis": []})
            ]
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
            run(&c, &Input::new(json!({"n": 3})))[0]["satisfied"],
            json!(true)
        );
        assert_eq!(
            run(&c, &Input::new(json!({"n": 4})))[0]["satisfied"],
            json!(false)
        );
    }

    #[test]
    fn inputs_parsed_from_text_can_be_amended() {
        let mut input = Input::from_json_text(r#"{"a": {"b/c": {"x": 1}}, "l": []}"#).unwrap();
        assert!(input.set("/a/b~1c", "summary", json!({"total": 2})));
        assert!(!input.set("/nope", "summary", json!(1)));
        assert!(!input.set("/l", "summary", json!(1)));
        let p = policy("package t\n\nsatisfied if input.a[\"b/c\"].summary.total == 2\n");
        let c = compile(&[], &p, "t", &json!({})).unwrap();
        assert_eq!(run(&c, &input)[0]["satisfied"], json!(true));
        assert!(Input::from_json_text("{").is_none());
    }

    #[test]
    fn several_policies_compile_into_one_evaluation() {
        let a = SourceFile::new("a.rego", "package a\n\nsatisfied if input.n > 1\n");
        let b = SourceFile::new(
            "b.rego",
            "package b\n\ndeny contains \"small\" if input.n < 5\n",
        );
        let base = Base::new(&[], &json!({})).unwrap();
        let c = base.compile(&[(&a, "a"), (&b, "b")]).unwrap();
        let got = run(&c, &Input::new(json!({"n": 3})));
        assert_eq!(got[0]["satisfied"], json!(true));
        assert_eq!(got[1]["deny"], json!(["small"]));
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
        let err = c.eval(&Input::new(json!({"z": 0})), BOUNDS).unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (Some(4), "divide by zero")
        );
        let p = policy("package t\n\ndeny contains x if {\n  x := nosuch(input.z)\n}\n");
        let err = compile(&[], &p, "t", &json!({}))
            .unwrap()
            .eval(&Input::new(json!({})), BOUNDS)
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
