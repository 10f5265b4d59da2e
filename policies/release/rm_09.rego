# METADATA
# title: Release closed and archived
# description: >-
#   Closure is due params.closure.within_business_days business days (10) after the end of the
#   production deployment; before that, an unclosed release is not_applicable. A closure
#   (closure) has: a configuration item per artifact carrying the artifact's version, updated
#   after the deployment; a completion notice (a notification with purpose completion) sent
#   after the deployment; the release record closed after the deployment with its final status,
#   planned and actual start and duration, post-deployment defects and whether it was rolled
#   back (consistently); and the archive, at a location, holding params.closure.archive_contents
#   and retained at least params.retention.minimum_days after the release day.
# custom:
#   requirement: RM-09
#   severity: medium
#   remediation: >-
#     After the deployment, update the CMDB items to the deployed versions, send the completion
#     notice, close the release record with planned against actual date and duration,
#     post-deployment defects and rollback, and archive the release documentation for at least
#     the retention period; record all of it as the release's closure.
#   evidence: [/deployments, /artifacts]
package relpolicy.release.rm_09

import rego.v1

import data.relpolicy.lib.release as lib

closure := input.closure

record := object.get(closure, "record", {})

archive := object.get(closure, "archive", {})

within := lib.params.closure.within_business_days

# The end of the production deployment that ended last, as an event and in nanoseconds.
last := lib.last_production_deployment

deployed := lib.event(sprintf("/deployments/%d/finished_at", [last]), "the end of the production deployment")

deployed_ns := lib.time_at(deployed.at)

due := lib.nth_business_day(deployed_ns, within)

today := lib.date_of(input.timeline.as_of)

closed if input.closure

not_applicable contains f if {
	not closed
	today <= due
	f := {"msg": sprintf("closure is due by %s, %d business days after the production deployment; not yet due", [lib.show_date(due), within]), "evidence": deployed.at}
}

missing contains f if {
	not closed
	today > due
	f := {"msg": sprintf("the release is not closed; closure was due by %s, %d business days after the production deployment", [lib.show_date(due), within]), "evidence": "/closure", "param": "closure.within_business_days"}
}

missing contains {"msg": "no production deployment is recorded, so there is no release to close", "evidence": "/deployments"} if {
	count(lib.production_deployments) == 0
}

deny contains f if some f in lib.unplaced_production_ends

# The record's final status is the one the deployment team confirmed.
deny contains f if {
	closed
	confirmed := input.deployment_completion.status
	record.final_status != confirmed
	f := {"msg": sprintf("the release record is closed as %s, but the deployment team confirmed %s", [record.final_status, confirmed]), "evidence": "/closure/record/final_status"}
}

deny contains {"msg": "the release has no artifacts whose configuration records could be updated", "evidence": "/artifacts"} if {
	count(input.artifacts) == 0
}

# Configuration records: one per artifact, at the artifact's version, updated after deployment.
items := object.get(closure, "configuration_items", [])

version_of(a) := object.get(a, "version", input.release.version)

# Names and [name, version] pairs as sets, built once: a release of 10,000 artifacts costs
# 10,000 lookups, not 10,000 squared.
item_names := {c.name | some c in items}

deployed_versions := {[a.name, version_of(a)] | some a in input.artifacts}

# The names whose deployed version is known (without a version nothing can be compared).
deployed_names := {n | some [n, _] in deployed_versions}

deny contains f if {
	closed
	some a in input.artifacts
	not a.name in item_names
	f := {"msg": sprintf("no configuration item records artifact %s after the release", [a.name]), "evidence": "/closure/configuration_items"}
}

deny contains f if {
	closed
	some i, c in items
	c.name in deployed_names
	not [c.name, c.version] in deployed_versions
	deployed := concat(" or ", sort([v | some [n, v] in deployed_versions; n == c.name]))
	f := {"msg": sprintf("configuration item %s is at version %s, not the deployed %s", [c.name, c.version, deployed]), "evidence": sprintf("/closure/configuration_items/%d", [i])}
}

deny contains f if {
	closed
	some i, c in items
	some f in lib.order_findings([deployed, lib.event(sprintf("/closure/configuration_items/%d/updated_at", [i]), sprintf("the update of configuration item %s", [c.name]))])
}

# The completion notice.
notices := [i | some i, n in object.get(input, "notifications", []); object.get(n, "purpose", "") == "completion"]

deny contains {"msg": "no completion notice was sent to stakeholders (a notification with purpose completion)", "evidence": "/notifications"} if {
	closed
	count(notices) == 0
}

