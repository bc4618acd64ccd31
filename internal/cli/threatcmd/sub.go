package threatcmd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"text/tabwriter"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/dragon"
	"github.com/awssec/awssec/threat/model"
	"github.com/awssec/awssec/threat/render"
	"github.com/awssec/awssec/threat/templates"
)

func newCmdRules(f *cmdutil.Factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the threat rule catalogue",
		Long: "Rules lists every rule: the STRIDE-per-element baseline (rule stride) and the specific rules,\n" +
			"with the subjects each looks at, its STRIDE category, its impact before scaling by data\n" +
			"classification and exposure, and the awssec checks whose findings are its evidence.",
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := cmdutil.OneOf("format", format, []string{"table", "json", "md"}); err != nil {
				return err
			}
			if format == "md" {
				return render.RulesMarkdown(f.IOStreams.Out)
			}
			rules := threat.Rules()
			if format == "json" {
				type ruleJSON struct {
					ID          string   `json:"id"`
					Category    string   `json:"category"`
					Applies     []string `json:"appliesTo"`
					Title       string   `json:"title"`
					Impact      string   `json:"impact"`
					Baseline    bool     `json:"baseline,omitzero"`
					Rationale   string   `json:"rationale"`
					Mitigations []string `json:"mitigations"`
					Checks      []string `json:"checks,omitempty"`
				}
				var out []ruleJSON
				for _, r := range rules {
					out = append(out, ruleJSON{r.ID, r.Category.Name(), r.Applies, r.Title, r.Impact.String(), r.Baseline, r.Rationale, r.Mitigations, r.Checks})
				}
				return json.MarshalWrite(f.IOStreams.Out, out, jsontext.WithIndent("  "))
			}
			tw := tabwriter.NewWriter(f.IOStreams.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RULE\tSTRIDE\tIMPACT\tAPPLIES TO\tTITLE")
			for _, r := range rules {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Category, r.Impact, strings.Join(r.Applies, ","), r.Title)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "%d rules\n", len(rules))
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json, md")
	return cmd
}

func newCmdNew(f *cmdutil.Factory) *cobra.Command {
	var name, output string
	cmd := &cobra.Command{
		Use:   "new --template NAME",
		Short: "Start a model from a template",
		Long: "New writes a starting model for a common architecture; edit it, then run `awssec threat FILE`.\n" +
			"Without --template it lists the templates.",
		Example: "  awssec threat new --template serverless-api --output model.yaml",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if name == "" {
				tw := tabwriter.NewWriter(f.IOStreams.Out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "TEMPLATE\tDESCRIPTION")
				for _, t := range templates.All {
					fmt.Fprintf(tw, "%s\t%s\n", t.Name, t.Description)
				}
				return tw.Flush()
			}
			src, err := templates.Source(name)
			if err != nil {
				return &cmdutil.UsageError{Err: fmt.Errorf("--template: %w", err)}
			}
			return cmdutil.WriteOutput(f, output, func(w io.Writer) error {
				_, err := w.Write(src)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&name, "template", "", "template: "+strings.Join(templates.Names(), ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

func newCmdImport(f *cmdutil.Factory) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Convert an OWASP Threat Dragon v2 model into an awssec model",
		Long: "Import reads a Threat Dragon v2 JSON model and writes it as awssec YAML: actors, processes and\n" +
			"stores become elements, flows connect them, trust boundary boxes hold the elements drawn inside\n" +
			"them, trust boundary curves split the diagram into zones. Statuses of threats awssec exported\n" +
			"come back; hand-written Threat Dragon threats are kept in their element's description.\n" +
			"`awssec threat MODEL --export threat-dragon` goes the other way.",
		Example: "  awssec threat import threat-dragon.json --output model.yaml",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			data, err := f.ReadFile(args[0])
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return cmdutil.Usagef("%s: no such file", args[0])
				}
				return &cmdutil.UsageError{Err: err}
			}
			im, err := dragon.Import(args[0], data)
			if err != nil {
				return &cmdutil.UsageError{Err: err}
			}
			for _, n := range im.Notes {
				fmt.Fprintf(f.IOStreams.ErrOut, "%s: note: %s\n", args[0], n)
			}
			return cmdutil.WriteOutput(f, output, func(w io.Writer) error { return model.Encode(w, im.Model) })
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}
