//! One location model for every report: each path is relative to the report's base, and is
//! shown from wherever its reader stands.
//!
//! The base is the release folder for a gathered release, or the folder an evidence document
//! is in (a document gathered by `relpolicy gather` names its source files relative to that
//! folder). Locations and manifest entries are `/`-separated paths relative to it; the JSON
//! report and SARIF record the base itself, HTML links are relative to the HTML file's own
//! folder, and the terminal and CI formats show paths as they would be typed from the working
//! directory.

use std::path::{Component, Path, PathBuf};

/// Where a report's paths are resolved, and where they are shown from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    /// Absolute.
    pub base: PathBuf,
    /// The folder paths are shown relative to (absolute): the working directory, or an HTML
    /// report's folder. `None` shows them relative to the base, as recorded.
    pub from: Option<PathBuf>,
    /// Whether a path outside `from` is shown relative too (`../x`, for links) rather than
    /// absolute (as a user would type it).
    pub climb: bool,
}

impl Paths {
    /// Paths relative to `base`, shown from the working directory.
    pub fn new(base: PathBuf) -> Self {
        Self {
            base,
            from: current_dir(),
            climb: false,
        }
    }

    /// The same paths, linked from `folder` instead (relative even outside it).
    pub fn shown_from(&self, folder: Option<PathBuf>) -> Self {
        Self {
            base: self.base.clone(),
            from: folder,
            climb: true,
        }
    }

    /// `path` (relative to the base, or absolute) as its reader would type it; a name in
    /// angle brackets (`<stdin>`) is not a path and stays as it is.
    pub fn show(&self, path: &str) -> String {
        if path.starts_with('<') {
            return path.to_owned();
        }
        let full = self.base.join(path);
        let Some(from) = &self.from else {
            return path.to_owned();
        };
        let full = normalize(&full);
        match pathdiff::diff_paths(&full, from) {
            Some(p) if p.as_os_str().is_empty() => ".".to_owned(),
            Some(p) if self.climb || !p.starts_with("..") => slashed(&p),
            _ => full.to_string_lossy().into_owned(),
        }
    }

    /// `path:line:column` as its reader would type it.
    pub fn location(&self, location: &crate::matrix::Location) -> String {
        let shown = crate::matrix::Location {
            path: self.show(&location.path),
            ..location.clone()
        };
        shown.to_string()
    }

    /// The base as a `file://` URI ending in `/`, as SARIF's `originalUriBaseIds` wants it.
    pub fn base_uri(&self) -> String {
        format!("{}/", file_uri(&self.base))
    }
}

/// An absolute path as a `file://` URI, each part percent-encoded.
pub fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for part in path.components() {
        match part {
            Component::RootDir | Component::Prefix(_) => {}
            other => {
                uri.push('/');
                uri.push_str(&crate::report::percent_encode(
                    &other.as_os_str().to_string_lossy(),
                ));
            }
        }
    }
    uri
}

/// The working directory, if it can be known.
pub fn current_dir() -> Option<PathBuf> {
    std::env::current_dir().ok()
}

/// `path` made absolute (from the working directory) with `.` and `..` resolved, following
/// links where it exists so that it compares with the working directory as the system gives it.
pub fn absolute(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| {
        normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
    })
}

/// `path` relative to `base`, `/`-separated (with `..` where it lies outside the base): how a
/// report records a file the user named (a policy, a waivers file). Names in angle brackets
/// (`<builtin>/...`, `<stdin>`) stay as they are.
pub fn relative_to(path: &str, base: &Path) -> String {
    if path.starts_with('<') {
        return path.to_owned();
    }
    match pathdiff::diff_paths(absolute(Path::new(path)), base) {
        Some(p) if p.as_os_str().is_empty() => ".".to_owned(),
        Some(p) => slashed(&p),
        None => path.to_owned(),
    }
}

/// `.` and `..` resolved without touching the file system.
/// `path` without `.` and with `..` applied, without asking the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path with `/` between its parts, on every platform.
pub fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_from_where_the_reader_stands() {
        let paths = Paths {
            base: PathBuf::from("/work/releases/pay-2.4"),
            from: Some(PathBuf::from("/work")),
            climb: false,
        };
        assert_eq!(
            paths.show("changes/x.yaml"),
            "releases/pay-2.4/changes/x.yaml"
        );
        // Outside the working directory: the absolute path, as one would type it.
        let elsewhere = Paths {
            from: Some(PathBuf::from("/home/me")),
            ..paths.clone()
        };
        assert_eq!(elsewhere.show("a.md"), "/work/releases/pay-2.4/a.md");
        assert_eq!(paths.show("."), "releases/pay-2.4");
        assert_eq!(paths.show("<stdin>"), "<stdin>");
        let html = paths.shown_from(Some(PathBuf::from("/work/out")));
        assert_eq!(html.show("a.md"), "../releases/pay-2.4/a.md");
        let inside = paths.shown_from(Some(PathBuf::from("/work/releases/pay-2.4")));
        assert_eq!(inside.show("a.md"), "a.md");
        assert_eq!(inside.show("."), ".");
        assert_eq!(paths.shown_from(None).show("a.md"), "a.md");
        assert_eq!(
            Paths {
                base: PathBuf::from("/a b/c"),
                from: None,
                climb: false,
            }
            .base_uri(),
            "file:///a%20b/c/"
        );
    }

    #[test]
    fn named_files_are_recorded_relative_to_the_base() {
        let base = Path::new("/work/releases/pay-2.4");
        assert_eq!(
            relative_to("/work/policies/p.rego", base),
            "../../policies/p.rego"
        );
        assert_eq!(relative_to("/work/releases/pay-2.4/w.yaml", base), "w.yaml");
        assert_eq!(relative_to("<builtin>/x.rego", base), "<builtin>/x.rego");
    }
}
