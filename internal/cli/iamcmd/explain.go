package iamcmd

import (
	"io"
	"os"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/explain"
	"github.com/awssec/awssec/iam/policy"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// ExplainOptions are the inputs of `awssec iam explain`.
type ExplainOptions struct {
	IO     *iostreams.IOStreams
	Path   string // a file, or "-" for standard input
	Format string
	// ReadFile reads Path; tests replace it.
	ReadFile func(string) ([]byte, error)
}

// NewCmdExplain builds `awssec iam explain`. runF replaces the run in tests.
func NewCmdExplain(f *cmdutil.Factory, runF func(*ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{IO: f.IOStreams, ReadFile: os.ReadFile}
	cmd := &cobra.Command{
		Use:   "explain <policy.json>",
		Short: "Say what an IAM policy means and what is wrong with it",
		Long: "Explain an IAM policy statement by statement in plain English — the actions it names or\n" +
			"leaves out (NotAction), counted against the service catalogue; the resources (NotResource as\n" +
			"\"everything except\"); the principal; each condition — then what it means: findings derived\n" +
			"by simulating requests with the policy alone and beside a policy that allows everything\n" +
			"(what it grants, what it takes away, what escapes a broad deny and what that enables, which\n" +
			"credentials a condition catches, who it breaks, and the resources next to the ones it names).\n" +
			"Works offline. Give - to read the policy from standard input.",
		Example: "  awssec iam explain policy.json\n  awssec iam explain --format json policy.json | jq '.consequences[].id'",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.Usagef("give one policy file, for example: awssec iam explain policy.json")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Path = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runExplain(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, json")
	return cmd
}

func runExplain(opts *ExplainOptions) error {
	if err := cmdutil.OneOf("format", opts.Format, []string{"text", "json"}); err != nil {
		return err
	}
	var data []byte
	var err error
	name := opts.Path
	if name == "-" {
		name = "<stdin>"
		// One byte over the parser's limit is enough for it to refuse.
		data, err = io.ReadAll(io.LimitReader(opts.IO.In, policy.MaxSize+1))
	} else {
		data, err = opts.ReadFile(opts.Path)
	}
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	p, err := policy.Parse(name, data)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	// A value the evaluator cannot read (a number that is not one) is bad
	// input too, with its position; Explain would only report it.
	if _, err := eval.Compile(p); err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	x := explain.Explain(p)
	if opts.Format == "json" {
		if err := json.MarshalWrite(opts.IO.Out, x, json.Deterministic(true), jsontext.WithIndent("  ")); err != nil {
			return err
		}
		_, err := io.WriteString(opts.IO.Out, "\n")
		return err
	}
	return x.WriteText(opts.IO.Out)
}
