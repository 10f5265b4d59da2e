package smoke

import "testing"

func TestHealthEndpoint(t *testing.T) {}

func TestExportReportsToCSV(t *testing.T) {
	t.Run("small", func(t *testing.T) {})
	t.Run("large", func(t *testing.T) {})
}

func TestFeeSummaryRounding(t *testing.T) {}
