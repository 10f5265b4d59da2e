//! Where policies come from: the library built into relpolicy, or a directory.
//!
//! A library is a catalogue (`catalog.yaml`), optional policy parameters
//! (`params.yaml`, visible to Rego as `data.relpolicy.params`), and `.rego`
//! files in any sub-directory. Files ending in `_test.rego` are policy tests
//! and are not evaluated by `check`.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Problem;
use crate::source::SourceFile;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_library.rs"));
}

/// Every file of the built-in library, its policy tests included, as (path relative to the
/// library's root, contents), ordered by path: what `relpolicy init --policies DIR` writes.
pub fn builtin_files() -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<(&str, &str)> = builtin::FILES
        .iter()
        .chain(builtin::TESTS.iter())
        .copied()
        .collect();
    files.sort();
    files
}

/// How reports and diagnostics name the built-in library.
pub const BUILTIN: &str = "<builtin>";

/// Where to read policies from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibrarySource {
    /// The library compiled into this relpolicy.
    Builtin,
    /// A directory laid out like `policies/` in relpolicy's repository.
    Dir(PathBuf),
}

/// Where a run's policies, catalogue and parameters come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sources {
    pub library: LibrarySource,
    /// A catalogue that replaces the library's `catalog.yaml`.
    pub catalog: Option<PathBuf>,
    /// A parameters file laid over the library's `params.yaml` (see [`merge_params`]).
    pub params: Option<PathBuf>,
}

impl Sources {
    /// The built-in library, its own catalogue and parameters.
    pub fn builtin() -> Self {
        Self {
            library: LibrarySource::Builtin,
            catalog: None,
            params: None,
        }
    }
}

/// Every file of a policy library, read into memory.
#[derive(Clone, Debug)]
pub struct Library {
    /// `<builtin>` or the directory as the user gave it.
    pub origin: String,
    pub catalog: SourceFile,
    /// True when the catalogue was given apart from the library (`--catalog`).
    pub catalog_replaced: bool,
    pub params: Option<SourceFile>,
    /// The team's parameters, laid over `params` (`--params FILE`).
    pub params_override: Option<SourceFile>,
    /// Policies and helper libraries, ordered by path.
    pub rego: Vec<SourceFile>,
    /// Policy unit tests (`*_test.rego`), ordered by path.
    pub tests: Vec<SourceFile>,
}

impl Library {
    /// Read a library, with the catalogue and parameters `sources` names in place of or over
    /// its own.
    pub fn read(sources: &Sources) -> Result<Self, Vec<Problem>> {
        let source = &sources.library;
        let catalog = sources.catalog.as_deref();
        let mut files = match source {
            LibrarySource::Builtin => builtin::FILES
                .iter()
                .map(|(path, text)| SourceFile::new(format!("{BUILTIN}/{path}"), *text))
                .collect(),
            LibrarySource::Dir(dir) => read_dir(dir)?,
        };
        let origin = match source {
            LibrarySource::Builtin => BUILTIN.to_owned(),
            LibrarySource::Dir(dir) => dir.display().to_string(),
        };
        let at_root = |name: &str| format!("{origin}/{name}");
        let take = |files: &mut Vec<SourceFile>, name: &str| {
            let wanted = at_root(name);
            files
                .iter()
                .position(|f| f.name() == wanted)
                .map(|i| files.remove(i))
        };
        let own_catalog = take(&mut files, "catalog.yaml");
        let params = take(&mut files, "params.yaml");
        let catalog = match catalog {
            Some(path) => read_file(path)?,
            None => own_catalog.ok_or_else(|| {
                vec![Problem::error(
                    "relpolicy::policy::no_catalog",
                    format!("{origin} has no catalog.yaml"),
                )
                .help("put the requirement catalogue at catalog.yaml in the policy directory, or pass --catalog FILE")]
            })?,
        };
        let params_override = sources.params.as_deref().map(read_file).transpose()?;
        let (tests, rego): (Vec<_>, Vec<_>) = files
            .into_iter()
            .filter(|f| f.name().ends_with(".rego"))
            .partition(|f| f.name().ends_with("_test.rego"));
        Ok(Self {
            origin,
            catalog,
            catalog_replaced: sources.catalog.is_some(),
            params,
            params_override,
            rego,
            tests,
        })
    }

    /// The policy parameters as JSON: the library's, with the override laid over them
    /// (`{}` when there are none).
    pub fn params_json(&self) -> Result<serde_json::Value, Problem> {
        let mut params = serde_json::json!({});
        for file in [&self.params, &self.params_override].into_iter().flatten() {
            merge_params(&mut params, parse_params(file)?);
        }
        Ok(params)
    }
}

/// Lay `over` onto `base`: mappings merge key by key, anything else (numbers, strings,
/// lists) replaces what was there. So a team file that sets `cost: {tolerance_percent: 5}`
/// changes that one threshold and keeps every other parameter.
pub fn merge_params(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(base), serde_json::Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(&key) {
                    Some(slot) => merge_params(slot, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (slot, over) => *slot = over,
    }
}

fn parse_params(file: &SourceFile) -> Result<serde_json::Value, Problem> {
    let help = "a parameters file is a YAML mapping; policies read it as data.relpolicy.params (docs/policies.md)";
    let value: serde_json::Value = serde_saphyr::from_str(file.text()).map_err(|err| {
        let (message, span) = crate::diagnostics::yaml_error(&err, file);
        Problem::error(
            "relpolicy::policy::params",
            format!("invalid policy parameters in {}: {message}", file.name()),
        )
        .in_file(file)
        .label(span, "here")
        .help(help)
    })?;
    match value {
        serde_json::Value::Null => Ok(serde_json::json!({})),
        serde_json::Value::Object(_) => Ok(value),
        _ => Err(Problem::error(
            "relpolicy::policy::params",
            format!("policy parameters in {} must be a mapping", file.name()),
        )
        .in_file(file)
        .label((0, 0), "not a mapping")
        .help(help)),
    }
}

#[cfg(test)]
impl Library {
    /// A library in memory under `lib/`: a catalogue, parameters, policies and tests, each
    /// file given as (name, text).
    pub(crate) fn for_tests(
        catalog: &str,
        params: Option<&str>,
        rego: &[(&str, &str)],
        tests: &[(&str, &str)],
    ) -> Self {
        let files = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(n, t)| SourceFile::new(*n, *t))
                .collect::<Vec<_>>()
        };
        Self {
            origin: "lib".into(),
            catalog: SourceFile::new("lib/catalog.yaml", catalog),
            catalog_replaced: false,
            params: params.map(|p| SourceFile::new("lib/params.yaml", p)),
            params_override: None,
            rego: files(rego),
            tests: files(tests),
        }
    }
}

