// Package estate implements `awssec inventory`: write an estate in the
// inventory's JSON form (the demo estate, or a saved one re-checked and
// normalized).
package estate

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/inventory"
)

// Options are the inputs of `awssec inventory`.
type Options struct {
	Factory *cmdutil.Factory
	Demo    bool
	Estates []string
	Output  string
}

// NewCmdInventory builds `awssec inventory`.
func NewCmdInventory(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "inventory",
		Short: "Write an estate in the inventory's JSON form",
		Long: "Write an estate in the inventory's JSON form (schema: docs/inventory.schema.json).\n" +
			"`awssec scan --inventory FILE` scans what this writes.",
		Example: "  awssec inventory --demo > estate.json\n  awssec inventory --inventory estate.json   # validate and normalize",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return run(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Demo, "demo", false, "the built-in demo estate")
	cmd.Flags().StringArrayVar(&opts.Estates, "inventory", nil, "estates saved in the inventory's JSON form (repeatable, globs), merged")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

func run(opts *Options) error {
	e, err := cmdutil.LoadEstate(opts.Factory, opts.Demo, opts.Estates)
	if err != nil {
		return err
	}
	return cmdutil.WriteOutput(opts.Factory, opts.Output, func(w io.Writer) error {
		return inventory.Encode(w, e)
	})
}
