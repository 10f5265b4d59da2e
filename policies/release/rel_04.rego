# METADATA
# title: Artifacts promoted between environments without rebuild
# description: >-
#   Each artifact was promoted along every step of params.environments.promotion_path with the
#   digest it was built with and without a rebuild; no promotion skips a step. After deployment
#   (post-deploy), production must run exactly the built digests. Before deployment
#   (pre-deploy), the step into production is not yet required.
# custom:
#   requirement: REL-04
#   severity: critical
#   remediation: >-
#     Build once and promote the same artifact by digest through every environment; record each
#     promotion (artifact, digest, from, to), and deploy that digest to production.
#   evidence: [/artifacts, /promotions]
package relpolicy.release.rel_04

import rego.v1

import data.relpolicy.lib.release as lib

artifacts := input.artifacts

promotions := input.promotions

path := lib.params.environments.promotion_path

production := lib.params.environments.production

steps := [[path[i], path[i + 1]] | some i in numbers.range(0, count(path) - 2)]

# Steps that must be recorded now: all of them after deployment, all but the one into
# production before it.
required := [s | some s in steps; step_required(s)]

step_required(_) if lib.post_deploy

step_required(s) if s[1] != production

promoted(name, step) := {i |
	some i, p in promotions
	p.artifact == name
	[p.from, p.to] == step
}

built_names := {a.name | some a in artifacts}

# Artifacts by name; promotions and deployments name artifacts, so names must be unique.
built := {name: a |
	some name in built_names
	a := [x | some x in artifacts; x.name == name][0]
}

duplicated contains a.name if {
	some i, a in artifacts
	some j, b in artifacts
	i < j
	a.name == b.name
}

# Promotions of this release's artifacts that changed the artifact.
broken contains i if {
	some i, p in promotions
	a := built[p.artifact]
	p.digest != a.digest
}

broken contains i if {
	some i, p in promotions
	p.artifact in built_names
	p.rebuilt == true
}

# Promotions of this release's artifacts that leave the promotion path.
off_path contains i if {
	some i, p in promotions
	p.artifact in built_names
	not [p.from, p.to] in steps
}

production_deployments := {i | some i, d in input.deployments; d.environment == production}

# [deployment index, artifact name] where production runs another digest than was built.
production_mismatch contains [di, x.name] if {
	lib.post_deploy
	some di in production_deployments
	some x in input.deployments[di].artifacts
	x.digest != built[x.name].digest
}

in_production(name) if {
	some di in production_deployments
	some x in input.deployments[di].artifacts
	x.name == name
}

deployment_name(di) := object.get(input.deployments[di], "id", sprintf("#%d", [di]))

deny contains {"msg": "the release lists no artifacts to trace", "evidence": "/artifacts"} if {
	count(artifacts) == 0
}

deny contains {"msg": sprintf("artifact %s has no built digest to compare promotions with", [a.name]), "evidence": sprintf("/artifacts/%d", [i])} if {
	some i, a in artifacts
	not a.digest
}

deny contains {"msg": sprintf("artifact name %s is listed more than once, so its promotions cannot be traced", [name]), "evidence": "/artifacts"} if {
	some name in duplicated
}

deny contains f if {
	some i, a in artifacts
	some step in required
	count(promoted(a.name, step)) == 0
	f := {"msg": sprintf("artifact %s was never promoted from %s to %s", [a.name, step[0], step[1]]), "evidence": sprintf("/artifacts/%d", [i])}
}

deny contains f if {
	some i in broken
	p := promotions[i]
	p.digest != built[p.artifact].digest
	f := {
		"msg": sprintf("artifact %s reached %s as %s, but was built as %s: it was rebuilt or replaced", [p.artifact, p.to, p.digest, built[p.artifact].digest]),
		"evidence": sprintf("/promotions/%d", [i]),
	}
}

deny contains f if {
	some i in broken
	p := promotions[i]
	p.rebuilt == true
	f := {"msg": sprintf("the promotion of %s from %s to %s rebuilt the artifact", [p.artifact, p.from, p.to]), "evidence": sprintf("/promotions/%d", [i])}
}

deny contains f if {
	some i in off_path
	p := promotions[i]
	f := {
		"msg": sprintf("the promotion of %s from %s to %s is not a step of the promotion path %s", [p.artifact, p.from, p.to, concat(" -> ", path)]),
		"evidence": sprintf("/promotions/%d", [i]),
	}
}

warn contains f if {
	some i, p in promotions
	not p.artifact in built_names
	f := {"msg": sprintf("the promotion log moves %s, which is not an artifact of this release", [p.artifact]), "evidence": sprintf("/promotions/%d", [i])}
}

missing contains f if {
	lib.post_deploy
	count(production_deployments) == 0
	f := {
		"msg": "no production deployment is recorded, so the digest running in production cannot be checked (before deploying, run with --phase pre-deploy)",
		"evidence": "/deployments",
	}
}

deny contains f if {
	some [di, name] in production_mismatch
	x := [y | some y in input.deployments[di].artifacts; y.name == name][0]
	f := {
		"msg": sprintf("production deployment %s runs %s as %s, not the built and promoted %s", [deployment_name(di), name, x.digest, built[name].digest]),
		"evidence": sprintf("/deployments/%d", [di]),
	}
}

deny contains f if {
	lib.post_deploy
	count(production_deployments) > 0
	some i, a in artifacts
	not in_production(a.name)
	f := {"msg": sprintf("no production deployment record lists artifact %s", [a.name]), "evidence": sprintf("/artifacts/%d", [i])}
}

production_ok if not lib.post_deploy

production_ok if {
	lib.post_deploy
	count(production_deployments) > 0
	every a in artifacts {
		in_production(a.name)
	}
	count(production_mismatch) == 0
}

satisfied if {
	count(artifacts) > 0
	count(duplicated) == 0
	every a in artifacts {
		a.digest
		every step in required {
			count(promoted(a.name, step)) > 0
		}
	}
	count(broken) == 0
	count(off_path) == 0
	production_ok
}
