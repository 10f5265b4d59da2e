//! A policy library compiled once and reused for every evidence document.
//!
//! [`Checker::new`] reads the library and catalogue and compiles every policy;
//! [`Checker::check`] then evaluates one document (schema, derivation, matrix).
//! `relpolicy check` uses one checker for one document; benchmarks and batch
//! runs use one per thread for many (it is cheap to clone).

use crate::catalog::{Catalog, Phase};
use crate::diagnostics::Problem;
use crate::evidence::{Context, Evidence, Prepared};
use crate::manifest::{FileDigest, Manifest, Tool};
use crate::matrix::{Matrix, Subject};
use crate::policy::{Library, PolicySet, Sources};

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
        let library = Library::read(sources)?;
        let catalog = Catalog::parse(library.catalog.clone())?;
        let (policies, problems) = PolicySet::load(&library, &catalog, phase, &context.limits);
        Ok(Self {
            library,
            catalog,
            policies,
            phase,
            context,
            problems,
        })
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
        let matrix = Matrix::build(&self.catalog, &self.policies, &subject, self.phase);
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
        }
    }
}
