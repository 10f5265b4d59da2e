package integration

import "testing"

func TestGatewayV3Contract(t *testing.T) {}

func TestLedgerPostingsBalance(t *testing.T) {}
