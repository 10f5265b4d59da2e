# METADATA
# title: Production deployments automated and logged
# description: >-
#   Every production deployment names the pipeline or controller run that performed it, had no
#   manual steps, and has its log kept with the release. Verified after deployment.
# custom:
#   requirement: DEP-01
#   severity: high
#   remediation: >-
#     Deploy to production only through the pipeline or CD controller, record its run (system and
#     run id or URL) for each deployment, and keep the deployment log with the release.
#   evidence: [/deployments]
package relpolicy.release.dep_01

import rego.v1

import data.relpolicy.lib.release as lib

production := lib.params.environments.production

deployments := input.deployments

in_production := {i | some i, d in deployments; d.environment == production}

at(i) := sprintf("/deployments/%d", [i])

name(i) := object.get(deployments[i], "id", sprintf("#%d", [i]))

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
	not deployments[i].log
}

warn contains {"msg": sprintf("production deployment %s ended %s", [name(i), deployments[i].status]), "evidence": at(i)} if {
	some i in in_production
	deployments[i].status in {"failed", "rolled_back", "cancelled"}
}

satisfied if {
	count(in_production) > 0
	every i in in_production {
		automated(deployments[i])
		count(manual_steps(deployments[i])) == 0
		deployments[i].log
	}
}
