// Package iampolicy implements `awssec iam-policy`: the exact
// least-privilege IAM policy that awssec's collectors need.
package iampolicy

import (
	"io"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/collect/live"
	"github.com/awssec/awssec/internal/cmdutil"
)

// NewCmdIAMPolicy builds `awssec iam-policy`.
func NewCmdIAMPolicy(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "iam-policy",
		Short: "Print the least-privilege IAM policy awssec needs to scan",
		Long: "Print the identity policy that allows exactly the read-only calls awssec makes, no more.\n" +
			"Attach it to the role awssec runs as (and, with --org or --role-arn, to the role it assumes in each account).",
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return Write(f.IOStreams.Out)
		},
	}
}

// Document is the policy: one statement of read-only actions, and one that
// lets the scanner assume its audit roles.
func Document() any {
	type statement struct {
		Sid      string   `json:"Sid"`
		Effect   string   `json:"Effect"`
		Action   []string `json:"Action"`
		Resource string   `json:"Resource"`
	}
	return struct {
		Version   string      `json:"Version"`
		Statement []statement `json:"Statement"`
	}{"2012-10-17", []statement{
		{Sid: "AwssecReadOnly", Effect: "Allow", Action: live.Operations(), Resource: "*"},
		{Sid: "AwssecAssumeAuditRoles", Effect: "Allow", Action: []string{"sts:AssumeRole"}, Resource: "arn:aws:iam::*:role/*"},
	}}
}

// Write prints the policy as indented JSON.
func Write(w io.Writer) error {
	if err := json.MarshalWrite(w, Document(), jsontext.WithIndent("  ")); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
