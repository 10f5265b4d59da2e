# METADATA
# title: Production deployments automated and logged
# description: >-
#   Every production deployment names the pipeline or controller run that performed it, had no
#   manual steps, ended (none is still in progress), and has its log kept with the release; the
#   last one succeeded. Verified after deployment.
# custom:
#   requirement: DEP-01
#   severity: high
#   remediation: >-
#     Deploy to production only through the pipeline or CD controller, record its run (system and
#     run id or URL) for each deployment, keep the deployment log with the release, and record
#     the audit only once the deployment has succeeded.
#   evidence: [/deployments]
package relpolicy.release.dep_01

import rego.v1

import data.relpolicy.lib.release as lib

production := lib.params.environments.production

deployments := input.deployments

in_production := [i | some i, d in deployments; d.environment == production]

# The states a deployment ends in.
ended := {"succeeded", "failed", "rolled_back", "cancelled"}

at(i) := sprintf("/deployments/%d", [i])

name(i) := object.get(deployments[i], "id", sprintf("#%d", [i]))

# The production deployment that started last (by its recorded start; in record order when
# starts are equal or unusable, which the timeline check reports).
last := [i |
	some i in in_production
	every j in in_production {
		not later(j, i)
	}
][0]

later(j, i) if lib.time_at(lib.start_of(j)) > lib.time_at(lib.start_of(i))

later(j, i) if {
	lib.time_at(lib.start_of(j)) == lib.time_at(lib.start_of(i))
	j > i
}

# Automation is shown by the run that did the work, never by an actor's name.
automated(d) if {
	lib.filled(d.pipeline_run.system)
	lib.filled(d.pipeline_run.id)
}

automated(d) if {
	lib.filled(d.pipeline_run.system)
	lib.filled(d.pipeline_run.url)
}

manual_steps(d) := object.get(d, "manual_steps", [])

# Each production deployment started before it finished; the timeline reports one that did not.
orders contains f if {
	some i in in_production
	some f in lib.order_findings([
		lib.event(lib.start_of(i), sprintf("the start of production deployment %s", [name(i)])),
		lib.event(sprintf("/deployments/%d/finished_at", [i]), sprintf("the end of production deployment %s", [name(i)])),
	])
}

missing contains {"msg": "no production deployment is recorded (before deploying, run with --phase pre-deploy)", "evidence": "/deployments"} if {
	count(in_production) == 0
}

deny contains f if {
	some i in in_production
	not automated(deployments[i])
	f := {"msg": sprintf("production deployment %s names no pipeline or controller run, so nothing shows it was automated", [name(i)]), "evidence": at(i)}
}

deny contains f if {
	some i in in_production
	count(manual_steps(deployments[i])) > 0
	f := {
		"msg": sprintf("production deployment %s included manual steps: %s", [name(i), concat("; ", manual_steps(deployments[i]))]),
		"evidence": sprintf("/deployments/%d/manual_steps", [i]),
	}
}

deny contains {"msg": sprintf("the log of production deployment %s is not kept", [name(i)]), "evidence": at(i)} if {
	some i in in_production
	not lib.pinned(object.get(deployments[i], "log", null))
}

deny contains f if {
	some i in in_production
	not object.get(deployments[i], "status", null) in ended
	f := {"msg": sprintf("production deployment %s is %s: it has not ended, so nothing about it is final yet", [name(i), deployments[i].status]), "evidence": at(i)}
}

deny contains f if {
	deployments[last].status in ended
	deployments[last].status != "succeeded"
	f := {"msg": sprintf("the last production deployment, %s, ended %s", [name(last), deployments[last].status]), "evidence": at(last)}
}

deny contains f if some f in orders

warn contains {"msg": sprintf("production deployment %s ended %s", [name(i), deployments[i].status]), "evidence": at(i)} if {
	some i in in_production
	i != last
	deployments[i].status in {"failed", "rolled_back", "cancelled"}
}

satisfied if {
	count(in_production) > 0
	every i in in_production {
		automated(deployments[i])
		count(manual_steps(deployments[i])) == 0
		lib.pinned(deployments[i].log)
		deployments[i].status in ended
	}
	deployments[last].status == "succeeded"
	count(orders) == 0
}

# What the verdict rests on: each production deployment, its actor, state and log.
basis contains b if some b in lib.production_basis

basis contains b if {
	some i in in_production
	i < lib.basis_limit
	b := lib.basis_item(sprintf("%s/log", [at(i)]), deployments[i].log, "deployment log", ["path", "sha256"])
}
