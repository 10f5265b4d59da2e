//! Approvals as code platforms export them, mapped to the catalogue's roles by a roles file.
//!
//! - GitHub pull request reviews (`gh api repos/O/R/pulls/N/reviews`): `APPROVED` is approved,
//!   `CHANGES_REQUESTED` rejected, `DISMISSED` withdrawn, `PENDING` pending; a `COMMENTED` review
//!   decides nothing and is left out. The time is `submitted_at`.
//! - GitHub environment deployment approvals (`gh api repos/O/R/actions/runs/ID/approvals`):
//!   `approved` or `rejected`. GitHub records no time for them, so they cannot be placed before a
//!   deployment: policies that need the time say so.
//! - GitLab deployment approvals (`GET /projects/:id/deployments/:id`, its `approvals`):
//!   `approved` or `rejected`, at `created_at`.
//! - GitLab merge request approvals (`GET /projects/:id/merge_requests/:iid/approvals`): each of
//!   `approved_by` approved. GitLab records no time per approver there either.
//!
//! A platform knows logins, not roles: the roles file (`roles:` in relpolicy.yaml) says who each
//! login is and in which role they act, directly or through a team. What an approval stands for
//! (its scope) comes from the manifest entry (`set: {scope: production-deployment}`).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::File;
use super::manifest::Entry;
use super::text;
use crate::diagnostics::Problem;
use crate::source::SourceFile;

/// The export formats this reader knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    GithubReviews,
    GithubDeploymentApprovals,
    GitlabDeploymentApprovals,
    GitlabMergeRequestApprovals,
}

impl Platform {
    fn name(self) -> &'static str {
        match self {
            Self::GithubReviews => "GitHub pull request reviews",
            Self::GithubDeploymentApprovals => "GitHub deployment approvals",
            Self::GitlabDeploymentApprovals => "GitLab deployment approvals",
            Self::GitlabMergeRequestApprovals => "GitLab merge request approvals",
        }
    }
}

/// Which platform export `value` is, if it is one.
pub fn detect(value: &Value) -> Option<Platform> {
    if let Some(approvers) = value.get("approved_by").and_then(Value::as_array) {
        let gitlab = approvers.iter().all(|a| a["user"]["username"].is_string());
        return gitlab.then_some(Platform::GitlabMergeRequestApprovals);
    }
    if let Some(approvals) = value.get("approvals").and_then(Value::as_array) {
        let gitlab = approvals
            .iter()
            .all(|a| a["user"]["username"].is_string() && a["status"].is_string());
        return (gitlab && !approvals.is_empty()).then_some(Platform::GitlabDeploymentApprovals);
    }
    let first = value.as_array()?.first()?;
    if !first["user"]["login"].is_string() || !first["state"].is_string() {
        return None;
    }
    if first.get("environments").is_some() {
        Some(Platform::GithubDeploymentApprovals)
    } else {
        Some(Platform::GithubReviews)
    }
}

/// Who platform users are in the release's process.
#[derive(Clone, Debug, Default)]
pub struct Roles {
    /// The file, for messages.
    pub name: String,
    users: BTreeMap<String, RoleUser>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleUser {
    /// The identity the evidence uses for them (`l.brandt`); the login when absent.
    id: Option<String>,
    name: Option<String>,
    role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    roles_version: u32,
    #[serde(default)]
    users: BTreeMap<String, RoleUser>,
    #[serde(default)]
    teams: BTreeMap<String, RawTeam>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    role: String,
    members: Vec<String>,
}

impl Roles {
    /// Read a roles file: `roles_version: 1`, `users:` by login (`{id, name, role}`) and
    /// `teams:` (`{role, members: [login]}`); a user's own role wins over a team's.
    pub fn parse(file: &SourceFile) -> Result<Self, Problem> {
        let raw: RawRoles = serde_saphyr::from_str(file.text()).map_err(|err| {
            let (message, span) = crate::diagnostics::yaml_error(&err, file);
            Problem::error(
                "relpolicy::gather::roles",
                format!("invalid roles file: {message}"),
            )
            .in_file(file)
            .label(span, "here")
            .help("a roles file has `roles_version: 1`, `users:` by login ({id, name, role}) and `teams:` ({role, members}) (docs/gather.md)")
        })?;
        if raw.roles_version != 1 {
            return Err(Problem::error(
                "relpolicy::gather::roles",
                format!("roles_version {} is not supported", raw.roles_version),
            )
            .in_file(file)
            .help("this relpolicy reads roles_version 1"));
        }
        let mut users: BTreeMap<String, RoleUser> = raw
            .users
            .into_iter()
            .map(|(login, user)| (login.to_lowercase(), user))
            .collect();
        for team in raw.teams.values() {
            for member in &team.members {
                let user = users.entry(member.to_lowercase()).or_default();
                if user.role.is_none() {
                    user.role = Some(team.role.clone());
                }
            }
        }
        Ok(Self {
            name: file.name().to_owned(),
            users,
        })
    }

