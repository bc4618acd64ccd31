package explain

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/policy"
)

// Bounds on the targeted probes, so that a huge policy costs seconds, not
// hours: the ARNs of a statement looked at, and the probes in all.
const (
	maxARNs   = 16
	maxProbes = 50_000
)

// analysis holds every simulated decision of one policy.
type analysis struct {
	// capped is set when a bound cut the probes short.
	capped bool
	// rewritten counts the requests decided against rewritten policies.
	rewritten int
	s         *sim
	sw        *sweep
	probes    []probe // targeted: resources the policy names and their neighbours
	out       []Consequence

	hasAllow, hasDeny bool
	// firing are the contexts in which the sweep saw an explicit deny.
	firing []int
	// exempt are the actions (sweep indices) allowed beside allow-all in
	// every firing context, when the deny is broad; nil otherwise.
	exempt []int
	// rep is a request whose decision changes with the context, to show
	// what the conditions do; nil when none does.
	rep *repRequest
}

func analyse(s *sim) *analysis {
	a := &analysis{s: s}
	for _, st := range s.p.Statements {
		a.hasAllow = a.hasAllow || st.Effect == policy.Allow
		a.hasDeny = a.hasDeny || st.Effect == policy.Deny
	}
	a.sw = s.sweep()
	a.probes = a.targeted()
	// Probes in familiar-action order, so that the first probe of a kind
	// is the example a reader recognises.
	slices.SortStableFunc(a.probes, func(x, y probe) int { return compareActions(x.Action, y.Action) })
	return a
}

// targeted decides, for each statement that names resources, the
// statement's actions of those resources' services on each probe resource
// they can act on, and the actions of sibling services.
func (a *analysis) targeted() []probe {
	s := a.s
	var out []probe
	type key struct {
		action, resource string
		ctx              int
	}
	seen := map[key]bool{}
	run := func(pr probe, act catalog.ActionInfo) {
		for c := range s.ctxs {
			if len(out) >= maxProbes {
				a.capped = true
				return
			}
			k := key{act.String(), pr.Resource, c}
			if seen[k] {
				continue
			}
			seen[k] = true
			q := pr
			q.Action, q.Ctx = act.String(), c
			q.Out = s.decide(q.Action, q.Resource, c)
			out = append(out, q)
		}
	}
	for _, st := range s.p.Statements {
		set, not := stmtActions(st)
		var arns []string
		switch {
		case st.Resource != nil && !slices.Contains(st.Resource.Strings(), "*"):
			arns = st.Resource.Strings()
		case st.NotResource != nil:
			arns = st.NotResource.Strings()
		}
		services := map[string]bool{}
		for _, v := range arns {
			if parts, ok := policy.SplitARN(v); ok {
				for _, svc := range arnServices(parts[2]) {
					services[svc] = true
				}
			}
		}
		if len(arns) > maxARNs {
			arns, a.capped = arns[:maxARNs], true
		}
		if len(arns) > 0 {
			rs := resources(arns)
			for _, act := range allActions() {
				if !services[act.Service] || set.has(act) == not {
					continue
				}
				for _, r := range rs {
					if compatible(act, r.Resource, typeNames(act.Service, r.Resource)) {
						run(r, act)
					}
				}
			}
		}
		if st.Action != nil {
			for _, svc := range wildcardServices(st.Action) {
				for _, sib := range siblingServices(svc) {
					for _, act := range catalog.Expand(sib.Prefix + ":*") {
						run(probe{Resource: s.sampleResource(act), Kind: resSibling, Of: svc}, act)
					}
				}
			}
		}
	}
	return out
}

// stmtActions is the statement's action set and whether it is NotAction.
func stmtActions(st *policy.Statement) (actionSet, bool) {
	if st.NotAction != nil {
		return expandActions(st.NotAction), true
	}
	return expandActions(st.Action), false
}

// wildcardServices are the services an Action element covers with a
// wildcard ("s3:*", "s3:Get*"): the ones whose siblings a reader may think
// it covers too.
func wildcardServices(v *policy.Values) []string {
	var out []string
	for _, p := range v.Strings() {
		svc, rest, ok := strings.Cut(p, ":")
		if ok && strings.Contains(rest, "*") && !strings.ContainsAny(svc, "*?") && !slices.Contains(out, strings.ToLower(svc)) {
			out = append(out, strings.ToLower(svc))
		}
	}
	return out
}

func (a *analysis) add(c Consequence) { a.out = append(a.out, c) }

func (a *analysis) findings() []Consequence {
	a.grants()
	a.takesAway()
	a.exemptActions()
	a.escapes()
	a.conditions()
	a.resourceFindings()
	if a.capped {
		a.add(Consequence{ID: "probes-capped", Text: fmt.Sprintf(
			"The policy names more resources than were simulated (the first %d ARNs of each statement, %s requests in all): findings on the rest are not derived.",
			maxARNs, num(maxProbes))})
	}
	return a.out
}

