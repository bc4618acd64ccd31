package cmdutil

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/inventory"
)

// LoadEstate returns the demo estate, or the estates saved at paths
// (file names or glob patterns) merged into one. Exactly one of the two
// must be asked for.
func LoadEstate(f *Factory, useDemo bool, paths []string) (*inventory.Estate, error) {
	switch {
	case useDemo && len(paths) > 0:
		return nil, Usagef("--demo and --inventory cannot be used together")
	case useDemo:
		return demo.Estate(), nil
	case len(paths) == 0:
		return nil, Usagef("say what to scan: --demo for the built-in demo estate, or --inventory FILE")
	}
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	var estates []*inventory.Estate
	for _, path := range files {
		data, err := f.ReadFile(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, Usagef("%s: no such file", path)
			}
			return nil, &UsageError{Err: err}
		}
		e, err := inventory.Decode(path, data)
		if err != nil {
			return nil, &UsageError{Err: err}
		}
		estates = append(estates, e)
	}
	e, err := inventory.Merge(files, estates)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	return e, nil
}

// expand turns glob patterns into the files they match; a name without
// glob characters is kept as is, so a missing file is reported by name.
func expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		matches, err := filepath.Glob(p)
		if err != nil {
			return nil, Usagef("--inventory %q: %v", p, err)
		}
		if len(matches) == 0 {
			out = append(out, p)
			continue
		}
		out = append(out, matches...)
	}
	return out, nil
}
