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

anchor := lib.production

anchor_ns := lib.time_at(anchor.at)

sent_at(i) := sprintf("/notifications/%d/sent_at", [i])

# Business days between sending notification `i` and the deployment.
notice(i) := lib.business_days_between(lib.time_at(sent_at(i)), anchor_ns)

in_time(i) if notice(i) >= lead

# Notices of the coming deployment (not of its completion, RM-09).
advance(n) if object.get(n, "purpose", "deployment") == "deployment"

reached contains lib.norm(a) if {
	some i, n in input.notifications
	advance(n)
	in_time(i)
	some a in n.audience
}

unreached contains a if {
	some a in audiences
	not lib.norm(a) in reached
}

name(i) := object.get(input.notifications[i], "id", sprintf("#%d", [i + 1]))

deny contains f if {
	flaw := lib.time_flaw(anchor.at)
	f := {"msg": sprintf("the notice period cannot be checked: %s (%s) %s", [anchor.what, anchor.at, flaw]), "evidence": anchor.at}
}

deny contains f if {
	anchor_ns
	some a in unreached
	f := {
		"msg": sprintf("no notification reached '%s' %s before %s at %s, as a %s-impact release requires", [a, lib.plural(lead, "business day"), anchor.what, lib.show(anchor_ns), impact]),
		"evidence": "/notifications",
		"param": [sprintf("notification.audiences.%s", [impact]), sprintf("notification.lead_business_days.%s", [impact])],
	}
}

# Why notifications to a missing audience do not count.
deny contains f if {
	anchor_ns
	some i, n in input.notifications
	advance(n)
	not in_time(i)
	some a in n.audience
	lib.norm(a) in unreached
	f := {"msg": sprintf("notification %s to '%s' %s", [name(i), a, lateness(i)]), "evidence": sprintf("/notifications/%d", [i]), "param": sprintf("notification.lead_business_days.%s", [impact])}
}

lateness(i) := sprintf("has no usable time: %s %s", [sent_at(i), lib.time_flaw(sent_at(i))]) if {
	lib.time_flaw(sent_at(i))
} else := sprintf("was sent %s, %s ahead; %d %s required", [lib.show(lib.time_at(sent_at(i))), lib.plural(notice(i), "business day"), lead, verb(lead)])

verb(1) := "is"

verb(n) := "are" if n != 1

satisfied if {
	anchor_ns
	count(audiences) > 0
	count(unreached) == 0
}

# What the verdict rests on: each notice, when it was sent and to whom.
basis contains b if {
	some i, _ in input.notifications
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/notifications/%d", [i]), input.notifications[i], "notification", ["id", "purpose", "channel", "audience", "sent_at"])
}

basis contains lib.basis_item("/release", input.release, "release", ["impact"])
