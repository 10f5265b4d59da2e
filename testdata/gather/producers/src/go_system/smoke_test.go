package smoke

import "testing"

func TestServiceReportsHealthy(t *testing.T) {}

func TestDatabaseReachable(t *testing.T) {}
