//! A policy library compiled once and reused for every evidence document.
//!
//! [`Checker::new`] reads the library and catalogue and compiles every policy;
//! [`Checker::check`] then evaluates one document (schema, derivation, matrix).
//! `relpolicy check` uses one checker for one document; benchmarks and batch
//! runs use one per thread for many (it is cheap to clone).

use std::path::PathBuf;

use crate::catalog::{Catalog, Phase, Profile};
use crate::diagnostics::Problem;
use crate::evidence::{Context, Evidence, Prepared};
use crate::manifest::{FileDigest, Manifest, Tool};
use crate::matrix::{Matrix, Settings, Subject};
use crate::policy::{Library, PolicySet, Slot, Sources};
use crate::waiver::Waivers;

/// Evidence prepared for evaluation, with its warnings; or why it could not be read.
pub type Intake = Result<(Prepared, Vec<Problem>), Problem>;

/// Check evidence bytes (named as the user gave them) against the schema and derive the policy
/// input. Needs no policies, so it can run while the library compiles.
pub fn prepare(read: Result<(String, Vec<u8>), Problem>, context: &Context) -> Intake {
    read.and_then(|(name, bytes)| Prepared::from_bytes(&name, bytes, context))
}

/// A compiled policy library for one phase.
#[derive(Clone, Debug)]
pub struct Checker {
    pub library: Library,
    pub catalog: Catalog,
    pub policies: PolicySet,
    pub phase: Phase,
    /// The evaluation time and limits every document is judged with.
    pub context: Context,
    /// Problems found while loading the policies (their requirements become `error` rows).
    pub problems: Vec<Problem>,
    /// The catalogue's profile this run is tailored with.
    pub profile: Option<Profile>,
    /// The waivers this run lays over every matrix.
    pub waivers: Waivers,
}

/// One document's evaluation.
#[derive(Debug)]
pub struct Checked {
    pub matrix: Matrix,
    /// The evidence as evaluated; `None` when it could not be read.
    pub prepared: Option<Prepared>,
    /// Problems with this document: schema violations, replaced summaries, unreadable input.
    pub problems: Vec<Problem>,
}

impl Checker {
    /// Read and compile a library. Fails only when there is no usable catalogue, because
    /// without one there are no rows to report.
    pub fn new(sources: &Sources, phase: Phase, context: Context) -> Result<Self, Vec<Problem>> {
        Self::new_in_parts(sources, phase, context, 1)
    }

    /// [`Checker::new`] for one document on several cores: the policies are compiled and
    /// evaluated in `parts` shares at once (see [`PolicySet::load_in_parts`]). A checker for
    /// many documents is faster as one part, each document on its own core.
    pub fn new_in_parts(
        sources: &Sources,
        phase: Phase,
        context: Context,
        parts: usize,
    ) -> Result<Self, Vec<Problem>> {
        let library = Library::read(sources)?;
        let catalog = Catalog::parse(library.catalog.clone())?;
        let (policies, problems) =
            PolicySet::load_in_parts(&library, &catalog, phase, &context.limits, parts);
        Ok(Self {
            library,
            catalog,
            policies,
            phase,
            context,
            problems,
            profile: None,
            waivers: Waivers::default(),
        })
    }

    /// Tailor every matrix with the catalogue's profile `name`. An unknown profile is an
    /// error and nothing is left out; so is leaving out a critical requirement, which is then
    /// evaluated as usual.
    pub fn use_profile(&mut self, name: &str) -> Vec<Problem> {
        match self.catalog.profile(name) {
            Ok(profile) => {
                self.profile = Some(profile.clone());
                profile_problems(&self.catalog, &self.policies, profile)
            }
            Err(problem) => vec![problem],
        }
    }

    /// How this checker decides: its phase, evaluation time and profile.
    pub fn settings(&self) -> Settings<'_> {
        Settings {
            phase: self.phase,
            as_of: self.context.as_of,
            profile: self.profile.as_ref(),
        }
    }

    /// Read the waiver files every matrix is checked with; refused waivers are errors.
    pub fn use_waivers(&mut self, paths: &[PathBuf]) -> Vec<Problem> {
        let params = match self.library.params_json() {
            Ok(params) => params,
            Err(problem) => return vec![problem],
        };
        let (waivers, problems) = Waivers::load(paths, &self.catalog, &self.policies, &params);
        self.waivers = waivers;
        problems
    }

    /// Evaluate one document, or report every requirement as `error` when it could not be read.
    pub fn check(&self, evidence: Result<Evidence, Problem>) -> Checked {
        self.evaluate(evidence.map(|e| Prepared::new(e, &self.context)))
    }

    /// Evaluate a document already prepared with [`prepare`] (which needs no policies, so a
    /// caller can prepare the evidence while the library compiles).
    pub fn evaluate(&self, prepared: Intake) -> Checked {
        let (prepared, problems) = match prepared {
            Ok((prepared, warnings)) => {
                let mut problems = prepared.schema_problems();
                problems.extend(warnings);
                (Some(prepared), problems)
            }
            Err(problem) => (None, vec![problem]),
        };
        let subject = match (&prepared, problems.first()) {
            (Some(prepared), _) => Subject::Ready(prepared),
            (None, reason) => Subject::Unreadable(reason.map_or("", |p| p.message())),
        };
        let mut matrix = Matrix::build(&self.catalog, &self.policies, &subject, &self.settings());
        let mut problems = problems;
        problems.extend(self.waivers.apply(&mut matrix, self.context.as_of));
        Checked {
            matrix,
            prepared,
            problems,
        }
    }

    /// The manifest entries of the catalogue, parameters and policy files; the caller adds
    /// the evidence.
    pub fn manifest(&self) -> Manifest {
        Manifest {
            tool: Tool::default(),
            evaluated_at: Some(crate::manifest::show_time(self.context.as_of)),
            evidence: Vec::new(),
            schema: Some(crate::schema::digest()),
            catalog: Some(FileDigest::of_file(&self.catalog.file)),
            params: self.library.params.as_ref().map(FileDigest::of_file),
            params_override: self
                .library
                .params_override
                .as_ref()
                .map(FileDigest::of_file),
            policies: self.policies.files.clone(),
            profile: self.profile.as_ref().map(|p| p.name.clone()),
            waivers: self.waivers.files.clone(),
        }
    }
}

/// A profile that leaves out a critical requirement (or one whose policy declares no
/// severity) is refused for that requirement: that is what a waiver, with its approver and
/// expiry, is for.
pub fn profile_problems(
    catalog: &Catalog,
    policies: &PolicySet,
    profile: &Profile,
) -> Vec<Problem> {
    profile
        .leave_out
        .iter()
        .filter_map(|left| {
            let severity = match policies.get(&left.requirement) {
                Some(Slot::Policy(p)) => p.metadata.severity,
                _ => return None,
            };
            if crate::matrix::may_leave_out(severity) {
                return None;
            }
            let what = severity.map_or_else(
                || "declares no severity".to_owned(),
                |s| format!("is {s}"),
            );
            Some(
                Problem::error(
                    "relpolicy::catalog::profile_critical",
                    format!(
                        "profile `{}` may not leave out {}: its policy {what}",
                        profile.name, left.requirement
                    ),
                )
                .in_file(&catalog.file)
                .label(left.span, "left out here")
                .help(format!(
                    "{} is evaluated as usual; only requirements below critical can be left out. A justified deviation from a critical requirement is a waiver (--waivers), with an approver and an expiry",
                    left.requirement
                )),
            )
        })
        .collect()
}
