# METADATA
# title: Build verified before testing
# description: >-
#   The package manifest (build_verification.components) declares every artifact of the release
#   and nothing else, each with the artifact's digest; build verification
#   (build_verification.tests, cases of params.build_verification.category) ran cases on the
#   built package and passed every one, among them a passing case for each check of
#   params.build_verification.checks (binaries start, configuration parses, database scripts
#   apply to a clean schema, images answer health checks), named in its `check` property; and it
#   ran after the last artifact was built and ended before the first system test run started.
# custom:
#   requirement: RM-13
#   severity: high
#   remediation: >-
#     Keep the package manifest with the release and run the build verification checks
#     (binaries start, configuration parses, database scripts apply to a clean schema, images
#     answer health checks) on the built package before testing starts; keep their report.
#   evidence: [/build_verification, /artifacts, /system_test_report]
package relpolicy.release.rm_13

import rego.v1

import data.relpolicy.lib.release as lib

verification := input.build_verification

components := object.get(verification, "components", [])

tests := verification.tests

category := lib.params.build_verification.category

# Each artifact as [name, digest], and each declared component: looked up as sets, so a package
# of 10,000 artifacts costs 10,000 steps, not 10,000 squared.
built_names := {a.name | some a in input.artifacts}

built := {[a.name, object.get(a, "digest", null)] | some a in input.artifacts}

declared := {[c.name, object.get(c, "digest", null)] | some c in components}

# The digests built under `name`, for messages.
digests_of(name) := {d | some a in input.artifacts; a.name == name; d := object.get(a, "digest", "without a digest")}

deny contains {"msg": "the package manifest declares no components", "evidence": "/build_verification/components"} if {
	count(components) == 0
}

deny contains f if {
	some i, c in components
	not c.name in built_names
	f := {"msg": sprintf("component %s of the package manifest is not an artifact of the release", [c.name]), "evidence": sprintf("/build_verification/components/%d", [i])}
}

deny contains f if {
	some i, c in components
	c.name in built_names
	not [c.name, object.get(c, "digest", null)] in built
	f := {"msg": sprintf("component %s is declared as %s, but the artifact is %s", [c.name, object.get(c, "digest", "without a digest"), concat(" and ", sort(digests_of(c.name)))]), "evidence": sprintf("/build_verification/components/%d", [i])}
}

deny contains f if {
	some i, a in input.artifacts
	not [a.name, object.get(a, "digest", null)] in declared
	f := {"msg": sprintf("artifact %s (%v) is not declared by the package manifest", [a.name, object.get(a, "digest", "without a digest")]), "evidence": sprintf("/artifacts/%d", [i])}
}

deny contains {"msg": "no build verification ran (build_verification.tests)", "evidence": "/build_verification"} if {
	not verification.tests
}

deny contains f if some f in lib.nothing_ran_findings(tests, "/build_verification/tests", "build verification")

deny contains f if some f in lib.test_failure_findings(tests, "build verification check", 10)

deny contains f if some f in lib.test_skipped_findings(tests, "build verification check", 10)

deny contains f if {
	some c, _ in tests.summary.by_category
	c != category
	f := {"msg": sprintf("build verification cases of category '%s' are not build verification ('%s')", [c, category]), "evidence": "/build_verification/tests/summary/by_category", "param": "build_verification.category"}
}

# Each required check has a passing case that names it.
checked contains check if {
	some run in tests.runs
	some c in run.cases
	c.status == "passed"
	check := object.get(c, ["properties", "check"], null)
}

deny contains f if {
	some check in lib.params.build_verification.checks
	not check in checked
	f := {"msg": sprintf("build verification has no passing check '%s' (a case whose `check` property names it)", [check]), "evidence": "/build_verification/tests", "param": "build_verification.checks"}
}

# After the last build, before the first system test run. Settled on numbers (a package can
# hold thousands of artifacts); the findings name the events only when something is off.
built_at(i) := sprintf("/artifacts/%d/built_at", [i])

build_times := [object.get(input.timeline.times, built_at(i), -1) | some i, _ in input.artifacts]

# The first artifact built last (several may share the time), and the first system test run
# started first.
latest_build := max(build_times)

last_build := [i | some i, t in build_times; t == latest_build][0]

test_starts := [object.get(input.timeline.times, sprintf("/system_test_report/runs/%d/started_at", [j]), -1) | some j, _ in input.system_test_report.runs]

earliest_test := min(test_starts)

first_test := [i | some i, t in test_starts; t == earliest_test][0]

run_event(r, end) := lib.event(sprintf("/build_verification/tests/runs/%d/%s", [r, end]), sprintf("build verification run `%s` %s", [object.get(tests.runs[r], "name", sprintf("#%d", [r])), replace(end, "_at", "")]))

deny contains f if {
	some r, _ in tests.runs
	some f in lib.order_findings([lib.event(built_at(last_build), sprintf("the build of %s", [input.artifacts[last_build].name])), run_event(r, "started_at")])
}

deny contains f if {
	some i, t in build_times
	t < 0
	f := {"msg": sprintf("artifact %s has no usable build time: %s %s", [input.artifacts[i].name, built_at(i), lib.time_flaw(built_at(i))]), "evidence": built_at(i)}
}

deny contains f if {
	some r, _ in tests.runs
	some f in lib.order_findings([run_event(r, "finished_at"), lib.event(sprintf("/system_test_report/runs/%d/started_at", [first_test]), "the start of system testing")])
}

satisfied if {
	count(components) > 0
	tests.summary.executed > 0
	count(input.artifacts) > 0
	# No finding above stands in the way.
	count(deny) == 0
}

# What the verdict rests on: the package's components and digests, and the build verification
# runs.
basis contains lib.basis_item("/build_verification", input.build_verification, "build verification", ["package"])

basis contains b if {
	some i, _ in components
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/build_verification/components/%d", [i]), components[i], "component", ["name", "kind", "digest"])
}

basis contains b if some b in lib.tests_basis("/build_verification/tests", input.build_verification.tests, "build verification")
