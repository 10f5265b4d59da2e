package regression

import "testing"

func TestCardPaymentEndToEnd(t *testing.T) {}

func TestPartialRefundEndToEnd(t *testing.T) {}