fn read_file(path: &Path) -> Result<SourceFile, Vec<Problem>> {
    read_text(path, path.display().to_string()).map_err(|problem| {
        vec![problem.help("check the path and that the file is readable UTF-8 text")]
    })
}

/// The largest library file relpolicy reads (regorus itself refuses policies over 1 MiB).
const LIBRARY_FILE_LIMIT: u64 = 16 * crate::limits::MIB;

/// A library file's text, shown as `name`. A FIFO or a device named as a library file is an
/// error, not a wait or an endless read.
fn read_text(path: &Path, name: String) -> Result<SourceFile, Problem> {
    crate::source::read_text(path, name.as_str(), LIBRARY_FILE_LIMIT).map_err(|e| {
        Problem::error(
            "relpolicy::policy::unreadable",
            format!("cannot read {name}: {e}"),
        )
    })
}

fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, Vec<Problem>> {
    if !dir.is_dir() {
        return Err(vec![Problem::error(
            "relpolicy::policy::unreadable",
            format!("policy directory {} does not exist", dir.display()),
        )
        .help("pass --policies DIR with a directory holding catalog.yaml and .rego files, or omit it to use the built-in library")]);
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(Problem::error(
                    "relpolicy::policy::unreadable",
                    format!("cannot read {}: {e}", dir.display()),
                ));
                continue;
            }
        };
        let path = entry.path();
        let relevant = entry.file_type().is_file()
            && (path.extension().is_some_and(|e| e == "rego")
                || (entry.depth() == 1
                    && matches!(
                        entry.file_name().to_str(),
                        Some("catalog.yaml" | "params.yaml")
                    )));
        if !relevant {
            continue;
        }
        let relative = path.strip_prefix(dir).unwrap_or(path);
        let name = format!(
            "{}/{}",
            dir.display(),
            relative.to_string_lossy().replace('\\', "/")
        );
        match read_text(path, name) {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_sources(dir: &Path) -> Sources {
        Sources {
            library: LibrarySource::Dir(dir.to_path_buf()),
            catalog: None,
            params: None,
        }
    }

    #[test]
    fn overrides_change_only_the_parameters_they_name() {
        let mut base = serde_json::json!({"cost": {"tolerance_percent": 10, "currency": "EUR"}, "roles": {"cab": ["CAB"]}});
        merge_params(
            &mut base,
            serde_json::json!({"cost": {"tolerance_percent": 5}, "roles": {"cab": ["Board"]}, "new": 1}),
        );
        assert_eq!(
            base,
            serde_json::json!({"cost": {"tolerance_percent": 5, "currency": "EUR"}, "roles": {"cab": ["Board"]}, "new": 1})
        );
    }

    #[test]
    fn the_builtin_library_has_a_catalog_params_and_policies() {
        let lib = Library::read(&Sources::builtin()).unwrap();
        assert_eq!(lib.catalog.name(), "<builtin>/catalog.yaml");
        assert!(lib.params.is_some());
        assert!(lib.rego.len() >= 17, "{}", lib.rego.len());
        assert!(lib.rego.iter().all(|f| !f.name().ends_with("_test.rego")));
        assert!(lib.params_json().unwrap().is_object());
    }

    #[test]
    fn a_directory_library_is_read_in_path_order_with_tests_apart() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(
            root.join("catalog.yaml"),
            "catalog_version: 1\nrequirements: []\n",
        )
        .unwrap();
        std::fs::write(root.join("b/z.rego"), "package z\n").unwrap();
        std::fs::write(root.join("a.rego"), "package a\n").unwrap();
        std::fs::write(root.join("a_test.rego"), "package a_test\n").unwrap();
        std::fs::write(root.join(".git/x.rego"), "package hidden\n").unwrap();
        std::fs::write(root.join("notes.md"), "ignored").unwrap();
        let lib = Library::read(&dir_sources(root)).unwrap();
        let names: Vec<_> = lib
            .rego
            .iter()
            .map(|f| f.name().rsplit('/').next().unwrap_or("").to_owned())
            .collect();
        assert_eq!(names, ["a.rego", "z.rego"]);
        assert_eq!(lib.tests.len(), 1);
        assert!(lib.params.is_none());
        assert_eq!(lib.params_json().unwrap(), serde_json::json!({}));
    }

    #[test]
    fn a_missing_directory_or_catalog_is_a_clear_error() {
        let problems = Library::read(&dir_sources(Path::new("/no/such/dir"))).unwrap_err();
        assert_eq!(problems[0].code(), "relpolicy::policy::unreadable");
        let dir = tempfile::tempdir().unwrap();
        let problems = Library::read(&dir_sources(dir.path())).unwrap_err();
        assert_eq!(problems[0].code(), "relpolicy::policy::no_catalog");
    }
}