// grants: what the policy allows with no other policy.
func (a *analysis) grants() {
	actions := map[string]bool{}
	services := map[string]bool{}
	var ev []Evidence
	var allowedAlone []probe
	note := func(action, resource string, c int, o outcome) {
		if o.Alone != eval.Allow {
			return
		}
		if len(allowedAlone) < 64 {
			allowedAlone = append(allowedAlone, probe{Action: action, Resource: resource, Ctx: c, Out: o})
		}
		if !actions[strings.ToLower(action)] && len(ev) < 3 {
			ev = append(ev, a.s.evidence(action, resource, c, o))
		}
		actions[strings.ToLower(action)] = true
		svc, _, _ := strings.Cut(action, ":")
		services[svc] = true
	}
	for i, row := range a.sw.out {
		for c, o := range row {
			note(a.sw.actions[i].String(), a.s.sampleResource(a.sw.actions[i]), c, o)
		}
	}
	for _, p := range a.probes {
		note(p.Action, p.Resource, p.Ctx, p.Out)
	}
	total := len(a.sw.out)*len(a.s.ctxs) + len(a.probes)
	defer a.public(allowedAlone)
	switch {
	case len(actions) == 0 && !a.hasAllow:
		a.add(Consequence{ID: "grants-nothing", Text: fmt.Sprintf(
			"Grants nothing by itself: it has no Allow statement, and none of the %s requests simulated against it is allowed by it alone. "+
				"It only takes away what other policies (the principal's identity policies, its groups', a resource policy) grant.", num(total))})
	case len(actions) == 0:
		a.add(Consequence{ID: "grants-nothing", Text: fmt.Sprintf(
			"Grants nothing in any of the %s requests simulated against it: its Allow statements never applied (their actions, resources or conditions matched none of them).", num(total))})
	default:
		a.add(Consequence{ID: "grants", Text: fmt.Sprintf("By itself it allows %s in %s (of the simulated requests).",
			plural(len(actions), "action"), plural(len(services), "service")), Evidence: ev})
	}
}

// public: for a resource policy, whether what it allows is allowed to an
// anonymous caller and to a principal of another account too.
func (a *analysis) public(allowed []probe) {
	if !a.s.resourcePolicy || len(allowed) == 0 {
		return
	}
	for _, who := range []struct{ id, caller, words string }{
		{"public", "", "anyone, including anonymous callers"},
		{"cross-account", "arn:aws:iam::" + otherAccount + ":user/mallory", "principals of any other account"},
	} {
		var acts []string
		var ev []Evidence
		for _, p := range allowed {
			o := a.s.decideAs(who.caller, p.Action, p.Resource, p.Ctx)
			if o.Alone == eval.Allow {
				acts = appendNew(acts, p.Action)
				if len(ev) == 0 {
					e := a.s.evidence(p.Action, p.Resource, p.Ctx, o)
					e.Variant = "as " + map[string]string{"": "an anonymous caller"}[who.caller]
					if who.caller != "" {
						e.Variant = "as " + who.caller
					}
					ev = append(ev, e)
				}
			}
		}
		if len(acts) > 0 {
			a.add(Consequence{ID: who.id, Evidence: ev, Text: fmt.Sprintf("It allows %s: %s.", who.words, list(common(acts), 4))})
			return
		}
	}
}

// deniedActions lists the distinct actions denied beside allow-all in
// context c, over the sweep and the targeted probes.
func (a *analysis) deniedActions(c int) (names []string, services map[string]bool) {
	services = map[string]bool{}
	seen := map[string]bool{}
	add := func(action string) {
		l := strings.ToLower(action)
		if !seen[l] {
			seen[l] = true
			names = append(names, action)
			svc, _, _ := strings.Cut(action, ":")
			services[svc] = true
		}
	}
	for i, row := range a.sw.out {
		if row[c].Combined == eval.ExplicitDeny {
			add(a.sw.actions[i].String())
		}
	}
	for _, p := range a.probes {
		if p.Ctx == c && p.Out.Combined == eval.ExplicitDeny {
			add(p.Action)
		}
	}
	return names, services
}

// takesAway: what the policy denies beside a policy that allows
// everything, context by context.
func (a *analysis) takesAway() {
	type group struct {
		n, svcs int
		ctxs    []int
	}
	var groups []*group
	var ev []Evidence
	for c := range a.s.ctxs {
		names, svcs := a.deniedActions(c)
		if len(names) > 0 {
			a.firing = append(a.firing, c)
			ev = append(ev, a.exampleDenied(names, c))
		}
		var g *group
		for _, x := range groups {
			if x.n == len(names) && x.svcs == len(svcs) {
				g = x
			}
		}
		if g == nil {
			g = &group{n: len(names), svcs: len(svcs)}
			groups = append(groups, g)
		}
		g.ctxs = append(g.ctxs, c)
	}
	// What it denies first, then where it denies nothing.
	slices.SortStableFunc(groups, func(x, y *group) int { return y.n - x.n })
	if len(a.firing) == 0 {
		if a.hasDeny {
			a.add(Consequence{ID: "denies-nothing", Text: "Its Deny statements never applied: beside a policy that allows everything, none of the simulated requests is denied."})
		}
		return
	}
	var parts []string
	for _, g := range groups {
		what := "nothing"
		if g.n > 0 {
			what = fmt.Sprintf("%s in %s", plural(g.n, "action"), plural(g.svcs, "service"))
			if g.svcs == 1 {
				names, _ := a.deniedActions(a.firing[0])
				svc, _, _ := strings.Cut(names[0], ":")
				what += " (" + serviceShort(svc) + ")"
				if all := len(catalog.Expand(svc + ":*")); all == g.n {
					what = fmt.Sprintf("every %s action (%s of %s)", serviceShort(svc), num(g.n), num(all))
				}
			}
		}
		if len(a.s.ctxs) == 1 && len(a.s.ctxs[0].keys) == 0 {
			parts = append(parts, what)
		} else {
			parts = append(parts, fmt.Sprintf("%s when %s", what, a.ctxList(g.ctxs, "or")))
		}
	}
	a.add(Consequence{ID: "takes-away", Text: "Beside a policy that allows everything, it denies " + strings.Join(parts, "; ") + ".", Evidence: ev})
}

