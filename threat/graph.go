package threat

import (
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/threat/model"
)

// graph is the model indexed for the rules: elements by id, the flows into
// and out of each, where the internet is, and the failing findings of each
// element's AWS resource and account.
type graph struct {
	m         *model.Model
	el        map[string]*model.Element
	boundary  map[string]*model.Boundary
	in, out   map[string][]*model.Flow
	class     map[string]model.Classification
	byRes     map[string][]*finding.Finding // ARN or resource id → failing findings
	byAccount map[string][]finding.Finding
	// above memoizes kindAbove: boundaries are few, lookups many.
	above map[boundaryKind]bool
}

func newGraph(m *model.Model, findings []finding.Finding) *graph {
	g := &graph{
		m: m, el: make(map[string]*model.Element, len(m.Elements)), boundary: make(map[string]*model.Boundary, len(m.Boundaries)),
		in: make(map[string][]*model.Flow, len(m.Elements)), out: make(map[string][]*model.Flow, len(m.Elements)),
		class: make(map[string]model.Classification, len(m.Data)),
		byRes: map[string][]*finding.Finding{}, byAccount: map[string][]finding.Finding{},
		above: map[boundaryKind]bool{},
	}
	for _, e := range m.Elements {
		g.el[e.ID] = e
	}
	for _, b := range m.Boundaries {
		g.boundary[b.ID] = b
	}
	for _, f := range m.Flows {
		g.out[f.From] = append(g.out[f.From], f)
		g.in[f.To] = append(g.in[f.To], f)
	}
	for _, d := range m.Data {
		g.class[d.ID] = d.Classification
	}
	for i := range findings {
		f := &findings[i]
		if f.Status != finding.Fail || f.Muted {
			continue
		}
		if f.ResourceARN != "" {
			g.byRes[f.ResourceARN] = append(g.byRes[f.ResourceARN], f)
		}
		if f.ResourceID != "" && f.ResourceID != f.ResourceARN {
			g.byRes[f.ResourceID] = append(g.byRes[f.ResourceID], f)
		}
		// A listener's findings are its load balancer's: the model draws
		// the load balancer, not each listener.
		if lb := listenerToLoadBalancer(f.ResourceARN); lb != "" {
			g.byRes[lb] = append(g.byRes[lb], f)
		}
		if accountScoped(f.CheckID) {
			g.byAccount[f.Account] = append(g.byAccount[f.Account], *f)
		}
	}
	return g
}

// inInternet reports whether an element sits in an internet boundary, or in
// one nested in it.
func (g *graph) inInternet(e *model.Element) bool {
	return g.kindAbove(e.Boundary, model.KindInternet)
}

func (g *graph) inPartner(e *model.Element) bool {
	return g.kindAbove(e.Boundary, model.KindPartner)
}

func (g *graph) kindAbove(id, kind string) bool {
	key := boundaryKind{id, kind}
	if v, ok := g.above[key]; ok {
		return v
	}
	v := g.walkKind(id, kind)
	g.above[key] = v
	return v
}

type boundaryKind struct{ id, kind string }

func (g *graph) walkKind(id, kind string) bool {
	for range len(g.boundary) + 1 {
		b := g.boundary[id]
		if b == nil {
			return false
		}
		if b.Kind == kind {
			return true
		}
		id = b.Parent
	}
	return false
}

// account is the innermost account boundary of a boundary, or "".
func (g *graph) account(id string) string {
	for range len(g.boundary) + 1 {
		b := g.boundary[id]
		if b == nil {
			return ""
		}
		if b.Kind == model.KindAccount {
			return b.ID
		}
		id = b.Parent
	}
	return ""
}

// listenerToLoadBalancer turns an ELBv2 listener ARN
// (...:listener/app/NAME/LBID/LISTENERID) into its load balancer's ARN
// (...:loadbalancer/app/NAME/LBID); "" for other ARNs.
func listenerToLoadBalancer(arn string) string {
	i := strings.Index(arn, ":listener/")
	if i < 0 || !strings.HasPrefix(arn, "arn:") {
		return ""
	}
	rest := arn[i+len(":listener/"):]
	j := strings.LastIndex(rest, "/")
	if j < 0 {
		return ""
	}
	return arn[:i] + ":loadbalancer/" + rest[:j]
}

// subject is what a rule looks at: one element or one flow, with what the
// graph knows about it.
type subject struct {
	g        *graph
	e        *model.Element // nil for a flow
	f        *model.Flow    // nil for an element
	from, to *model.Element // a flow's ends
	findings []finding.Finding
	account  []finding.Finding
	// exposure: 2 reachable from the internet, 1 crosses (or is reached
	// across) a trust boundary, 0 internal.
	exposure int
	sens     model.Classification
}

