# METADATA
# title: Artifacts promoted between environments without rebuild
# description: >-
#   Each artifact was built, then promoted along every step of
#   params.environments.promotion_path in order, with the digest it was built with and without
#   a rebuild; no promotion skips a step; every environment on the path whose deployments are
#   recorded last deployed successfully, listing every artifact with exactly the promoted
#   digest. After deployment
#   (post-deploy), production must run exactly the built digests, promoted there before the
#   deployment finished. Before deployment (pre-deploy), the step into production is not yet
#   required.
# custom:
#   requirement: REL-04
#   severity: critical
#   remediation: >-
#     Build once and promote the same artifact by digest through every environment in order;
#     record each promotion (artifact, digest, from, to, at), deploy that digest successfully to
#     each environment, and deploy it to production.
#   evidence: [/artifacts, /promotions]
package relpolicy.release.rel_04

import rego.v1

import data.relpolicy.lib.release as lib

artifacts := input.artifacts

promotions := input.promotions

deployments := object.get(input, "deployments", [])

path := lib.params.environments.promotion_path

production := lib.params.environments.production

steps := [[path[i], path[i + 1]] | some i in numbers.range(0, count(path) - 2)]

# Steps that must be recorded now: all of them after deployment, all but the one into
# production before it.
required := [s | some s in steps; step_required(s)]

step_required(_) if lib.post_deploy

step_required(s) if s[1] != production

# Artifact names once each, and the names listed twice (found by sorting: one pass, whatever
# the number of artifacts).
sorted_names := sort([a.name | some a in artifacts])

duplicated := {sorted_names[k] |
	some k in numbers.range(1, count(sorted_names) - 1)
	count(sorted_names) > 1
	sorted_names[k] == sorted_names[k - 1]
}

# Artifacts by name (names listed twice are left out: their promotions cannot be traced).
built := {a.name: a | some a in artifacts; not a.name in duplicated}

# The earliest promotion of each artifact along each step, as relpolicy's timeline found it
# ({artifact: {"from -> to": [index, time]}}; the time is -1 where that promotion's is missing
# or unusable, so the order check below meets it and names it).
firsts := object.get(input, ["timeline", "promotions"], {})

step_key(s) := concat(" -> ", s)

required_keys := [step_key(s) | some s in required]

promotion_at(i) := sprintf("/promotions/%d/at", [i])

times := object.get(input, ["timeline", "times"], {})

# The steps of the path, by where they start: {from: {to}}.
next := {s[0]: {t[1] | some t in steps; t[0] == s[0]} | some s in steps}

# The promotions of this release's artifacts that changed the artifact or left the promotion
# path (each is then looked at again, for the findings).
suspect contains i if {
	traced := built
	some i, p in promotions
	p.digest != traced[p.artifact].digest
}

suspect contains i if {
	some i, p in promotions
	p.rebuilt == true
	built[p.artifact]
}

suspect contains i if {
	steps_from := next
	some i, p in promotions
	not steps_from[p.from][p.to]
	built[p.artifact]
}

# Promotions of this release's artifacts that changed the artifact.
broken contains i if {
	some i in suspect
	p := promotions[i]
	p.digest != built[p.artifact].digest
}

broken contains i if {
	some i in suspect
	promotions[i].rebuilt == true
}

# Promotions of this release's artifacts that leave the promotion path.
off_path contains i if {
	some i in suspect
	p := promotions[i]
	not next[p.from][p.to]
}

# Deployments by environment, in the order they were recorded.
deployed_to(env) := [i | some i, d in deployments; d.environment == env]

production_deployments := deployed_to(production)

# The last deployment recorded for each environment of the path before production.
last_deployment[env] := ids[count(ids) - 1] if {
	some env in path
	env != production
	ids := deployed_to(env)
	count(ids) > 0
}

# [deployment index, artifact name, digest] where an environment runs another digest than was
# built and promoted.
mismatch contains [di, x.name, x.digest] if {
	traced := built
	some _, di in last_deployment
	some x in deployments[di].artifacts
	x.digest != traced[x.name].digest
}

mismatch contains [di, x.name, x.digest] if {
	lib.post_deploy
	traced := built
	some di in production_deployments
	some x in deployments[di].artifacts
	x.digest != traced[x.name].digest
}

in_production := {x.name | some di in production_deployments; some x in deployments[di].artifacts}

deployment_name(di) := object.get(deployments[di], "id", sprintf("#%d", [di]))

