package performance

import "testing"

func TestP99LatencyUnderBaseline(t *testing.T) {}