deny contains f if {
	closed
	some i in notices
	some f in lib.order_findings([deployed, lib.event(sprintf("/notifications/%d/sent_at", [i]), "the completion notice")])
}

# The release record.
record_fields := ["closed_at", "final_status", "planned_start", "actual_start", "planned_duration_minutes", "actual_duration_minutes", "post_deploy_defects", "rolled_back"]

deny contains f if {
	closed
	some field in record_fields
	not lib.recorded(record, field)
	f := {"msg": sprintf("the closed release record does not give %s", [replace(field, "_", " ")]), "evidence": "/closure/record"}
}

deny contains f if {
	closed
	record.closed_at
	some f in lib.order_findings([deployed, lib.event("/closure/record/closed_at", "the closing of the release record")])
}

deny contains f if {
	closed
	contradicts(record.final_status, record.rolled_back)
	f := {"msg": sprintf("the release record contradicts itself: final status %s, rolled back: %v", [record.final_status, record.rolled_back]), "evidence": "/closure/record"}
}

contradicts("rolled_back", false) := true

contradicts(status, true) if status != "rolled_back"

# The record's metrics are the evidence's: planned from the target window, actual from the
# production deployment that ended last (the one that stands), in whole minutes.
last_start := lib.time_at(lib.start_of(last))

metrics := {
	"planned_start": ["/release/target_window/start", lib.time_at("/release/target_window/start")],
	"actual_start": [lib.start_of(last), last_start],
}

deny contains f if {
	closed
	some field, [at, expected] in metrics
	lib.time_at(sprintf("/closure/record/%s", [field])) != expected
	f := {"msg": sprintf("the release record's %s is not the evidence's (%s, %s)", [replace(field, "_", " "), at, lib.show(expected)]), "evidence": sprintf("/closure/record/%s", [field])}
}

planned_minutes := round((lib.time_at("/release/target_window/end") - lib.time_at("/release/target_window/start")) / lib.minute_ns)

actual_minutes := round((deployed_ns - last_start) / lib.minute_ns)

deny contains f if {
	closed
	some [field, expected, source] in [["planned_duration_minutes", planned_minutes, "the target window"], ["actual_duration_minutes", actual_minutes, "the production deployment"]]
	record[field] != expected
	f := {"msg": sprintf("the release record's %s is %v, but %s lasted %v minutes", [replace(field, "_", " "), record[field], source, expected]), "evidence": sprintf("/closure/record/%s", [field])}
}

# The archive.
deny contains {"msg": "the closure names no archive location for the release documentation", "evidence": "/closure/archive"} if {
	closed
	not lib.filled(object.get(archive, "location", null))
}

deny contains f if {
	closed
	some kind in lib.params.closure.archive_contents
	not kind in object.get(archive, "contents", [])
	f := {"msg": sprintf("the archive does not hold the %s", [replace(kind, "-", " ")]), "evidence": "/closure/archive", "param": "closure.archive_contents"}
}

kept_until := lib.day_at("/closure/archive/retain_until")

needed_until := lib.release_day + lib.params.retention.minimum_days

deny contains f if {
	closed
	flaw := lib.time_flaw("/closure/archive/retain_until")
	f := {"msg": sprintf("the archive's retention cannot be checked: /closure/archive/retain_until %s", [flaw]), "evidence": "/closure/archive"}
}

deny contains f if {
	closed
	kept_until < needed_until
	f := {"msg": sprintf("the archive is kept until %s, less than the %d days after the release (%s) records are retained", [lib.show_day(kept_until), lib.params.retention.minimum_days, lib.show_day(needed_until)]), "evidence": "/closure/archive/retain_until", "param": "retention.minimum_days"}
}

satisfied if {
	closed
	deployed_ns
	kept_until >= needed_until
	count(notices) > 0
	every a in input.artifacts {
		a.name in item_names
	}
	# No finding above stands in the way.
	count(deny) == 0
}

# What the verdict rests on: the closure record, the archive, and the items it updated.
basis contains lib.basis_item("/closure/record", input.closure.record, "closure record", ["final_status", "closed_at", "actual_start", "rolled_back", "post_deploy_defects"])

basis contains lib.basis_item("/closure/archive", input.closure.archive, "archive", ["location", "retain_until", "contents"])

basis contains b if {
	some i, _ in items
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/closure/configuration_items/%d", [i]), items[i], "configuration item", ["name", "version", "updated_at"])
}
