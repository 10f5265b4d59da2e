package app.app_test

import rego.v1

import data.app.app_1
import data.app.app_2

test_one_change_passes if app_1.satisfied with input as {"release": {"changes": [{"id": "C-1"}]}}

test_no_change_is_denied if app_1.deny == {"the release lists no changes"} with input as {"release": {"changes": []}}

# Fails on purpose: the limit is 2, so three changes are not satisfied.
test_three_changes_pass if {
	print("limit is", data.relpolicy.params.limit)
	app_2.satisfied with input as {"release": {"changes": [1, 2, 3]}}
}

# Errors on purpose: `changes` is a number, and count() of a number is an error.
test_count_of_a_number if app_2.satisfied with input as {"release": {"changes": 7}}

todo_test_limit_from_params if false
