package scan

import (
	"github.com/awssec/awssec/attackpath"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// findPaths returns the attack paths of the scan when --paths asks for
// them. They are built from every result, not only those the output
// filters keep: a path is made of findings whatever is shown.
func findPaths(opts *Options, e *inventory.Estate, results []finding.Finding) []finding.Path {
	if !opts.Paths {
		return nil
	}
	// Not nil: the JSON report says "paths": [] when none were found.
	return append([]finding.Path{}, attackpath.Find(e, results)...)
}
