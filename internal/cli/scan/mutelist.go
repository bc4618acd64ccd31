package scan

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/mutelist"
)

// loadMutelist reads --mutelist before anything is collected, so a bad
// file fails fast. It returns nil when no mutelist is asked for.
func loadMutelist(opts *Options) (*mutelist.Mutelist, error) {
	if opts.Mutelist == "" {
		return nil, nil
	}
	data, err := opts.Factory.ReadFile(opts.Mutelist)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, cmdutil.Usagef("--mutelist %s: no such file", opts.Mutelist)
		}
		return nil, &cmdutil.UsageError{Err: fmt.Errorf("--mutelist: %w", err)}
	}
	ml, err := mutelist.Parse(opts.Mutelist, data)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	return ml, nil
}

// applyMutelist marks the results the mutelist covers as muted, and warns
// on stderr about expired entries and entries that match nothing.
func applyMutelist(opts *Options, ml *mutelist.Mutelist, e *inventory.Estate, results []finding.Finding) {
	if ml == nil {
		return
	}
	var tags mutelist.Tags
	if ml.HasTags() {
		tags = mutelist.EstateTags(e)
	}
	res := ml.Apply(results, tags, opts.Now())
	for _, w := range res.Warnings {
		fmt.Fprintln(opts.IO.ErrOut, w)
	}
}
