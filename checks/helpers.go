package checks

import (
	"fmt"
	"time"
)

// daysSince is the number of whole days from t to the moment the estate
// was collected: ages are measured against the estate, never the wall clock.
func daysSince(c *Context, t time.Time) int {
	return int(c.Estate.CollectedAt.Sub(t) / (24 * time.Hour))
}

// countOf renders a count with its noun: "1 policy", "2 policies".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// orNone renders an empty string as "none".
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