// exemptActions: a broad deny that spares some actions — what NotAction
// leaves out, in the very requests it is meant to stop.
func (a *analysis) exemptActions() {
	if len(a.firing) == 0 {
		return
	}
	denied, _ := a.deniedActions(a.firing[0])
	var exempt []int
	for i, row := range a.sw.out {
		// Not denied by this policy; an implicit deny for another reason
		// (an AWS-owned resource is another account's) is no exemption
		// to report, nor a denial.
		ok := true
		for _, c := range a.firing {
			ok = ok && row[c].Combined != eval.ExplicitDeny
		}
		if ok {
			exempt = append(exempt, i)
		}
	}
	// Only a deny that covers most of what it could is "broad": a deny of
	// s3:* spares the other 21,900 actions, which is no surprise.
	if len(exempt) == 0 || len(exempt) >= len(denied) {
		return
	}
	a.exempt = exempt
	byService := map[string][]int{}
	var order []string
	for _, i := range exempt {
		svc := a.sw.actions[i].Service
		if _, ok := byService[svc]; !ok {
			order = append(order, svc)
		}
		byService[svc] = append(byService[svc], i)
	}
	var parts []string
	for _, svc := range order {
		all := len(catalog.Expand(svc + ":*"))
		n := len(byService[svc])
		if n == all {
			parts = append(parts, fmt.Sprintf("every %s action (%s of %s)", serviceShort(svc), num(n), num(all)))
		} else {
			var names []string
			for _, i := range byService[svc] {
				names = append(names, a.sw.actions[i].String())
			}
			parts = append(parts, fmt.Sprintf("%s of the %s %s actions (%s)", num(n), num(all), serviceShort(svc), list(names, 4)))
		}
	}
	stays := "stay allowed"
	if len(parts) == 1 && strings.HasPrefix(parts[0], "every ") {
		stays = "stays allowed"
	}
	text := upperFirst(joinAnd(parts)) + " " + stays + " in the requests it denies everything else to"
	if len(a.s.ctxs[a.firing[0]].keys) > 0 {
		text += ": when " + a.ctxList(a.firing, "or")
	} else {
		text += ": the deny does not cover them"
	}
	var ev []Evidence
	pick := a.riskiest(exempt, 1)
	for _, c := range a.firing {
		for _, i := range pick {
			ev = append(ev, a.s.evidence(a.sw.actions[i].String(), a.s.sampleResource(a.sw.actions[i]), c, a.sw.out[i][c]))
		}
	}
	a.add(Consequence{ID: "exempt-actions", Statements: a.denyStatements(), Text: text + ".", Evidence: ev})
}

