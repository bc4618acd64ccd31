// Package verifycmd implements `awssec trail verify` and `awssec trail download`.
package verifycmd

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
)

// NewCmdVerify builds `awssec trail verify`.
func NewCmdVerify(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{Use: "verify", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("trail verify: not built") }}
}

// NewCmdDownload builds `awssec trail download`.
func NewCmdDownload(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{Use: "download", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("trail download: not built") }}
}