# built → promoted along each required step, in order; into production before the production
# deployment finished. First as plain numbers (-1 for a time that is missing or unusable), so
# only an artifact out of order pays for the events that name each step in the findings.
# Leading with 0, the chain is in order only if sorting leaves it as it is: a time that is
# missing or unusable (-1) sorts before the 0 and breaks the order as a late one does.
out_of_order contains i if {
	# (Rule values bound once, not looked up again for each artifact.)
	keys := required_keys
	end := production_end
	traced := built
	at := times
	taken := firsts
	some i, a in artifacts
	traced[a.name]
	steps_taken := object.get(taken, a.name, {})
	ts := array.concat(
		array.concat(
			[0, object.get(at, sprintf("/artifacts/%d/built_at", [i]), -1)],
			[f[1] | some key in keys; f := steps_taken[key]],
		),
		end,
	)
	ts != sort(ts)
}

production_end := [object.get(times, deployed_event.at, -1) | lib.post_deploy; count(production_deployments) > 0]

built_at(i) := sprintf("/artifacts/%d/built_at", [i])

chain(a, i) := array.concat(
	array.concat(
		[lib.event(built_at(i), sprintf("the build of %s", [a.name]))],
		[lib.event(promotion_at(f[0]), sprintf("the promotion of %s from %s to %s", [a.name, s[0], s[1]])) |
			some s in required
			f := firsts[a.name][step_key(s)]
		],
	),
	[deployed_event | lib.post_deploy; count(production_deployments) > 0],
)

deployed_event := lib.event(sprintf("/deployments/%d/finished_at", [production_deployments[0]]), "the end of the production deployment")

orders contains f if {
	some i in out_of_order
	some f in lib.order_findings(chain(artifacts[i], i))
}

# [artifact index, step] for each step an artifact was never promoted along.
unpromoted contains [i, required[j]] if {
	some i, a in artifacts
	steps_taken := object.get(firsts, a.name, {})
	some j, key in required_keys
	not steps_taken[key]
}

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
	some [i, step] in unpromoted
	f := {"msg": sprintf("artifact %s was never promoted from %s to %s", [artifacts[i].name, step[0], step[1]]), "evidence": sprintf("/artifacts/%d", [i]), "param": "environments.promotion_path"}
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
		"param": "environments.promotion_path",
	}
}

deny contains f if some f in orders

artifact_names := {a.name | some a in artifacts}

warn contains f if {
	some i, p in promotions
	not p.artifact in artifact_names
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
	some env, di in last_deployment
	deployments[di].status != "succeeded"
	f := {
		"msg": sprintf("%s does not run the release: its last deployment %s ended %s", [env, deployment_name(di), deployments[di].status]),
		"evidence": sprintf("/deployments/%d", [di]),
	}
}

deny contains f if {
	some [di, name, digest] in mismatch
	f := {
		"msg": sprintf("deployment %s to %s runs %s as %s, not the built and promoted %s", [deployment_name(di), deployments[di].environment, name, digest, built[name].digest]),
		"evidence": sprintf("/deployments/%d", [di]),
	}
}

deny contains f if {
	lib.post_deploy
	count(production_deployments) > 0
	some i, a in artifacts
	not a.name in in_production
	f := {"msg": sprintf("no production deployment record lists artifact %s", [a.name]), "evidence": sprintf("/artifacts/%d", [i])}
}

# The last deployment to an environment of the path runs the whole release, or it does not run
# the release.
unlisted contains [di, name] if {
	some _, di in last_deployment
	listed := {x.name | some x in object.get(deployments[di], "artifacts", [])}
	some name in artifact_names
	not name in listed
}

deny contains f if {
	some [di, name] in unlisted
	f := {
		"msg": sprintf("deployment %s to %s does not list artifact %s, so %s cannot be shown to run the release", [deployment_name(di), deployments[di].environment, name, deployments[di].environment]),
		"evidence": sprintf("/deployments/%d", [di]),
	}
}

production_ok if not lib.post_deploy

production_ok if {
	lib.post_deploy
	count(production_deployments) > 0
	every a in artifacts {
		a.name in in_production
	}
}

satisfied if {
	count(artifacts) > 0
	count(duplicated) == 0
	every a in artifacts {
		a.digest
	}
	count(unpromoted) == 0
	count(broken) == 0
	count(off_path) == 0
	count(mismatch) == 0
	count(unlisted) == 0
	count(orders) == 0
	every env, di in last_deployment {
		env
		deployments[di].status == "succeeded"
	}
	production_ok
}

# What the verdict rests on: each artifact's digest, and each promotion of it on the path.
basis contains b if some b in lib.artifacts_basis

basis contains b if {
	some i, _ in promotions
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/promotions/%d", [i]), promotions[i], "promotion", ["artifact", "from", "to", "digest", "at", "actor.id"])
}
