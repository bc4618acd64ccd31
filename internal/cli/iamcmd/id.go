package iamcmd

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/iam/ids"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// IDOptions are the inputs of `awssec iam id`.
type IDOptions struct {
	IO     *iostreams.IOStreams
	IDs    []string
	Format string
}

// NewCmdID builds `awssec iam id`. runF replaces the run in tests.
func NewCmdID(f *cmdutil.Factory, runF func(*IDOptions) error) *cobra.Command {
	opts := &IDOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "id <id>...",
		Short: "Tell what an access key id, principal id or other IAM id is, and its account",
		Long: "Tell what an AWS identifier is: an access key id (AKIA…, ASIA…), a principal id\n" +
			"(AIDA…, AROA…, AROA…:session-name, an account id), or another IAM unique id (AGPA…, ANPA…, …);\n" +
			"whether it names a credential or a principal; the account an access key id encodes; and\n" +
			"when to use the key id and when the principal id. Works offline: nothing is sent to AWS.\n\n" +
			"Give ids, never secrets: a secret access key, session token or API key is refused and not repeated.",
		Example: "  awssec iam id AKIAIOSFODNN7EXAMPLE\n" +
			"  awssec iam id ASIAY34FZKBOKMUTVV7A AROADBQP57FF2AEXAMPLE:alice\n" +
			"  awssec iam id --format json AIDAJQABLZS4A3QDU576Q",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.Usagef("give one or more ids, for example: awssec iam id AKIAIOSFODNN7EXAMPLE")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.IDs = args
			if runF != nil {
				return runF(opts)
			}
			return runID(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	return cmd
}

// runID explains every id, or none: all are parsed first, so a refused
// secret or a malformed id stops the run before anything is printed.
func runID(opts *IDOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	infos := make([]ids.Info, len(opts.IDs))
	for n, id := range opts.IDs {
		info, err := ids.Parse(id)
		if err != nil {
			return argError(n, len(opts.IDs), err)
		}
		infos[n] = info
	}
	if opts.Format == "json" {
		return writeIDJSON(opts.IO.Out, infos)
	}
	return writeIDText(opts.IO.Out, infos)
}

// argError makes a parse error a one-line usage error, naming the
// argument when the id itself is not repeated (it may be a secret).
func argError(n, total int, err error) error {
	var e *ids.Error
	if errors.As(err, &e) && e.Input == "" && (total > 1 || errors.Is(err, ids.ErrSecret)) {
		err = fmt.Errorf("argument %d: %w", n+1, err)
	}
	if errors.Is(err, ids.ErrSecret) {
		return cmdutil.Usagef("%v; pass the access key id (AKIA…, ASIA…) instead, and if the secret is real, treat it as exposed (it is now in your shell history)", err)
	}
	return &cmdutil.UsageError{Err: err}
}

func writeIDText(w io.Writer, infos []ids.Info) error {
	var b strings.Builder
	for n, i := range infos {
		if n > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s\n", i.ID)
		fmt.Fprintf(&b, "  Type:        %s\n", i.Summary())
		if p, ok := ids.LookupPrefix(i.Prefix); ok {
			fmt.Fprintf(&b, "  Prefix:      %s (%s)\n", p.Prefix, p.Entity)
		}
		switch {
		case i.Account != "" && i.Type != ids.Account && i.Type != ids.FederatedUser:
			fmt.Fprintf(&b, "  Account:     %s (decoded from the key id)\n", i.Account)
		case i.Account != "":
			fmt.Fprintf(&b, "  Account:     %s\n", i.Account)
		case i.LegacyKey:
			b.WriteString("  Account:     not encoded (older key format)\n")
		}
		fmt.Fprintf(&b, "  Credential:  %s\n", yesNo(i.Credential, "names a credential; the id itself is not secret"))
		fmt.Fprintf(&b, "  Principal:   %s\n", yesNo(i.Principal, "a principal id (aws:userid, CloudTrail userIdentity.principalId)"))
		for _, g := range i.Guidance() {
			fmt.Fprintf(&b, "  - %s\n", g)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func yesNo(v bool, why string) string {
	if v {
		return "yes, " + why
	}
	return "no"
}

// idEntry is an id's JSON form.
type idEntry struct {
	ID         string   `json:"id"`
	Type       ids.Type `json:"type"`
	Prefix     string   `json:"prefix,omitzero"`
	Entity     string   `json:"entity"`
	Credential bool     `json:"credential"`
	Principal  bool     `json:"principal"`
	Temporary  bool     `json:"temporary"`
	Account    string   `json:"account,omitzero"`
	LegacyKey  bool     `json:"legacyKeyFormat,omitzero"`
	RoleID     string   `json:"roleId,omitzero"`
	Session    string   `json:"session,omitzero"`
	Summary    string   `json:"summary"`
	Guidance   []string `json:"guidance"`
}

func writeIDJSON(w io.Writer, infos []ids.Info) error {
	out := make([]idEntry, len(infos))
	for n, i := range infos {
		out[n] = idEntry{i.ID, i.Type, i.Prefix, i.Entity, i.Credential, i.Principal, i.Temporary,
			i.Account, i.LegacyKey, i.RoleID, i.Session, i.Summary(), i.Guidance()}
	}
	if err := json.MarshalWrite(w, out, json.Deterministic(true), jsontext.WithIndent("  ")); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
