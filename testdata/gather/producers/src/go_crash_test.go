package crash

import "testing"

func TestRollbackDrill(t *testing.T) {
	var m map[string]int
	m["release"] = 1
}