// riskiest orders actions by access level (permissions management, then
// write) and keeps n.
func (a *analysis) riskiest(idx []int, n int) []int {
	rank := map[catalog.AccessLevel]int{catalog.PermissionsManagement: 0, catalog.Write: 1, catalog.Tagging: 2, catalog.Read: 3, catalog.List: 4}
	// Actions that mint credentials come first whatever their level:
	// the catalogue files iam:CreateAccessKey under Write.
	first := map[string]bool{}
	for _, r := range recipes[:1] {
		for _, s := range r.Steps {
			for _, x := range s {
				first[strings.ToLower(x)] = true
			}
		}
	}
	out := slices.Clone(idx)
	slices.SortStableFunc(out, func(x, y int) int {
		ax, ay := a.sw.actions[x], a.sw.actions[y]
		fx, fy := first[strings.ToLower(ax.String())], first[strings.ToLower(ay.String())]
		if fx != fy {
			if fx {
				return -1
			}
			return 1
		}
		return rank[ax.AccessLevel] - rank[ay.AccessLevel]
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func (a *analysis) denyStatements() []int {
	var out []int
	for i, st := range a.s.p.Statements {
		if st.Effect == policy.Deny {
			out = append(out, i)
		}
	}
	return out
}

// escapes: what the spared actions let a holder of the denied credentials
// do, chain by chain, each step checked in the simulation.
func (a *analysis) escapes() {
	if a.exempt == nil {
		return
	}
	// The worst credential: one in which a key is absent (a leaked
	// long-term key for MFA), else the first firing context.
	c := a.firing[0]
	for _, f := range a.firing {
		for _, k := range a.s.ctxs[f].keys {
			if k.Absent {
				c = f
			}
		}
	}
	allowed := func(action string) bool {
		i, ok := a.sw.lookup(action)
		return ok && a.sw.out[i][c].Combined == eval.Allow
	}
	var can, cannot []string
	var ev []Evidence
	for _, r := range recipes {
		var used, blocked []string
		for _, step := range r.Steps {
			var ok []string
			for _, x := range step {
				if allowed(x) {
					ok = append(ok, canonical(x))
				}
			}
			if len(ok) == 0 {
				blocked = append(blocked, canonical(step[0]))
			}
			used = append(used, ok...)
		}
		if len(blocked) == 0 && r.NeedsKey != "" && !a.passesWith(r.NeedsKey, r.NeedsValue) {
			blocked = append(blocked, fmt.Sprintf("the deny applies even when %s is %s", r.NeedsKey, r.NeedsValue))
		}
		switch {
		case len(blocked) == 0:
			can = append(can, fmt.Sprintf("%s (%s)", r.What, list(used, 4)))
			if len(ev) < 3 {
				i, _ := a.sw.lookup(used[0])
				ev = append(ev, a.s.evidence(used[0], a.s.sampleResource(a.sw.actions[i]), c, a.sw.out[i][c]))
			}
		case len(used) > 0:
			cannot = append(cannot, fmt.Sprintf("%s (%s denied)", r.What, joinOr(blocked)))
		}
	}
	if len(can) == 0 {
		return
	}
	who := "a caller"
	if len(a.s.ctxs[c].keys) > 0 {
		who = "when " + a.s.ctxs[c].phrase() + ", a caller"
	}
	text := fmt.Sprintf("What the spared actions enable: %s can %s.", who, strings.Join(can, "; "))
	if len(cannot) > 0 {
		text += " Simulated but blocked: " + strings.Join(cannot, "; ") + "."
	}
	a.add(Consequence{ID: "exempt-escalation", Statements: a.denyStatements(), Text: text, Evidence: ev})
}

// repRequest is one action on one resource, decided in every context.
type repRequest struct {
	action, resource string
	outs             []outcome // by context
}

// passesWith reports whether, with key set to value, the representative
// request (which the policy denies in some context) is allowed.
func (a *analysis) passesWith(key, value string) bool {
	a.findRep()
	if a.rep == nil {
		return false
	}
	for c, ctx := range a.s.ctxs {
		for _, k := range ctx.keys {
			if strings.EqualFold(k.Key, key) && !k.Absent && strings.EqualFold(k.Value, value) &&
				a.rep.outs[c].Combined == eval.Allow {
				return true
			}
		}
	}
	return false
}

// findRep picks a request whose decision depends on the context: a
// catalogue action of the sweep, preferring a familiar one, else a
// targeted probe (a condition on a statement about one bucket).
func (a *analysis) findRep() {
	if a.rep != nil {
		return
	}
	varies := func(row []outcome) bool {
		for _, o := range row[1:] {
			if o.Combined != row[0].Combined || o.Alone != row[0].Alone {
				return true
			}
		}
		return false
	}
	pick := -1
	for i := range a.sw.out {
		if varies(a.sw.out[i]) && (pick < 0 || compareActions(a.sw.actions[i].String(), a.sw.actions[pick].String()) < 0) {
			pick = i
		}
	}
	if pick >= 0 {
		act := a.sw.actions[pick]
		a.rep = &repRequest{action: act.String(), resource: a.s.sampleResource(act), outs: a.sw.out[pick]}
		return
	}
	type key struct{ action, resource string }
	rows := map[key][]outcome{}
	var order []key
	for _, p := range a.probes {
		k := key{p.Action, p.Resource}
		row, ok := rows[k]
		if !ok {
			row = make([]outcome, len(a.s.ctxs))
			order = append(order, k)
		}
		row[p.Ctx] = p.Out
		rows[k] = row
	}
	for _, k := range order { // probes are in familiar-action order
		if varies(rows[k]) {
			a.rep = &repRequest{action: k.action, resource: k.resource, outs: rows[k]}
			return
		}
	}
}

// conditions: when each conditional statement applies, what the IfExists
// form changes, who is cut off, and whether the way to satisfy the
// condition is itself denied.
func (a *analysis) conditions() {
	if len(a.s.ctxs) < 2 {
		return
	}
	a.findRep()
	if a.rep == nil {
		a.add(Consequence{ID: "conditions-irrelevant", Text: "None of the simulated requests changes decision with the condition keys' values: the conditions decide nothing."})
		return
	}
	rep, res := a.rep.action, a.rep.resource
	var applies, not []int
	var ev []Evidence
	for c, o := range a.rep.outs {
		hit := o.Combined == eval.ExplicitDeny
		if !a.hasDeny {
			hit = o.Alone == eval.Allow
		}
		if hit {
			applies = append(applies, c)
		} else {
			not = append(not, c)
		}
		ev = append(ev, a.s.evidence(rep, res, c, o))
	}
	verb := "The deny applies"
	if !a.hasDeny {
		verb = "The allow applies"
	}
	text := fmt.Sprintf("%s when %s", verb, a.ctxList(applies, "or"))
	if len(applies) == 0 {
		text = verb + " in none of the simulated contexts"
	}
	if len(not) > 0 {
		text += "; not when " + a.ctxList(not, "or")
	}
	a.add(Consequence{ID: "condition-applies", Text: text + ".", Evidence: ev})
	a.ifExists()
	a.breaks()
	a.satisfiers()
}

// maxRewrites bounds the conditions ifExists rewrites.
const maxRewrites = 16

// ifExists rewrites each condition with IfExists toggled and simulates the
// representative request again: what changes is what the suffix does.
func (a *analysis) ifExists() {
	p := a.s.p
	rep, res := a.rep.action, a.rep.resource
	tried := 0
	for si, st := range p.Statements {
		for ci, c := range st.Condition {
			if c.Base == "Null" || tried == maxRewrites {
				continue
			}
			tried++
			alt := *c
			alt.IfExists = !c.IfExists
			if alt.IfExists {
				alt.Operator = c.Operator + "IfExists"
			} else {
				alt.Operator = strings.TrimSuffix(c.Operator, "IfExists")
			}
			q := *p
			q.Statements = slices.Clone(p.Statements)
			ns := *st
			ns.Condition = slices.Clone(st.Condition)
			ns.Condition[ci] = &alt
			q.Statements[si] = &ns
			alts, err := newSim(&q)
			if err != nil || len(alts.ctxs) != len(a.s.ctxs) {
				continue
			}
			var changed []int
			var ev []Evidence
			for cx := range a.s.ctxs {
				o := a.rep.outs[cx]
				ao := alts.decide(rep, res, cx)
				a.s.n += 2
				a.rewritten++
				if ao.Combined != o.Combined || ao.Alone != o.Alone {
					changed = append(changed, cx)
					ev = append(ev, a.s.evidence(rep, res, cx, o))
					e := alts.evidence(rep, res, cx, ao)
					e.Variant = "as " + alt.Operator
					ev = append(ev, e)
				}
			}
			if len(changed) == 0 {
				continue
			}
			when := a.ctxList(changed, "or")
			var id, text string
			switch {
			case st.Effect == policy.Deny && c.IfExists:
				id = "ifexists-catches-absent"
				text = fmt.Sprintf("%s is what catches requests where %s: with %s instead, they would not be denied, because %s does not match a missing key.",
					c.Operator, when, alt.Operator, alt.Operator)
			case st.Effect == policy.Deny:
				id = "absent-not-denied"
				text = fmt.Sprintf("Requests where %s are not denied: %s does not match a missing key. %s would deny them.",
					when, c.Operator, alt.Operator)
			case c.IfExists:
				id = "ifexists-allows-absent"
				text = fmt.Sprintf("Requests where %s are allowed too (%s); with %s they would not be.", when, c.Operator, alt.Operator)
			default:
				id = "absent-not-allowed"
				text = fmt.Sprintf("Requests where %s are not allowed: %s does not match a missing key (%s would allow them).", when, c.Operator, alt.Operator)
			}
			a.add(Consequence{ID: id, Statements: []int{si}, Text: text, Evidence: ev})
		}
	}
}

// breaks: who sends the requests the conditional deny stops.
func (a *analysis) breaks() {
	if !a.hasDeny || len(a.firing) == 0 {
		return
	}
	scope := "every request"
	if a.exempt != nil {
		var svcs []string
		for _, i := range a.exempt {
			s := serviceShort(a.sw.actions[i].Service)
			if !slices.Contains(svcs, s) {
				svcs = append(svcs, s)
			}
		}
		scope = "every call outside " + joinAnd(svcs)
	} else if names, svcs := a.deniedActions(a.firing[0]); len(svcs) < 5 {
		var ss []string
		for s := range svcs {
			ss = append(ss, serviceShort(s))
		}
		slices.Sort(ss)
		scope = fmt.Sprintf("%s %s", plural(len(names), "action"), joinAnd(ss))
		scope = strings.Replace(scope, " actions ", " ", 1) + " actions"
		scope = fmt.Sprintf("%s (%s)", scope, list(names, 3))
	}
	var who []string
	for _, c := range a.firing {
		var parts []string
		for _, k := range a.s.ctxs[c].keys {
			if cr, ok := credentialOf(k.Key, k); ok {
				parts = append(parts, cr.Who)
			} else {
				parts = append(parts, "requests where "+k.phrase())
			}
		}
		who = append(who, strings.Join(parts, " with "))
	}
	verb := "are"
	if a.exempt != nil || scope == "every request" {
		verb = "is"
	}
	a.add(Consequence{ID: "breaks", Statements: a.denyStatements(),
		Text: fmt.Sprintf("Who it breaks: %s %s denied to %s.", scope, verb, strings.Join(who, "; and to "))})
}

// satisfiers: the action that would get a denied caller into a state the
// deny lets through (sts:GetSessionToken for MFA), simulated in the
// denied state.
func (a *analysis) satisfiers() {
	type res struct {
		action, how, to, key string
		denied, allowed      []int
		ev                   []Evidence
	}
	var found []*res
	for _, c := range a.firing {
		for _, k := range a.s.ctxs[c].keys {
			for _, sat := range satisfiers[strings.ToLower(k.Key)] {
				state := k.Value
				if k.Absent {
					state = ""
				}
				if !slices.Contains(sat.From, state) {
					continue
				}
				i, ok := a.sw.lookup(sat.Action)
				if !ok {
					continue
				}
				var r *res
				for _, x := range found {
					if x.action == sat.Action {
						r = x
					}
				}
				if r == nil {
					r = &res{action: sat.Action, how: sat.How, to: sat.To, key: k.Key}
					found = append(found, r)
				}
				o := a.sw.out[i][c]
				if o.Combined == eval.ExplicitDeny {
					r.denied = append(r.denied, c)
				} else {
					r.allowed = append(r.allowed, c)
				}
				r.ev = append(r.ev, a.s.evidence(sat.Action, a.s.sampleResource(a.sw.actions[i]), c, o))
			}
		}
	}
	for _, r := range found {
		if len(r.denied) > 0 {
			a.add(Consequence{ID: "satisfier-denied", Statements: a.denyStatements(), Evidence: r.ev, Text: fmt.Sprintf(
				"%s is denied too when %s: it is not among the actions the deny spares, so a caller cannot %s — "+
					"the only way to get %s=%s from the CLI or SDKs. Add %s to NotAction to let them.",
				r.action, a.ctxList(r.denied, "or"), r.how, r.key, r.to, r.action)})
		}
		if len(r.allowed) > 0 {
			a.add(Consequence{ID: "satisfier-allowed", Statements: a.denyStatements(), Evidence: r.ev, Text: fmt.Sprintf(
				"%s stays allowed when %s, so a caller can %s and then pass the check.", r.action, a.ctxList(r.allowed, "or"), r.how)})
		}
	}
}

// bucketName is what S3 accepts for a bucket created since March 2018:
// lower-case letters, digits, dots and hyphens.
var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// resourceFindings read the targeted probes: what happens next to the
// resources the policy names.
func (a *analysis) resourceFindings() {
	if len(a.probes) == 0 {
		return
	}
	// hit is the decision that means "the policy acts here": denied
	// beside allow-all for a policy with Deny, allowed alone otherwise.
	hit := func(o outcome) bool {
		if a.hasDeny {
			return o.Combined == eval.ExplicitDeny
		}
		return o.Alone == eval.Allow
	}
	verb, notVerb := "denied", "not denied"
	if !a.hasDeny {
		verb, notVerb = "allowed", "not allowed"
	}
	byKind := map[resKind][]probe{}
	for _, p := range a.probes {
		byKind[p.Kind] = append(byKind[p.Kind], p)
	}
	named := map[string]outcome{} // action|ctx|of → outcome on the named ARN
	namedRes := map[string]string{}
	for _, p := range byKind[resNamed] {
		named[fmt.Sprintf("%s|%d|%s", p.Action, p.Ctx, p.Of)] = p.Out
		namedRes[p.Of] = p.Resource
	}
	notResource := false
	for _, st := range a.s.p.Statements {
		notResource = notResource || st.NotResource != nil
	}

	// Requests left: with NotResource, what an allow-everything policy
	// still allows of the statement's actions.
	if a.hasDeny && notResource {
		type group struct {
			actions, resources []string
		}
		var groups []*group
		left := map[string][]string{}
		var leftOrder, deniedEx []string
		var ev []Evidence
		total, denied := 0, 0
		for _, p := range a.probes {
			if p.Kind == resSibling {
				continue
			}
			total++
			if p.Out.Combined == eval.Allow {
				if _, ok := left[p.Resource]; !ok {
					leftOrder = append(leftOrder, p.Resource)
				}
				left[p.Resource] = appendNew(left[p.Resource], p.Action)
				if p.Kind == resNamed && len(ev) == 0 {
					ev = append(ev, a.s.evidence(p.Action, p.Resource, p.Ctx, p.Out))
				}
				continue
			}
			denied++
			if p.Kind == resOutside && !slices.Contains(deniedEx, p.Resource) && len(deniedEx) < 3 {
				deniedEx = append(deniedEx, p.Resource)
				if len(ev) < 2 {
					ev = append(ev, a.s.evidence(p.Action, p.Resource, p.Ctx, p.Out))
				}
			}
		}
		for _, r := range leftOrder {
			acts := common(left[r])
			var g *group
			for _, x := range groups {
				if slices.Equal(x.actions, acts) {
					g = x
				}
			}
			if g == nil {
				g = &group{actions: acts}
				groups = append(groups, g)
			}
			g.resources = append(g.resources, r)
		}
		var parts []string
		for _, g := range groups {
			types := strings.Join(typeNamesAny(g.resources[0]), " or ")
			parts = append(parts, fmt.Sprintf("%s (%s) on %s", plural(len(g.actions), types+" action"), list(g.actions, 3), list(g.resources, 4)))
		}
		text := ""
		if len(parts) == 0 {
			text = fmt.Sprintf("Beside any Allow, every one of the %s requests simulated on the resources it names and their neighbours is denied, the excepted ARNs included.", num(total))
		} else {
			text = fmt.Sprintf("Beside any Allow, all that is left is %s. The other %s of %s simulated requests on these resources and their neighbours are denied (%s, …).",
				strings.Join(parts, "; "), num(denied), num(total), joinAnd(deniedEx))
		}
		a.add(Consequence{ID: "only-left", Statements: a.denyStatements(), Text: text, Evidence: ev})
	}

	// The container of a named resource: the bucket of an object.
	containers := map[string][]probe{}
	var corder []string
	for _, p := range byKind[resContainer] {
		if _, ok := containers[p.Resource]; !ok {
			corder = append(corder, p.Resource)
		}
		containers[p.Resource] = append(containers[p.Resource], p)
	}
	for _, r := range corder {
		var hits, misses []string
		var listHit, listMiss []string
		var ev []Evidence
		ps := containers[r]
		order := rankList(func() []string {
			var n []string
			for _, p := range ps {
				n = appendNew(n, p.Action)
			}
			return n
		}())
		slices.SortStableFunc(ps, func(x, y probe) int { return slices.Index(order, x.Action) - slices.Index(order, y.Action) })
		for _, p := range ps {
			act, _ := catalog.Action(p.Action)
			if hit(p.Out) {
				hits = appendNew(hits, p.Action)
				if act.AccessLevel == catalog.List {
					listHit = appendNew(listHit, p.Action)
				}
			} else {
				misses = appendNew(misses, p.Action)
				if act.AccessLevel == catalog.List {
					listMiss = appendNew(listMiss, p.Action)
				}
			}
			if len(ev) < 1 {
				ev = append(ev, a.s.evidence(p.Action, p.Resource, p.Ctx, p.Out))
			}
		}
		types := strings.Join(typeNamesAny(r), " or ")
		switch {
		case len(hits) > 0 && a.hasDeny:
			text := fmt.Sprintf("Actions on %s itself (the %s that holds what it names) are denied: %s of %s, %s.",
				r, types, num(len(hits)), plural(len(hits)+len(misses), types+" action"), list(rankList(hits), 4))
			if len(listHit) > 0 && notResource {
				text += fmt.Sprintf(" So even listing what it spares is denied: %s%s acts on %s, not on what it lists.",
					listHit[0], listedPrefix(r, namedRes), r)
			}
			a.add(Consequence{ID: "container-denied", Text: text, Evidence: ev})
		case a.hasDeny && len(listMiss) > 0:
			a.add(Consequence{ID: "container-not-covered", Evidence: ev, Text: fmt.Sprintf(
				"%s itself (the %s) is not covered: %s %s allowed, so the names of what it protects can still be listed.", r, types, joinAnd(listMiss), stayStays(len(listMiss)))})
		case !a.hasDeny && len(misses) > 0:
			a.add(Consequence{ID: "container-not-allowed", Evidence: ev, Text: fmt.Sprintf(
				"By itself it does not allow actions on %s (the %s): %s are not allowed, so listing needs that ARN in Resource too.", r, types, list(rankList(misses), 3))})
		}
	}

	// Account-level actions: Resource "*".
	if ps := byKind[resAccount]; len(ps) > 0 {
		var hits, misses []string
		var ev []Evidence
		svc := ""
		for _, p := range ps {
			svc, _, _ = strings.Cut(p.Action, ":")
			if hit(p.Out) {
				hits = appendNew(hits, p.Action)
				if len(ev) < 2 {
					ev = append(ev, a.s.evidence(p.Action, p.Resource, p.Ctx, p.Out))
				}
			} else {
				misses = appendNew(misses, p.Action)
			}
		}
		switch {
		case a.hasDeny && len(hits) > 0:
			a.add(Consequence{ID: "account-level-denied", Evidence: ev, Text: fmt.Sprintf(
				"Account-level %s actions, which take no resource (Resource \"*\"), are denied: %s of %s, %s.",
				serviceShort(svc), num(len(hits)), num(len(hits)+len(misses)), list(common(hits), 15))})
		case !a.hasDeny && len(misses) > 0:
			a.add(Consequence{ID: "account-level-not-allowed", Text: fmt.Sprintf(
				"By itself it does not allow account-level %s actions (%s): they take Resource \"*\", which it does not name.",
				serviceShort(svc), list(misses, 3))})
		}
	}

	// Case: the same ARN in another case is another resource.
	a.variants(byKind[resCase], named, namedRes, hit, verb, notVerb, "case-sensitive",
		"ARNs match case-sensitively: %s %s while %s %s.")
	// Another namespace: the same object through an access point.
	a.variants(byKind[resNamespace], named, namedRes, hit, verb, notVerb, "other-namespace",
		"The same resource named through another resource type is another ARN: %s %s while %s %s.")

	// S3 bucket names in upper case cannot exist any more.
	for _, of := range slices.Sorted(maps.Keys(namedRes)) {
		parts, ok := policy.SplitARN(of)
		if !ok || parts[2] != "s3" {
			continue
		}
		bucket, _, _ := strings.Cut(parts[5], "/")
		if strings.ContainsAny(bucket, "*?") || bucketName.MatchString(bucket) || !bucketName.MatchString(strings.ToLower(bucket)) {
			continue
		}
		lower := strings.ToLower(bucket)
		res := "arn:aws:s3:::" + lower + strings.TrimPrefix(fill(parts[5]), bucket)
		var ev []Evidence
		for _, p := range byKind[resCase] {
			if p.Resource == res && len(ev) < 1 {
				ev = append(ev, a.s.evidence(p.Action, p.Resource, p.Ctx, p.Out))
			}
		}
		text := fmt.Sprintf("S3 bucket names cannot contain upper-case letters (the rule for buckets created since March 2018), so %q is likely not the real bucket name: the real one is probably %q", bucket, lower)
		if len(ev) > 0 {
			text += fmt.Sprintf(", and %s is %s.", res, map[bool]string{true: verb, false: notVerb}[ev[0].WithAllowAll == eval.ExplicitDeny.String() || ev[0].Alone == eval.Allow.String() && !a.hasDeny])
		} else {
			text += "."
		}
		a.add(Consequence{ID: "s3-bucket-case", Text: text, Evidence: ev})
		break
	}

	// Sibling services: s3:* does not cover s3express.
	sib := map[string][]probe{}
	var sorder []string
	for _, p := range byKind[resSibling] {
		svc, _, _ := strings.Cut(p.Action, ":")
		if _, ok := sib[svc]; !ok {
			sorder = append(sorder, svc)
		}
		sib[svc] = append(sib[svc], p)
	}
	var untouched []string
	var of string
	var ev []Evidence
	for _, svc := range sorder {
		acts := map[string]bool{}
		touched := false
		for _, p := range sib[svc] {
			acts[p.Action] = true
			touched = touched || hit(p.Out)
			of = p.Of
		}
		if !touched {
			s, _ := catalog.LookupService(svc)
			untouched = append(untouched, fmt.Sprintf("%s (%s, %s)", svc, s.Name, plural(len(acts), "action")))
			if len(ev) < 2 {
				p := sib[svc][0]
				ev = append(ev, a.s.evidence(p.Action, p.Resource, p.Ctx, p.Out))
			}
		}
	}
	if len(untouched) > 0 {
		a.add(Consequence{ID: "sibling-services", Evidence: ev, Text: fmt.Sprintf(
			"%s:* does not cover services with their own IAM prefix: %s — none of their actions is %s.", of, joinAnd(untouched), verb)})
	}
}

// variants reports probes whose decision differs from the named ARN's.
func (a *analysis) variants(ps []probe, named map[string]outcome, namedRes map[string]string, hit func(outcome) bool,
	verb, notVerb, id, format string) {
	var diff []string
	var base []string
	var ev []Evidence
	var hitWord, baseWord string
	for _, p := range ps {
		o, ok := named[fmt.Sprintf("%s|%d|%s", p.Action, p.Ctx, p.Of)]
		if !ok || hit(o) == hit(p.Out) {
			continue
		}
		if !slices.Contains(diff, p.Resource) {
			diff = append(diff, p.Resource)
			if len(ev) < 2 {
				ev = append(ev, a.s.evidence(p.Action, p.Resource, p.Ctx, p.Out), a.s.evidence(p.Action, namedRes[p.Of], p.Ctx, o))
			}
		}
		base = appendNew(base, namedRes[p.Of])
		hitWord, baseWord = notVerb, verb
		if hit(p.Out) {
			hitWord, baseWord = verb, notVerb
		}
	}
	if len(diff) == 0 {
		return
	}
	what := list(diff, 4)
	if id == "other-namespace" {
		what += " (" + strings.Join(typeNamesAny(diff[0]), " or ") + ")"
	}
	a.add(Consequence{ID: id, Evidence: ev, Text: fmt.Sprintf(format, what, isAre(len(diff))+" "+hitWord, joinAnd(base), isAre(len(base))+" "+baseWord)})
}

func typeNamesAny(arn string) []string {
	var out []string
	for _, t := range matchTypes(arn) {
		out = appendNew(out, t.Name)
	}
	return out
}

// rankList puts List-level actions first: they are the ones a reader
// misses.
func rankList(names []string) []string {
	out := common(names)
	slices.SortStableFunc(out, func(x, y string) int {
		ax, _ := catalog.Action(x)
		ay, _ := catalog.Action(y)
		lx, ly := ax.AccessLevel == catalog.List, ay.AccessLevel == catalog.List
		switch {
		case lx && !ly:
			return -1
		case ly && !lx:
			return 1
		}
		return 0
	})
	return out
}

func appendNew(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// list shows up to n names and how many more: "a, b, c and 12 more".
func list(names []string, n int) string {
	if len(names) <= n {
		return joinAnd(names)
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %s more", num(len(names)-n))
}

func canonical(action string) string {
	if a, ok := catalog.Action(action); ok {
		return a.String()
	}
	return action
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ctxList names contexts in a clause. When each sets the same single key
// the key is named once: "aws:MultiFactorAuthPresent is false (…) or
// absent (…)".
func (a *analysis) ctxList(cs []int, conj string) string {
	same := len(cs) > 0
	for _, c := range cs {
		ks := a.s.ctxs[c].keys
		same = same && len(ks) == 1 && strings.EqualFold(ks[0].Key, a.s.ctxs[cs[0]].keys[0].Key)
	}
	var parts []string
	for i, c := range cs {
		ctx := a.s.ctxs[c]
		if !same {
			parts = append(parts, ctx.phrase())
			continue
		}
		p := strings.TrimPrefix(ctx.phrase(), ctx.keys[0].Key+" is ")
		if i == 0 {
			p = ctx.keys[0].Key + " is " + p
		}
		parts = append(parts, p)
	}
	return joinWith(parts, conj)
}

// exampleDenied is the evidence of a denial in context c: a well-known
// action when it is among names.
func (a *analysis) exampleDenied(names []string, c int) Evidence {
	pick := names[0]
	for _, n := range names[1:] {
		if compareActions(n, pick) < 0 {
			pick = n
		}
	}
	if i, ok := a.sw.lookup(pick); ok && a.sw.out[i][c].Combined == eval.ExplicitDeny {
		return a.s.evidence(pick, a.s.sampleResource(a.sw.actions[i]), c, a.sw.out[i][c])
	}
	for _, p := range a.probes {
		if p.Action == pick && p.Ctx == c && p.Out.Combined == eval.ExplicitDeny {
			return a.s.evidence(p.Action, p.Resource, c, p.Out)
		}
	}
	return Evidence{Action: pick, Context: a.s.ctxs[c].String()}
}

// familiar actions come first in lists and evidence: they choose which
// examples a reader sees, never what is concluded.
var familiar = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:ListAllMyBuckets", "s3:GetAccountPublicAccessBlock",
	"s3express:CreateSession", "s3-object-lambda:GetObject", "ec2:DescribeInstances", "iam:CreateAccessKey"}

// compareActions orders action names the way a reader knows them:
// familiar ones, then shortest first (s3:GetObject before
// s3:GetObjectLegalHold), reads before writes.
func compareActions(x, y string) int {
	rank := map[catalog.AccessLevel]int{catalog.Read: 0, catalog.Write: 1, catalog.List: 2, catalog.PermissionsManagement: 3, catalog.Tagging: 4}
	fx, fy := slices.Index(familiar, x), slices.Index(familiar, y)
	switch {
	case fx >= 0 && fy >= 0:
		return fx - fy
	case fx >= 0:
		return -1
	case fy >= 0:
		return 1
	}
	if d := len(x) - len(y); d != 0 {
		return d
	}
	ax, _ := catalog.Action(x)
	ay, _ := catalog.Action(y)
	if d := rank[ax.AccessLevel] - rank[ay.AccessLevel]; d != 0 {
		return d
	}
	return strings.Compare(x, y)
}

// common sorts action names with compareActions.
func common(names []string) []string {
	out := slices.Clone(names)
	slices.SortStableFunc(out, compareActions)
	return out
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// listedPrefix names what a List action on container r would list to
// reach the resources the policy names: ` (with prefix "Payroll/")`.
func listedPrefix(r string, namedRes map[string]string) string {
	for _, of := range slices.Sorted(maps.Keys(namedRes)) {
		rest, ok := strings.CutPrefix(of, r+"/")
		if !ok {
			continue
		}
		if i := strings.IndexAny(rest, "*?/"); i >= 0 {
			rest = rest[:i]
		}
		if rest != "" {
			return fmt.Sprintf(" (with prefix %q)", rest+"/")
		}
	}
	return ""
}

func stayStays(n int) string {
	if n == 1 {
		return "stays"
	}
	return "stay"
}
