package orgreport

import (
	"embed"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Formats are the report's renderings, by name.
var Formats = []string{"table", "json", "csv", "html"}

// Render writes the report in one of Formats.
func Render(w io.Writer, r *Report, format string) error {
	switch format {
	case "table":
		return Text(w, r)
	case "json":
		return JSON(w, r)
	case "csv":
		return CSV(w, r)
	case "html":
		return HTML(w, r)
	}
	return fmt.Errorf("unknown report format %q", format)
}

// Subject is the e-mail subject line of the report.
func Subject(r *Report) string {
	rules, resources, accounts := r.Totals()
	s := "AWS Config: all organization rules compliant"
	if r.AllRules {
		s = "AWS Config: all rules compliant"
	}
	if !r.Empty() {
		s = fmt.Sprintf("AWS Config: %s, %s in %s", plural(rules, "non-compliant rule"), plural(resources, "resource"), plural(accounts, "account"))
	}
	if r.Partial() {
		s += fmt.Sprintf(" (partial: %s not assessed)", plural(len(r.NotAssessed), "part"))
	}
	if r.Account != "" {
		s += " — " + r.Account
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func ruleKind(r *Report) string {
	if r.AllRules {
		return "rule"
	}
	return "organization rule"
}

// Text writes the report as aligned text tables, grouped as the seed guide
// shows it: aggregator → rule → account → resources.
func Text(w io.Writer, r *Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	rules, resources, accounts := r.Totals()
	fmt.Fprintf(tw, "AWS Config compliance report: account %s, %s, %s\n", r.Account, r.Region, stamp(r.GeneratedAt))
	if r.Empty() {
		fmt.Fprintf(tw, "Every %s is compliant in %s.\n", ruleKind(r), plural(len(r.Aggregators), "aggregator"))
	} else {
		fmt.Fprintf(tw, "%s, %s in %s, across %s.\n", plural(rules, "non-compliant "+ruleKind(r)), plural(resources, "non-compliant resource"),
			plural(accounts, "account"), plural(len(r.Aggregators), "aggregator"))
	}
	switch {
	case r.Previous != nil:
		fmt.Fprintf(tw, "Since the report of %s: %d new, %d fixed.\n", stamp(*r.Previous), countNew(r), len(r.Fixed))
	case r.Fixed != nil:
		fmt.Fprintf(tw, "No previous report: %d new.\n", countNew(r))
	}
	for _, ag := range r.Aggregators {
		fmt.Fprintf(tw, "\nAggregator name = %s\n", ag.Name)
		fmt.Fprintf(tw, "  %s, %s\n", plural(ag.NonCompliantRules, "non-compliant "+ruleKind(r)), plural(ag.NonCompliantResources, "resource"))
		if len(ag.Accounts) > 0 {
			fmt.Fprintf(tw, "  ACCOUNT\tNAME\tNON-COMPLIANT RULES\tRESOURCES\tAWS CONFIG: COMPLIANT / NON-COMPLIANT RULES\n")
			for _, a := range ag.Accounts {
				fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%s\n", a.ID, dash(a.Name), a.NonCompliantRules, a.NonCompliantResources, summary(a))
			}
		}
		for _, rule := range ag.Rules {
			label := "OrgConfigRule"
			if !rule.Organization {
				label = "ConfigRule"
			}
			fmt.Fprintf(tw, "\n  %s – %s, %s, %s (member rules: %s)\n", label, rule.Name, rule.Compliance, plural(rule.NonCompliantResources, "resource"),
				strings.Join(rule.MemberRules, ", "))
			for _, a := range rule.Accounts {
				fmt.Fprintf(tw, "    Acc No: %s%s\n", a.ID, paren(a.Name))
				fmt.Fprintf(tw, "      ACCOUNT ID\tRESOURCE ID\tRESOURCE TYPE\tAWS REGION\tRECORDED\tANNOTATION\n")
				for _, res := range a.Resources {
					id := res.ResourceID
					if res.New {
						id += " (new)"
					}
					fmt.Fprintf(tw, "      %s\t%s\t%s\t%s\t%s\t%s\n", res.AccountID, id, res.ResourceType, res.Region, stamp(res.RecordedTime), dash(res.Annotation))
				}
			}
		}
	}
	if len(r.Fixed) > 0 {
		fmt.Fprintf(tw, "\nFixed since the last report:\n")
		fmt.Fprintf(tw, "  AGGREGATOR\tRULE\tACCOUNT ID\tRESOURCE ID\tRESOURCE TYPE\tAWS REGION\n")
		for _, f := range r.Fixed {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", f.Aggregator, f.Rule, f.AccountID, f.ResourceID, f.ResourceType, f.Region)
		}
	}
	if len(r.NotAssessed) > 0 {
		fmt.Fprintf(tw, "\nNot assessed (%d): the report is incomplete\n", len(r.NotAssessed))
		fmt.Fprintf(tw, "  AGGREGATOR\tRULE\tACCOUNT ID\tAWS REGION\tCALL\tERROR\n")
		for _, g := range r.NotAssessed {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", dash(g.Aggregator), dash(g.Rule), dash(g.AccountID), dash(g.Region), g.Call, g.Error)
		}
	}
	return tw.Flush()
}

func countNew(r *Report) int {
	n := 0
	for _, ag := range r.Aggregators {
		for _, rule := range ag.Rules {
			for _, a := range rule.Accounts {
				for _, res := range a.Resources {
					if res.New {
						n++
					}
				}
			}
		}
	}
	return n
}

func summary(a AccountTotal) string {
	if a.CompliantRules == nil || a.SummaryNonCompliantRules == nil {
		return "-"
	}
	return fmt.Sprintf("%d / %d", *a.CompliantRules, *a.SummaryNonCompliantRules)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	// Tabs and newlines would break the table's columns.
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// JSON writes the report as one indented JSON document.
func JSON(w io.Writer, r *Report) error {
	if err := json.MarshalWrite(w, r, jsontext.WithIndent("  "), json.Deterministic(true)); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// CSVHeader is the header row of the CSV rendering.
var CSVHeader = []string{"aggregator", "rule", "organization_rule", "config_rule_name", "compliance", "account_id", "account_name",
	"resource_id", "resource_type", "aws_region", "annotation", "result_recorded_time", "new"}

// CSV writes one row per non-compliant resource (RFC 4180), the full
// report a spreadsheet can filter.
func CSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, ag := range r.Aggregators {
		for _, rule := range ag.Rules {
			for _, a := range rule.Accounts {
				for _, res := range a.Resources {
					rec := []string{ag.Name, rule.Name, strconv.FormatBool(rule.Organization), res.ConfigRuleName, rule.Compliance, res.AccountID, a.Name,
						res.ResourceID, res.ResourceType, res.Region, res.Annotation, "", strconv.FormatBool(res.New)}
					if !res.RecordedTime.IsZero() {
						rec[11] = res.RecordedTime.UTC().Format(time.RFC3339)
					}
					for i := range rec {
						rec[i] = cell(rec[i])
					}
					if err := cw.Write(rec); err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// cell defuses a value a spreadsheet would run as a formula: resource ids
// and annotations come from the accounts being reported on.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

//go:embed templates/mail.html.tmpl
var templates embed.FS

var mailTemplate = template.Must(template.New("mail.html.tmpl").Funcs(template.FuncMap{
	"stamp":   stamp,
	"plural":  plural,
	"kind":    ruleKind,
	"summary": summary,
	"totals": func(r *Report) []int {
		rules, resources, accounts := r.Totals()
		return []int{rules, resources, accounts}
	},
	"countNew": countNew,
}).ParseFS(templates, "templates/mail.html.tmpl"))

// HTML writes the report as an HTML e-mail body: one self-contained
// document with inline styles only, which mail clients keep.
func HTML(w io.Writer, r *Report) error {
	return mailTemplate.Execute(w, r)
}
