# METADATA
# title: Stakeholders notified in advance
# description: >-
#   Every audience the release's impact level calls for (params.notification.audiences) was
#   sent a deployment notification at least the required number of business days before the
#   production deployment (params.notification.lead_business_days: 5 for high, 3 for medium,
#   1 for low impact).
# custom:
#   requirement: RM-04
#   severity: medium
#   remediation: >-
#     Send the deployment notification to every required audience early enough (high impact:
#     5 business days, medium: 3, low: 1) and keep the record of sending; or move the
#     deployment later.
#   evidence: [/notifications, /release/impact]
package relpolicy.release.rm_04

import rego.v1

import data.relpolicy.lib.release as lib

impact := input.release.impact

lead := lib.params.notification.lead_business_days[impact]

audiences := lib.params.notification.audiences[impact]

# Business days between sending notification `n` and the deployment.
notice(n) := lib.business_days_between(lib.ns(n.sent_at), lib.deployment_start.ns)

in_time(n) if notice(n) >= lead

reached contains lib.norm(a) if {
	some n in input.notifications
	in_time(n)
	some a in n.audience
}

unreached contains a if {
	some a in audiences
	not lib.norm(a) in reached
}

deny contains f if {
	not lib.deployment_start
	f := {"msg": "the notice period cannot be checked: neither a production deployment nor a deployment window is recorded", "evidence": "/release/target_window"}
}

deny contains f if {
	lib.deployment_start
	some a in unreached
	f := {
		"msg": sprintf("no notification reached '%s' %s before %s at %s, as a %s-impact release requires", [a, lib.plural(lead, "business day"), lib.deployment_start.what, lib.show(lib.deployment_start.ns), impact]),
		"evidence": "/notifications",
	}
}

# Why notifications to a missing audience do not count.
deny contains f if {
	lib.deployment_start
	some i, n in input.notifications
	not in_time(n)
	some a in n.audience
	lib.norm(a) in unreached
	f := {
		"msg": sprintf("notification %s to '%s' was sent %s, %s ahead; %d %s required", [object.get(n, "id", sprintf("#%d", [i + 1])), a, n.sent_at, lib.plural(notice(n), "business day"), lead, verb(lead)]),
		"evidence": sprintf("/notifications/%d", [i]),
	}
}

verb(1) := "is"

verb(n) := "are" if n != 1

satisfied if {
	lib.deployment_start
	count(audiences) > 0
	count(unreached) == 0
}
