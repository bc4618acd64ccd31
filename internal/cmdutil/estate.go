package cmdutil

import (
	"errors"
	"io/fs"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/inventory"
)

// LoadEstate returns the demo estate, or the estate saved at path.
// Exactly one of the two must be asked for.
func LoadEstate(f *Factory, useDemo bool, path string) (*inventory.Estate, error) {
	switch {
	case useDemo && path != "":
		return nil, Usagef("--demo and --inventory cannot be used together")
	case useDemo:
		return demo.Estate(), nil
	case path == "":
		return nil, Usagef("say what to scan: --demo for the built-in demo estate, or --inventory FILE")
	}
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
	return e, nil
}
