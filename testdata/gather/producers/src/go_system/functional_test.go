package functional

import "testing"

func TestExport(t *testing.T) {
	t.Run("CHG-2026-0892 csv contains all payments", func(t *testing.T) {})
	t.Run("CHG-2026-0892 respects date filter", func(t *testing.T) {})
}

func TestFees(t *testing.T) {
	t.Run("CHG-2026-0901 summary rounds half even", func(t *testing.T) {})
}

func TestNotifications(t *testing.T) {
	t.Run("CHG-2026-0915 use the customer's language", func(t *testing.T) {})
}
