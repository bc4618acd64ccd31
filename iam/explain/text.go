package explain

import (
	"fmt"
	"io"
	"strings"
)

// textWidth is where WriteText wraps prose.
const textWidth = 100

// WriteText writes the explanation for people: each statement, then "What
// this means" with the simulated requests behind each finding.
func (x Explanation) WriteText(w io.Writer) error {
	var b strings.Builder
	name := x.Policy
	if name == "" {
		name = "policy"
	}
	fmt.Fprintf(&b, "%s: %s\n", name, plural(len(x.Statements), "statement"))
	for _, st := range x.Statements {
		b.WriteString("\n")
		fmt.Fprintf(&b, "Statement %d", st.Index+1)
		if st.Sid != "" {
			fmt.Fprintf(&b, " %q", st.Sid)
		}
		if st.Line > 0 {
			fmt.Fprintf(&b, " (line %d)", st.Line)
		}
		fmt.Fprintf(&b, ": %s\n", st.Effect)
		field(&b, "Actions", st.Actions.Text)
		for _, u := range st.Actions.Unknown {
			field(&b, "", fmt.Sprintf("%s matches no action in the catalogue", u))
		}
		field(&b, "Resources", st.Resources.Text)
		if len(st.Resources.Items) > 1 || len(st.Resources.Items) == 1 && !strings.HasPrefix(st.Resources.Items[0], "* ") {
			for _, it := range st.Resources.Items {
				field(&b, "", "· "+it)
			}
		}
		field(&b, "Principal", st.Principal)
		for i, c := range st.Conditions {
			label := ""
			if i == 0 {
				label = "Condition"
			}
			field(&b, label, c)
		}
		field(&b, "In short", st.Summary)
	}
	b.WriteString("\nWhat this means\n")
	if x.Error != "" {
		wrap(&b, "  - ", "    ", "cannot simulate requests: "+x.Error)
	}
	for _, c := range x.Consequences {
		wrap(&b, "  - ", "    ", c.Text)
		for _, e := range c.Evidence {
			wrap(&b, "      · ", "        ", e.String())
		}
	}
	if x.Requests > 0 {
		b.WriteString("\n")
		rewritten := ""
		if x.Rewritten > 0 {
			rewritten = fmt.Sprintf("; %s against rewritten versions of the policy", num(x.Rewritten))
		}
		wrap(&b, "", "", fmt.Sprintf("Derived from %s simulated requests (iam/eval%s), "+
			"each decided twice: with the policy alone and beside a policy that allows everything; actions and resource types from %s.",
			num(x.Requests), rewritten, x.Catalog))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// String is the request and its decisions on one line.
func (e Evidence) String() string {
	var b strings.Builder
	if e.Variant != "" {
		b.WriteString(e.Variant + ": ")
	}
	fmt.Fprintf(&b, "%s on %s", e.Action, e.Resource)
	if e.Context != "" {
		fmt.Fprintf(&b, " [%s]", e.Context)
	}
	fmt.Fprintf(&b, ": alone %s, beside allow-all %s", e.Alone, e.WithAllowAll)
	if e.Statement != "" {
		fmt.Fprintf(&b, " (%s)", e.Statement)
	}
	return b.String()
}

func field(b *strings.Builder, label, text string) {
	head := "  "
	if label != "" {
		head += label + ":"
	}
	head += strings.Repeat(" ", 14-len(head))
	wrap(b, head, strings.Repeat(" ", 14), text)
}

// wrap writes text after first, continuing lines with rest, breaking at
// spaces before textWidth.
func wrap(b *strings.Builder, first, rest, text string) {
	line := first
	n := len([]rune(line))
	empty := true
	for _, word := range strings.Fields(text) {
		wl := len([]rune(word))
		if !empty && n+1+wl > textWidth {
			b.WriteString(line + "\n")
			line, n, empty = rest, len([]rune(rest)), true
		}
		if !empty {
			line += " "
			n++
		}
		line += word
		n += wl
		empty = false
	}
	b.WriteString(line + "\n")
}
