//! Deployments as platforms record them: Argo CD's sync history and GitHub's deployment
//! statuses (at the end of this file).
//!
//! Argo CD: an Application as `kubectl get application NAME -o json` (or `argocd app get NAME
//! -o json`) prints it, read as deployment records.
//!
//! Every `status.history` entry is a sync that succeeded: its revision, start
//! (`deployStartedAt`) and end (`deployedAt`), and who started it (`initiatedBy`: automated is
//! the controller, a service identity; otherwise the user). The current `status.operationState`,
//! when it is not in the history (a sync that failed, or still runs), is one more deployment with
//! its phase as status. The environment comes from the manifest entry (`set: {environment: ...}`), else the
//! destination namespace. The exported application is the controller's own record of the
//! deployments, so each record names it, pinned by its digest, as its log; the sync the
//! application runs now lists the images it runs (`status.summary.images`, by digest) as its
//! artifacts.

use serde_json::{Map, Value, json};

use super::File;
use super::manifest::Entry;
use super::text;
use crate::diagnostics::Problem;

/// True for an Argo CD Application object.
pub fn is_application(value: &Value) -> bool {
    value["kind"] == "Application"
        && value["apiVersion"]
            .as_str()
            .is_some_and(|v| v.starts_with("argoproj.io/"))
}

/// `revision`: the release's (`release.revision` in relpolicy.yaml). A controller's history spans
/// every release of the application; with a revision, only the syncs of it (a short commit
/// matches as a prefix) are this release's deployments.
pub fn read(
    file: &File,
    app: &Value,
    entry: &Entry,
    revision: Option<&str>,
) -> Result<Vec<Value>, Problem> {
    let ours = |r: Option<&str>| match (revision, r) {
        (None, _) => true,
        (Some(want), Some(got)) => got.starts_with(want) || want.starts_with(got),
        (Some(_), None) => false,
    };
    let name = app["metadata"]["name"].as_str().unwrap_or("application");
    let environment = entry
        .set
        .get("environment")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            app["spec"]["destination"]["namespace"]
                .as_str()
                .map(str::to_owned)
        });
    let Some(environment) = environment else {
        return Err(file
            .error_at(
                "relpolicy::gather::argocd",
                format!("{}: the Argo CD application {name} names no environment", file.text.name()),
                0,
                "this application",
            )
            .help("say which environment it deploys to on the manifest entry: `deployments: [{files: argocd/*.json, set: {environment: production}}]`"));
    };
    let history: Vec<(usize, &Value)> = app["status"]["history"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, h)| ours(h["revision"].as_str()))
        .collect();
    let mut pointers: Vec<String> = history
        .iter()
        .map(|(i, _)| format!("/status/history/{i}"))
        .collect();
    pointers.push("/status/operationState".to_owned());
    let lines = file.lines_of(&pointers);
    let time = |v: &Value| {
        v.as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| text::stamp(&t))
    };
    let actor = |initiated: &Value| {
        if initiated["automated"].as_bool() == Some(true) {
            json!({"id": "argocd", "kind": "service"})
        } else {
            match initiated["username"].as_str() {
                Some(user) => json!({"id": user, "kind": "human"}),
                None => json!({"id": "unknown"}),
            }
        }
    };
    let log = json!({"path": file.path, "sha256": file.sha256, "title": format!("Argo CD application {name}")});
    // The images the application runs (`status.summary.images`), pinned by digest: what the
    // current sync deployed.
    let images: Vec<Value> = app["status"]["summary"]["images"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(image)
        .collect();
    let mut out = Vec::new();
    for ((i, entry), line) in history.iter().zip(&lines) {
        let mut fields = Map::new();
        let id = entry["id"]
            .as_i64()
            .map_or_else(|| i.to_string(), |n| n.to_string());
        fields.insert("id".into(), json!(format!("{name}-{id}")));
        fields.insert("environment".into(), json!(environment));
        fields.insert("status".into(), json!("succeeded"));
        if let Some(revision) = entry["revision"].as_str() {
            fields.insert("revision".into(), json!(revision));
        }
        if let Some(t) = time(&entry["deployStartedAt"]) {
            fields.insert("started_at".into(), json!(t));
        }
        if let Some(t) = time(&entry["deployedAt"]) {
            fields.insert("finished_at".into(), json!(t));
        }
        fields.insert("actor".into(), actor(&entry["initiatedBy"]));
        fields.insert(
            "pipeline_run".into(),
            json!({"system": "argocd", "id": format!("{name}/history/{id}")}),
        );
        fields.insert("log".into(), log.clone());
        // Only the sync the application runs now is known to have deployed these images.
        let current = app["status"]["sync"]["revision"].as_str() == entry["revision"].as_str();
        if current && !images.is_empty() {
            fields.insert("artifacts".into(), Value::Array(images.clone()));
        }
        let mut source = text::source_at(file, *line, None);
        source["pointer"] = json!(format!("/status/history/{i}"));
        fields.insert("source".into(), source);
        out.push(Value::Object(fields));
    }
    // The last operation, when the history does not hold it: a failure, or one still running.
    let operation = &app["status"]["operationState"];
    let phase = operation["phase"].as_str();
    let op_revision = operation["syncResult"]["revision"]
        .as_str()
        .or_else(|| operation["operation"]["sync"]["revision"].as_str());
    let op_finished = time(&operation["finishedAt"]);
    let in_history = history.iter().any(|(_, h)| {
        h["revision"].as_str() == op_revision && time(&h["deployedAt"]) == op_finished
    });
    if let Some(phase) = phase
        && !in_history
        && phase != "Succeeded"
        && ours(op_revision)
    {
        let status = match phase {
            "Running" | "Terminating" => "in_progress",
            _ => "failed",
        };
        let mut fields = Map::new();
        fields.insert("id".into(), json!(format!("{name}-operation")));
        fields.insert("environment".into(), json!(environment));
        fields.insert("status".into(), json!(status));
        if let Some(revision) = op_revision {
            fields.insert("revision".into(), json!(revision));
        }
        if let Some(t) = time(&operation["startedAt"]) {
            fields.insert("started_at".into(), json!(t));
        }
        if let Some(t) = op_finished {
            fields.insert("finished_at".into(), json!(t));
        }
        fields.insert(
            "actor".into(),
            actor(&operation["operation"]["initiatedBy"]),
        );
        fields.insert(
            "pipeline_run".into(),
            json!({"system": "argocd", "id": format!("{name}/operation")}),
        );
        fields.insert("log".into(), log.clone());
        let mut source = text::source_at(file, lines.last().copied().unwrap_or(1), None);
        source["pointer"] = json!("/status/operationState");
        fields.insert("source".into(), source);
        out.push(Value::Object(fields));
    }
    if out.is_empty() {
        return Err(file
            .error_at(
                "relpolicy::gather::argocd",
                match revision {
                    Some(r) => format!("{}: the Argo CD application {name} has no sync of the release's revision {r}", file.text.name()),
                    None => format!("{}: the Argo CD application {name} has no sync history", file.text.name()),
                },
                0,
                "this application",
            )
            .help("export the application after it synced (`kubectl get application NAME -o json`): status.history lists its deployments"));
    }
    Ok(out)
}

