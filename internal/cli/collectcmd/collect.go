// Package collectcmd implements `awssec collect`: collect an estate from
// AWS and save it, without running checks — one shard of an organization
// per job when the organization is large.
package collectcmd

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/inventory"
)

// Options are the inputs of `awssec collect`.
type Options struct {
	Factory *cmdutil.Factory
	Live    cmdutil.LiveFlags
	Save    string
}

// NewCmdCollect builds `awssec collect`.
func NewCmdCollect(f *cmdutil.Factory) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "collect",
		Short: "Collect an estate from AWS and save it in the inventory's JSON form",
		Long: "Collect reads accounts with read-only calls and writes the estate, for `awssec scan --inventory`.\n" +
			"--shard K/N collects one deterministic slice of the accounts, so N jobs can share an organization;\n" +
			"`awssec scan --inventory 'part-*.json'` merges their files. See docs/scale.md.",
		Example: "  awssec collect --org --role-name OrganizationAccountAccessRole --shard 3/20 --save part-03.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			e, stats, err := opts.Live.Collect(cmd.Context(), f)
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IOStreams.ErrOut, cmdutil.CollectionSummary(e, stats))
			return cmdutil.WriteOutput(f, opts.Save, func(w io.Writer) error { return inventory.Encode(w, e) })
		},
	}
	opts.Live.Register(cmd.Flags(), true)
	cmd.Flags().StringVarP(&opts.Save, "save", "o", "", "write the estate to this file (default: stdout)")
	return cmd
}