func (g *graph) elementFindings(e *model.Element) (own, acct []finding.Finding) {
	if e == nil || e.AWS == nil {
		return nil, nil
	}
	// A finding is indexed under its ARN and its id; an element named by
	// both must see it once.
	seen := map[*finding.Finding]bool{}
	for _, key := range append([]string{e.AWS.ARN, e.AWS.ID}, e.AWS.Related...) {
		for _, f := range g.byRes[key] {
			if key != "" && !seen[f] {
				seen[f] = true
				own = append(own, *f)
			}
		}
	}
	acctID := e.AWS.Account
	if acctID == "" && strings.HasPrefix(e.AWS.ARN, "arn:") {
		if parts := strings.SplitN(e.AWS.ARN, ":", 6); len(parts) == 6 {
			acctID = parts[4]
		}
	}
	if acctID != "" {
		acct = g.byAccount[acctID]
	}
	return own, acct
}

func (g *graph) elementSubject(e *model.Element) *subject {
	s := &subject{g: g, e: e, sens: model.Internal}
	s.findings, s.account = g.elementFindings(e)
	first := true
	raise := func(c model.Classification) {
		if first || c > s.sens {
			s.sens, first = c, false
		}
	}
	for _, d := range e.Stores {
		raise(g.class[d])
	}
	if g.inInternet(e) {
		s.exposure = 2
	}
	for _, f := range g.in[e.ID] {
		for _, d := range f.Data {
			raise(g.class[d])
		}
		if src := g.el[f.From]; src != nil {
			switch {
			case g.inInternet(src):
				s.exposure = 2
			case src.Boundary != e.Boundary:
				s.exposure = max(s.exposure, 1)
			}
		}
	}
	for _, f := range g.out[e.ID] {
		for _, d := range f.Data {
			raise(g.class[d])
		}
	}
	return s
}

func (g *graph) flowSubject(f *model.Flow) *subject {
	s := &subject{g: g, f: f, from: g.el[f.From], to: g.el[f.To], sens: model.Internal}
	for i, d := range f.Data {
		if c := g.class[d]; i == 0 || c > s.sens {
			s.sens = c
		}
	}
	if s.from != nil && s.to != nil {
		switch {
		case g.inInternet(s.from) || g.inInternet(s.to):
			s.exposure = 2
		case s.from.Boundary != s.to.Boundary:
			s.exposure = 1
		}
	}
	for _, e := range []*model.Element{s.from, s.to} {
		own, _ := g.elementFindings(e)
		s.findings = append(s.findings, own...)
	}
	return s
}

// crosses reports whether a flow crosses a trust boundary.
func (s *subject) crosses() bool {
	return s.from != nil && s.to != nil && s.from.Boundary != s.to.Boundary
}

// failed returns the subject's failing findings of the given checks, its
// account's included.
func (s *subject) failed(checks ...string) []finding.Finding {
	var out []finding.Finding
	for _, f := range s.findings {
		if slices.Contains(checks, f.CheckID) {
			out = append(out, f)
		}
	}
	for _, f := range s.account {
		if accountScoped(f.CheckID) && slices.Contains(checks, f.CheckID) {
			out = append(out, f)
		}
	}
	return out
}

// accountScoped reports whether a check judges an account or a region as a
// whole (a trail, a detector, an alarm, the root user), so its failure is
// true of every element in that account. Findings of other checks belong
// to one resource only.
func accountScoped(check string) bool {
	switch {
	case strings.HasPrefix(check, "cloudtrail-"), strings.HasPrefix(check, "guardduty-"), strings.HasPrefix(check, "securityhub-"),
		strings.HasPrefix(check, "cloudwatch-alarm-"), strings.HasPrefix(check, "iam-root-"), strings.HasPrefix(check, "inspector-"),
		strings.HasPrefix(check, "config-"), check == "ebs-encryption-by-default", check == "s3-account-public-access-block":
		return true
	}
	return false
}

// internetFacing reports whether the element is reached from the internet.
func (s *subject) internetFacing() bool { return s.exposure == 2 }

// severity scales a rule's impact by how sensitive the data is and how
// exposed the subject is: the classification (0 public to 3 restricted)
// plus the exposure (2 internet, 1 across a boundary, 0 inside one); 4 or
// more raises the impact one level, 1 or less lowers it one.
func (g *graph) severity(r *Rule, s *subject) finding.Severity {
	score := int(s.sens) + s.exposure
	sev := r.Impact
	switch {
	case score >= 4:
		sev++
	case score <= 1:
		sev--
	}
	if r.Baseline {
		// The baseline questions are prompts for review, not findings:
		// they stay at or below medium so the specific threats lead.
		return max(finding.Info, min(finding.Medium, sev))
	}
	return max(finding.Low, min(finding.Critical, sev))
}

// entryFlows are the flows into the subject element from the internet.
func (s *subject) entryFlows() []*model.Flow {
	var out []*model.Flow
	for _, f := range s.g.in[s.e.ID] {
		if src := s.g.el[f.From]; src != nil && s.g.inInternet(src) {
			out = append(out, f)
		}
	}
	return out
}