/// `registry/org/payments-api@sha256:…` (a tag before the digest allowed) as `{name, digest}`;
/// an image without a digest names nothing a release can rest on.
fn image(reference: &str) -> Option<Value> {
    let (path, digest) = reference.split_once('@')?;
    let hex = digest.strip_prefix("sha256:")?;
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let name = path.rsplit('/').next()?.split(':').next()?;
    (!name.is_empty()).then(|| json!({"name": name, "digest": digest.to_ascii_lowercase()}))
}

/// True for a GitHub deployment's statuses (`gh api repos/O/R/deployments/ID/statuses`): a
/// list of objects with `state` and `deployment_url`.
pub fn is_github_statuses(value: &Value) -> bool {
    value.as_array().is_some_and(|list| {
        !list.is_empty()
            && list
                .iter()
                .all(|s| s["state"].is_string() && s["deployment_url"].is_string())
    })
}

/// One GitHub deployment from its statuses: the environment and the run that did it from the
/// statuses, the start from the first `in_progress` (or the earliest status), the end and the
/// outcome from the latest final status (`success` succeeded, `failure` and `error` failed,
/// `inactive` superseded later, so it had succeeded), else still in progress. The actor is the
/// creator: a bot is a service identity.
pub fn read_github_statuses(file: &File, statuses: &Value) -> Result<Vec<Value>, Problem> {
    let mut list: Vec<&Value> = statuses.as_array().into_iter().flatten().collect();
    list.sort_by_key(|s| s["created_at"].as_str().unwrap_or("").to_owned());
    let time = |v: &Value| {
        v.as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| text::stamp(&t))
    };
    let Some(environment) = list.iter().find_map(|s| s["environment"].as_str()) else {
        return Err(file
            .error_at(
                "relpolicy::gather::github",
                format!("{}: the deployment statuses name no environment", file.text.name()),
                0,
                "these statuses",
            )
            .help("export the statuses with `gh api repos/OWNER/REPO/deployments/ID/statuses`, which names the environment"));
    };
    let started = list
        .iter()
        .find(|s| s["state"] == "in_progress")
        .or(list.first())
        .and_then(|s| time(&s["created_at"]));
    let last_final = list.iter().rev().find(|s| {
        matches!(
            s["state"].as_str(),
            Some("success" | "failure" | "error" | "inactive")
        )
    });
    let status = match last_final.and_then(|s| s["state"].as_str()) {
        Some("success" | "inactive") => "succeeded",
        Some(_) => "failed",
        None => "in_progress",
    };
    let mut fields = Map::new();
    let deployment = list[0]["deployment_url"].as_str().unwrap_or("");
    let id = deployment.rsplit('/').next().unwrap_or("deployment");
    fields.insert("id".into(), json!(format!("github-deployment-{id}")));
    fields.insert("environment".into(), json!(environment));
    fields.insert("status".into(), json!(status));
    if let Some(t) = started {
        fields.insert("started_at".into(), json!(t));
    }
    if let Some(t) = last_final.and_then(|s| time(&s["created_at"])) {
        fields.insert("finished_at".into(), json!(t));
    }
    let creator = &list.last().map_or(&Value::Null, |s| &s["creator"]);
    let login = creator["login"].as_str().unwrap_or("unknown");
    let kind = if creator["type"] == "Bot" {
        "service"
    } else {
        "human"
    };
    fields.insert("actor".into(), json!({"id": login, "kind": kind}));
    if let Some(url) = list
        .iter()
        .rev()
        .find_map(|s| s["target_url"].as_str().filter(|u| !u.is_empty()))
    {
        fields.insert(
            "pipeline_run".into(),
            json!({"system": "github-deployments", "url": url}),
        );
    }
    fields.insert(
        "log".into(),
        json!({"path": file.path, "sha256": file.sha256, "title": format!("GitHub deployment {id} statuses")}),
    );
    fields.insert("source".into(), text::source_at(file, 1, None));
    Ok(vec![Value::Object(fields)])
}