    /// The approver (`{id, name}`) and role of a platform login; no role when it is unmapped.
    fn person(&self, login: &str, name: Option<&str>) -> (Value, Option<String>) {
        let user = self.users.get(&login.to_lowercase());
        let mut person = Map::new();
        person.insert(
            "id".into(),
            json!(
                user.and_then(|u| u.id.clone())
                    .unwrap_or_else(|| login.to_owned())
            ),
        );
        if let Some(name) = user
            .and_then(|u| u.name.clone())
            .or(name.map(str::to_owned))
        {
            person.insert("name".into(), json!(name));
        }
        (Value::Object(person), user.and_then(|u| u.role.clone()))
    }
}

pub fn read(
    file: &File,
    platform: Platform,
    value: &Value,
    entry: &Entry,
    roles: Option<&Roles>,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<Value>, Problem> {
    if !entry.set.contains_key("scope") {
        return Err(file
            .error_at(
                "relpolicy::gather::platform",
                format!(
                    "{} holds {}, but the manifest does not say what they approve",
                    file.text.name(),
                    platform.name()
                ),
                0,
                "these approvals",
            )
            .help("set the scope on the manifest entry, e.g. `approvals: [{files: github/reviews-*.json, set: {scope: production-deployment}}]`"));
    }
    let (items, prefix): (Vec<&Value>, &str) = match platform {
        Platform::GitlabDeploymentApprovals => (
            value["approvals"]
                .as_array()
                .into_iter()
                .flatten()
                .collect(),
            "/approvals",
        ),
        Platform::GitlabMergeRequestApprovals => (
            value["approved_by"]
                .as_array()
                .into_iter()
                .flatten()
                .collect(),
            "/approved_by",
        ),
        _ => (value.as_array().into_iter().flatten().collect(), ""),
    };
    let pointers: Vec<String> = (0..items.len()).map(|i| format!("{prefix}/{i}")).collect();
    let lines = file.lines_of(&pointers);
    let empty = Roles::default();
    let roles = roles.unwrap_or(&empty);
    let mut unmapped = Vec::new();
    let mut out = Vec::new();
    for ((item, line), pointer) in items.iter().zip(lines).zip(&pointers) {
        let (login, name) = match platform {
            Platform::GitlabDeploymentApprovals | Platform::GitlabMergeRequestApprovals => (
                item["user"]["username"].as_str(),
                item["user"]["name"].as_str(),
            ),
            _ => (item["user"]["login"].as_str(), None),
        };
        let Some(login) = login else { continue };
        let state = match platform {
            Platform::GitlabDeploymentApprovals => item["status"].as_str(),
            Platform::GitlabMergeRequestApprovals => Some("approved"),
            _ => item["state"].as_str(),
        }
        .unwrap_or("");
        let decision = match state.to_ascii_lowercase().as_str() {
            "approved" => "approved",
            "changes_requested" | "rejected" => "rejected",
            "dismissed" => "withdrawn",
            "pending" => "pending",
            // A comment decides nothing.
            _ => continue,
        };
        let (approver, role) = roles.person(login, name);
        if role.is_none() && !unmapped.contains(&login) {
            unmapped.push(login);
        }
        let mut fields = Map::new();
        if let Some(id) = item.get("id").filter(|v| v.is_number() || v.is_string()) {
            fields.insert(
                "id".into(),
                json!(id.as_str().map_or_else(|| id.to_string(), str::to_owned)),
            );
        }
        fields.insert("decision".into(), json!(decision));
        fields.insert("approver".into(), approver);
        if let Some(role) = role {
            fields.insert("role".into(), json!(role));
        }
        let time = match platform {
            Platform::GithubReviews => item["submitted_at"].as_str(),
            Platform::GitlabDeploymentApprovals => item["created_at"].as_str(),
            Platform::GithubDeploymentApprovals | Platform::GitlabMergeRequestApprovals => None,
        };
        if let Some(t) = time.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()) {
            fields.insert("timestamp".into(), json!(text::stamp(&t)));
        }
        let comment = item["body"].as_str().or_else(|| item["comment"].as_str());
        if let Some(comment) = comment.filter(|c| !c.trim().is_empty()) {
            fields.insert("comment".into(), json!(comment.trim()));
        }
        let mut source = text::source_at(file, line, None);
        source["pointer"] = json!(pointer);
        fields.insert("source".into(), source);
        out.push(Value::Object(fields));
    }
    if !unmapped.is_empty() {
        let roles_file = if roles.name.is_empty() {
            "no roles file is named (`roles:` in relpolicy.yaml)".to_owned()
        } else {
            format!("{} does not map them", roles.name)
        };
        warnings.push(
            Problem::warning(
                "relpolicy::gather::roles",
                format!(
                    "{}: {} approver(s) with no role: {}; {roles_file}",
                    file.text.name(),
                    unmapped.len(),
                    unmapped.join(", ")
                ),
            )
            .help("platform exports carry logins, not roles: map each approver to the role they act in, under `users:` or `teams:` of the roles file; until then their approvals do not count where a role is required"),
        );
    }
    Ok(out)
}
