package huntcmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/trail/detect"
)

// NewCmdDetections builds `awssec trail detections`.
func NewCmdDetections(f *cmdutil.Factory) *cobra.Command {
	var format string
	var rules []string
	cmd := &cobra.Command{
		Use:   "detections",
		Short: "List the built-in CloudTrail detections with their MITRE ATT&CK techniques",
		Long: "Detections lists what `awssec trail hunt` looks for: each detection's id, severity, kind\n" +
			"(sigma: an embedded Sigma rule; stateful: Go, across events; event: Go, one event), MITRE ATT&CK\n" +
			"techniques and title. With --rules, your Sigma rules are checked and listed too.",
		Example: "  awssec trail detections\n  awssec trail detections --format json\n  awssec trail detections --rules ./sigma-rules",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cmdutil.OneOf("format", format, []string{"table", "json"}); err != nil {
				return err
			}
			dets, err := Select(rules, false, nil)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeCatalogJSON(f.IOStreams.Out, dets)
			}
			return writeCatalog(f.IOStreams.Out, dets, f.IOStreams.IsStdoutTTY())
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json")
	cmd.Flags().StringArrayVar(&rules, "rules", nil, "also check and list the Sigma rules in these files or directories")
	return cmd
}

func writeCatalog(w io.Writer, dets []*detect.Detection, tty bool) error {
	if !tty {
		for _, d := range dets {
			if _, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", d.ID, d.Severity, d.Kind, strings.Join(d.Techniques, ","), d.Title); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tKIND\tATT&CK\tTITLE")
	for _, d := range dets {
		title := d.Title
		if d.Needs != "" {
			title += " (needs " + d.Needs + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.ID, d.Severity, d.Kind, strings.Join(d.Techniques, ","), title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d detections\n", len(dets))
	return err
}

type catalogEntry struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Severity    string   `json:"severity"`
	Kind        string   `json:"kind"`
	Techniques  []string `json:"techniques"`
	Tactics     []string `json:"tactics"`
	Description string   `json:"description"`
	Needs       string   `json:"needs,omitempty"`
	Source      string   `json:"source,omitempty"`
}

func writeCatalogJSON(w io.Writer, dets []*detect.Detection) error {
	out := []catalogEntry{}
	for _, d := range dets {
		e := catalogEntry{ID: d.ID, Title: d.Title, Severity: d.Severity.String(), Kind: d.Kind, Techniques: d.Techniques,
			Tactics: d.Tactics, Description: d.Description, Needs: d.Needs, Source: d.Source}
		if e.Techniques == nil {
			e.Techniques = []string{}
		}
		if e.Tactics == nil {
			e.Tactics = []string{}
		}
		out = append(out, e)
	}
	if err := json.MarshalWrite(w, out, json.Deterministic(true), jsontext.WithIndent("  ")); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
