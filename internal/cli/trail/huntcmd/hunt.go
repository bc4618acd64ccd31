// Package huntcmd implements `awssec trail hunt` and `awssec trail detections`.
package huntcmd

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
)

// NewCmdHunt builds `awssec trail hunt`.
func NewCmdHunt(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{Use: "hunt", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("trail hunt: not built") }}
}

// NewCmdDetections builds `awssec trail detections`.
func NewCmdDetections(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{Use: "detections", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("trail detections: not built") }}
}
