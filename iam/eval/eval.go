package eval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/awssec/awssec/iam/policy"
)

// PolicyType is the role a policy plays in a request.
type PolicyType uint8

// Policy types, in the order a trace lists them.
const (
	IdentityPolicy PolicyType = iota + 1
	ResourcePolicy
	SCP
	RCP
	PermissionsBoundary
	SessionPolicy
)

func (t PolicyType) String() string {
	switch t {
	case IdentityPolicy:
		return "identity policy"
	case ResourcePolicy:
		return "resource policy"
	case SCP:
		return "SCP"
	case RCP:
		return "RCP"
	case PermissionsBoundary:
		return "permissions boundary"
	case SessionPolicy:
		return "session policy"
	}
	return "policy"
}

// Policies are the parsed policies that bear on one principal and one
// resource.
type Policies struct {
	// Identity: the principal's inline and managed policies, its groups'.
	Identity []*policy.Policy
	// Resource: the resource's policy (bucket policy, key policy, role
	// trust policy…), or nil.
	Resource *policy.Policy
	// SCPs of the principal's account, one slice per level of the
	// organization: root, each OU down, the account. Every level must
	// allow. Nil when the account is in no organization.
	SCPs [][]*policy.Policy
	// RCPs of the resource's account, by level like SCPs.
	RCPs [][]*policy.Policy
	// Boundary is the principal's permissions boundary, or nil.
	Boundary *policy.Policy
	// Session: the session policies passed when the role was assumed or
	// the user federated (inline and managed; they combine as one).
	Session []*policy.Policy

	// PrincipalIsManagementAccount: the principal is in the
	// organization's management account, which SCPs do not affect.
	PrincipalIsManagementAccount bool
	// ResourceInManagementAccount: the resource is in the management
	// account, which RCPs do not affect.
	ResourceInManagementAccount bool
	// ServiceLinkedRole: the principal is a service-linked role, which
	// SCPs (and RCPs) do not restrict.
	ServiceLinkedRole bool
}

// Evaluator is a compiled set of policies. Build it once with New (or
// fill it with Compile's results) and call Evaluate or EvaluateInto per
// request; it is safe for concurrent use.
type Evaluator struct {
	Identity []*Compiled
	Resource *Compiled
	SCPs     [][]*Compiled
	RCPs     [][]*Compiled
	Boundary *Compiled
	Session  []*Compiled

	PrincipalIsManagementAccount bool
	ResourceInManagementAccount  bool
	ServiceLinkedRole            bool
}

// New compiles every policy of p. Unnamed policies get a label in traces
// ("identity policy 2", "SCP level 1 policy 1").
func New(p *Policies) (*Evaluator, error) {
	e := &Evaluator{
		PrincipalIsManagementAccount: p.PrincipalIsManagementAccount,
		ResourceInManagementAccount:  p.ResourceInManagementAccount,
		ServiceLinkedRole:            p.ServiceLinkedRole,
	}
	compile := func(pol *policy.Policy, label string) (*Compiled, error) {
		if pol == nil {
			return nil, nil
		}
		c, err := Compile(pol)
		if err != nil {
			return nil, err
		}
		if c.Name == "" {
			c.Name = label
		}
		return c, nil
	}
	var err error
	for i, pol := range p.Identity {
		c, err := compile(pol, "identity policy "+strconv.Itoa(i+1))
		if err != nil {
			return nil, err
		}
		e.Identity = append(e.Identity, c)
	}
	if e.Resource, err = compile(p.Resource, "resource policy"); err != nil {
		return nil, err
	}
	if e.Boundary, err = compile(p.Boundary, "permissions boundary"); err != nil {
		return nil, err
	}
	for i, pol := range p.Session {
		c, err := compile(pol, "session policy "+strconv.Itoa(i+1))
		if err != nil {
			return nil, err
		}
		e.Session = append(e.Session, c)
	}
	levels := func(in [][]*policy.Policy, kind string) ([][]*Compiled, error) {
		var out [][]*Compiled
		for l, ps := range in {
			var lv []*Compiled
			for i, pol := range ps {
				c, err := compile(pol, fmt.Sprintf("%s level %d policy %d", kind, l+1, i+1))
				if err != nil {
					return nil, err
				}
				if c != nil {
					lv = append(lv, c)
				}
			}
			out = append(out, lv)
		}
		return out, nil
	}
	if e.SCPs, err = levels(p.SCPs, "SCP"); err != nil {
		return nil, err
	}
	if e.RCPs, err = levels(p.RCPs, "RCP"); err != nil {
		return nil, err
	}
	return e, nil
}

// Evaluate compiles p and decides r; for many requests, build an Evaluator
// once with New.
func Evaluate(p *Policies, r *Request) (Decision, error) {
	e, err := New(p)
	if err != nil {
		return Decision{}, err
	}
	return e.Evaluate(r), nil
}

// Result is a decision's outcome. The zero value is ImplicitDeny, what IAM
// decides when nothing allows.
type Result uint8

// Results.
const (
	ImplicitDeny Result = iota
	Allow
	ExplicitDeny
)

// String returns the name the JSON output uses.
func (r Result) String() string {
	switch r {
	case Allow:
		return "allow"
	case ExplicitDeny:
		return "explicit-deny"
	}
	return "implicit-deny"
}

// Step names the evaluation step that decided.
type Step uint8

// Steps. The Allowed… steps say which path allowed; the others which step
// denied.
const (
	StepNone                Step = iota
	StepExplicitDeny             // a Deny statement applies
	StepRCP                      // an RCP level has no Allow
	StepSCP                      // an SCP level has no Allow
	StepKeyPolicy                // a KMS key policy does not allow the principal
	StepTrustPolicy              // a role trust policy does not allow the principal
	StepResourcePolicy           // cross-account: the resource policy does not allow
	StepServicePrincipal         // a service, provider or anonymous caller the resource policy does not allow
	StepIdentity                 // no identity policy allows
	StepBoundary                 // the permissions boundary does not allow
	StepSession                  // no session policy allows
	AllowedByResource            // a resource policy names the caller itself
	AllowedByResourceRole        // a resource policy names the caller's role, within boundary and session policy
	AllowedByIdentity            // identity policies (within boundary and session policy)
	AllowedCrossAccount          // both the identity side and the resource policy
	AllowedRoot                  // the root user, in its own account
	AllowedServicePrincipal      // a resource policy allows the service or provider
	AllowedUndeniable            // an action no policy can deny (sts:GetCallerIdentity)
)

var stepNames = [...]string{
	StepNone: "none", StepExplicitDeny: "explicit-deny", StepRCP: "rcp", StepSCP: "scp",
	StepKeyPolicy: "key-policy", StepTrustPolicy: "trust-policy", StepResourcePolicy: "resource-policy",
	StepServicePrincipal: "service-principal", StepIdentity: "identity", StepBoundary: "boundary",
	StepSession: "session", AllowedByResource: "allowed-by-resource", AllowedByResourceRole: "allowed-by-resource-role",
	AllowedByIdentity: "allowed-by-identity", AllowedCrossAccount: "allowed-cross-account", AllowedRoot: "allowed-root",
	AllowedServicePrincipal: "allowed-service-principal", AllowedUndeniable: "allowed-undeniable",
}

// String names the step in lower-case kebab form ("scp", "allowed-by-identity").
func (s Step) String() string {
	if int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "step(" + strconv.Itoa(int(s)) + ")"
}

// Match is one statement that took part in a decision.
type Match struct {
	Type       PolicyType
	Level      int // 1-based SCP/RCP level; 0 otherwise
	PolicyName string
	Statement  int // 0-based index in the policy
	Sid        string
	Effect     policy.Effect
	Pos        policy.Pos
}

// String names the statement in a reason: "identity policy AdminS3
// statement 2 (Read)".
func (m Match) String() string {
	s := m.PolicyName
	if t := m.Type.String(); !strings.HasPrefix(s, t) {
		if m.Level > 0 {
			t += " level " + strconv.Itoa(m.Level)
		}
		s = t + " " + s
	}
	s += " statement " + strconv.Itoa(m.Statement)
	if m.Sid != "" {
		s += " (" + m.Sid + ")"
	}
	return s
}

// Decision is the outcome of one request and why.
type Decision struct {
	Result Result
	// Matched lists the statements that decided: the Deny statements that
	// apply for an explicit deny; the Allow statements that apply
	// otherwise (for an implicit deny, the partial allows that were not
	// enough).
	Matched []Match
	// Step is the step that decided; Level the 1-based SCP/RCP level for
	// StepSCP and StepRCP.
	Step  Step
	Level int

	action, resource, principal   string
	boundary, session, scps, rcps bool
	hasResourcePolicy             bool
}

// Evaluate decides r.
func (e *Evaluator) Evaluate(r *Request) Decision {
	var d Decision
	e.EvaluateInto(r, &d)
	return d
}

// polResult is what one policy says about a request.
type polResult struct {
	deny, allow bool
	pm          principalMatch // best principal match among applying Allow statements
}

// EvaluateInto decides r into d, reusing d.Matched's storage: with
// compiled policies and a reused Decision it does not allocate.
//
// The steps follow "How AWS enforcement code logic evaluates requests to
// allow or deny access" in the IAM User Guide: explicit denies in every
// policy type first, then RCPs and SCPs level by level, then the
// resource-based policy (with its same-account short-circuit and the
// exceptions by principal type), identity-based policies, the permissions
// boundary and session policies; a cross-account request needs both sides.
func (e *Evaluator) EvaluateInto(r *Request, d *Decision) {
	st := newState(r)
	st.hasBoundary = e.Boundary != nil
	*d = Decision{Matched: d.Matched[:0], action: r.Action, resource: r.Resource, principal: r.Principal}
	c := &st.caller
	iam := c.iamPrincipal()

	if iam && Undeniable(r.Action) {
		// "No permissions are required to perform this operation. If an
		// administrator attaches a policy to your identity that explicitly
		// denies access to the sts:GetCallerIdentity action, you can still
		// perform this operation." (STS API Reference, GetCallerIdentity)
		d.Result, d.Step = Allow, AllowedUndeniable
		return
	}

	deny := false
	var idAllow, bAllow, sAllow bool
	if iam {
		for _, p := range e.Identity {
			res := evalPolicy(p, IdentityPolicy, 0, &st, d, false)
			deny, idAllow = deny || res.deny, idAllow || res.allow
		}
		if e.Boundary != nil {
			res := evalPolicy(e.Boundary, PermissionsBoundary, 0, &st, d, false)
			deny, bAllow = deny || res.deny, res.allow
		}
		for _, p := range e.Session {
			res := evalPolicy(p, SessionPolicy, 0, &st, d, false)
			deny, sAllow = deny || res.deny, sAllow || res.allow
		}
	}
	// "SCPs don't affect users or roles in the management account" and
	// "SCPs do not affect any service-linked role"; they govern the IAM
	// principals of member accounts only.
	scpFail := 0
	if iam && !e.PrincipalIsManagementAccount && !e.ServiceLinkedRole && len(e.SCPs) > 0 {
		d.scps = true
		scpFail = evalLevels(e.SCPs, SCP, &st, d, &deny)
	}
	// "RCPs don't affect resources in the management account."
	rcpFail := 0
	if !e.ResourceInManagementAccount && !e.ServiceLinkedRole && len(e.RCPs) > 0 {
		d.rcps = true
		rcpFail = evalLevels(e.RCPs, RCP, &st, d, &deny)
	}
	var rp polResult
	if e.Resource != nil {
		d.hasResourcePolicy = true
		rp = evalPolicy(e.Resource, ResourcePolicy, 0, &st, d, true)
		deny = deny || rp.deny
	}

	// "If the enforcement code finds even one explicit deny that applies,
	// the enforcement code returns a final decision of Deny."
	if deny {
		d.keep(policy.Deny)
		d.Result, d.Step = ExplicitDeny, StepExplicitDeny
		return
	}
	d.keep(policy.Allow)
	// "If the enforcement code does not find any applicable Allow
	// statements in the RCPs, then the enforcement code returns a final
	// decision of Deny." Likewise for SCPs.
	if rcpFail > 0 {
		d.Step, d.Level = StepRCP, rcpFail
		return
	}
	if scpFail > 0 {
		d.Step, d.Level = StepSCP, scpFail
		return
	}

	if !iam {
		// Services, identity providers and anonymous callers have no
		// identity policies: only the resource policy can allow them.
		if rp.pm == pmExact {
			d.Result, d.Step = Allow, AllowedServicePrincipal
			return
		}
		d.Step = StepServicePrincipal
		return
	}

	d.boundary, d.session = e.Boundary != nil, len(e.Session) > 0
	if c.kind == callerRoot && st.principalAccount != "" {
		// "By default, all requests are implicitly denied with the exception
		// of the AWS account root user, which has full access."
		idAllow = true
	}
	boundaryOK := e.Boundary == nil || bAllow
	sessionOK := len(e.Session) == 0 || sAllow
	identityFail := StepNone
	switch {
	case !idAllow:
		identityFail = StepIdentity
	case !boundaryOK:
		identityFail = StepBoundary
	case !sessionOK:
		identityFail = StepSession
	}

	// "IAM role trust policies and KMS key policies are exceptions to this
	// logic, because they must explicitly allow access for principals."
	if need := resourcePolicyRequired(r.Action, r.Resource); need != StepNone && rp.pm == pmNone {
		d.Step = need
		return
	}

	if !st.sameAccount() {
		// Cross-account: "The principal's identity-based policy must allow
		// the requested access to the resource in the trusting service", and
		// the resource-based policy must allow the principal.
		if rp.pm == pmNone {
			d.Step = StepResourcePolicy
			return
		}
		if identityFail != StepNone {
			d.Step = identityFail
			return
		}
		d.Result, d.Step = Allow, AllowedCrossAccount
		return
	}

	switch rp.pm {
	case pmExact:
		// Within an account, a grant to the user's ARN or to the session's
		// ARN is not limited by an implicit deny in identity policies, the
		// permissions boundary or session policies.
		d.Result, d.Step = Allow, AllowedByResource
		return
	case pmRole:
		// A grant to the role's ARN "is limited by an implicit deny in a
		// permissions boundary or session policy".
		switch {
		case !boundaryOK:
			d.Step = StepBoundary
		case !sessionOK:
			d.Step = StepSession
		default:
			d.Result, d.Step = Allow, AllowedByResourceRole
		}
		return
	}
	// No grant, or a grant to the account that delegates to its IAM
	// policies.
	if identityFail != StepNone {
		d.Step = identityFail
		return
	}
	d.Result, d.Step = Allow, AllowedByIdentity
	if c.kind == callerRoot && !d.hasMatch(IdentityPolicy) {
		d.Step = AllowedRoot
	}
}

// Undeniable reports whether AWS performs action for any authenticated IAM
// principal whatever its policies say: no policy can allow or deny it.
func Undeniable(action string) bool {
	return strings.EqualFold(action, "sts:GetCallerIdentity")
}

// evalLevels evaluates SCPs or RCPs by level and returns the first
// (1-based) level with no Allow, or 0.
func evalLevels(levels [][]*Compiled, t PolicyType, st *state, d *Decision, deny *bool) int {
	fail := 0
	for l, ps := range levels {
		allow := false
		for _, p := range ps {
			res := evalPolicy(p, t, l+1, st, d, t == RCP)
			*deny = *deny || res.deny
			allow = allow || res.allow
		}
		if !allow && fail == 0 {
			fail = l + 1
		}
	}
	return fail
}

// keep drops the matches of the other effect.
func (d *Decision) keep(e policy.Effect) {
	out := d.Matched[:0]
	for _, m := range d.Matched {
		if m.Effect == e {
			out = append(out, m)
		}
	}
	d.Matched = out
}

func (d *Decision) hasMatch(t PolicyType) bool {
	for _, m := range d.Matched {
		if m.Type == t {
			return true
		}
	}
	return false
}

// resourcePolicyRequired says whether the resource's policy must allow
// the principal itself: KMS keys and IAM role trust policies.
func resourcePolicyRequired(action, resource string) Step {
	svc, name, ok := strings.Cut(action, ":")
	if !ok || !strings.EqualFold(svc, "kms") && !strings.EqualFold(svc, "sts") {
		return StepNone
	}
	a, ok := splitARN(resource)
	if !ok {
		return StepNone
	}
	switch {
	case strings.EqualFold(svc, "kms") && a.service == "kms" && strings.HasPrefix(a.resource, "key/"):
		return StepKeyPolicy
	case strings.EqualFold(svc, "sts") && a.service == "iam" && strings.HasPrefix(a.resource, "role/"):
		for _, n := range trustActions {
			if strings.EqualFold(name, n) {
				return StepTrustPolicy
			}
		}
	}
	return StepNone
}

// trustActions are the STS actions a role's trust policy governs.
var trustActions = []string{"AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "TagSession", "SetSourceIdentity", "SetContext"}

// evalPolicy evaluates every statement of c, appending the ones that apply
// to d.Matched. withPrincipal says whether the Principal element counts
// (resource policies and RCPs; identity-side policies have none).
func evalPolicy(c *Compiled, t PolicyType, level int, st *state, d *Decision, withPrincipal bool) polResult {
	var res polResult
	for i := range c.stmts {
		s := &c.stmts[i]
		pm := pmExact
		if !s.actionMatches(st.req.Action) || !s.resourceMatches(st) {
			continue
		}
		if withPrincipal {
			if pm = s.principalMatches(st, t); pm == pmNone {
				continue
			}
		}
		if !s.conditionsMatch(st) {
			continue
		}
		d.Matched = append(d.Matched, Match{
			Type: t, Level: level, PolicyName: c.Name, Statement: s.src.Index,
			Sid: s.src.Sid, Effect: s.effect, Pos: s.src.Pos,
		})
		switch s.effect {
		case policy.Deny:
			res.deny = true
		case policy.Allow:
			res.allow = true
			res.pm = max(res.pm, pm)
		}
	}
	return res
}

func (s *cstmt) actionMatches(action string) bool {
	if len(s.actions) == 0 {
		return false
	}
	for i := range s.actions {
		if m, _ := s.actions[i].match(action, true, nil); m {
			return !s.notAction
		}
	}
	return s.notAction
}

// resourceMatches applies Resource or NotResource. A value whose variable
// does not resolve matches nothing, and makes a NotResource statement not
// apply either: an unresolved variable never widens a statement.
func (s *cstmt) resourceMatches(st *state) bool {
	if s.anyResource {
		return true
	}
	unresolved := false
	for i := range s.resources {
		m, ok := s.resources[i].match(st.req.Resource, false, st)
		if !ok {
			unresolved = true
			continue
		}
		if m {
			return !s.notResource
		}
	}
	return s.notResource && !unresolved
}

func (s *cstmt) principalMatches(st *state, t PolicyType) principalMatch {
	if s.principal == nil {
		// A resource policy statement without a principal grants nobody;
		// an RCP's principal is always "*".
		if t == RCP {
			return pmExact
		}
		return pmNone
	}
	if !s.notPrincipal {
		return s.principal.match(&st.caller)
	}
	// "The NotPrincipal element with a Deny effect will always deny any IAM
	// principal that has a permissions boundary policy attached, regardless
	// of the values specified in the NotPrincipal element."
	if s.effect == policy.Deny && st.hasBoundary && st.caller.iamPrincipal() {
		return pmExact
	}
	if s.principal.excludes(&st.caller) {
		return pmNone
	}
	return pmExact
}

func (s *cstmt) conditionsMatch(st *state) bool {
	for i := range s.conds {
		if !s.conds[i].eval(st) {
			return false
		}
	}
	return true
}

// Reason says in one sentence why the decision is what it is.
func (d *Decision) Reason() string {
	var b strings.Builder
	first := func(t PolicyType) string {
		for _, m := range d.Matched {
			if m.Type == t {
				return m.String()
			}
		}
		return ""
	}
	guards := func() {
		b.WriteString("; no explicit deny")
		if d.scps {
			b.WriteString("; SCPs allow at every level")
		}
		if d.rcps {
			b.WriteString("; RCPs allow at every level")
		}
	}
	limits := func() {
		if d.boundary {
			b.WriteString("; permissions boundary allows")
		}
		if d.session {
			b.WriteString("; session policy allows")
		}
	}
	switch d.Step {
	case StepExplicitDeny:
		b.WriteString("explicitly denied by ")
		if len(d.Matched) > 0 {
			m := d.Matched[0]
			b.WriteString(m.String())
			if n := len(d.Matched) - 1; n > 0 {
				fmt.Fprintf(&b, " and %d more statement", n)
				if n > 1 {
					b.WriteString("s")
				}
			}
		}
	case StepRCP:
		fmt.Fprintf(&b, "implicitly denied: no RCP at organization level %d allows %s", d.Level, d.action)
	case StepSCP:
		fmt.Fprintf(&b, "implicitly denied: no SCP at organization level %d allows %s", d.Level, d.action)
	case StepKeyPolicy:
		b.WriteString("implicitly denied: the KMS key policy does not allow the principal, and IAM policies alone cannot grant access to a KMS key")
	case StepTrustPolicy:
		b.WriteString("implicitly denied: the role's trust policy does not allow the principal, and IAM policies alone cannot let a principal assume a role")
	case StepResourcePolicy:
		if d.hasResourcePolicy {
			b.WriteString("implicitly denied: cross-account request and the resource policy does not allow the principal")
		} else {
			b.WriteString("implicitly denied: cross-account request and the resource has no resource policy")
		}
	case StepServicePrincipal:
		fmt.Fprintf(&b, "implicitly denied: no resource policy allows %s", principalLabel(d.principal))
	case StepIdentity:
		fmt.Fprintf(&b, "implicitly denied: no identity policy allows %s on %s", d.action, d.resource)
		if d.hasResourcePolicy {
			b.WriteString(" and the resource policy does not grant it")
		}
	case StepBoundary:
		fmt.Fprintf(&b, "implicitly denied: the permissions boundary does not allow %s", d.action)
	case StepSession:
		fmt.Fprintf(&b, "implicitly denied: no session policy allows %s", d.action)
	case AllowedByResource:
		fmt.Fprintf(&b, "allowed by %s, which names the principal itself (not limited by identity policies, permissions boundary or session policies)", first(ResourcePolicy))
		guards()
	case AllowedByResourceRole:
		fmt.Fprintf(&b, "allowed by %s, which names the principal's role", first(ResourcePolicy))
		limits()
		guards()
	case AllowedByIdentity:
		fmt.Fprintf(&b, "allowed by %s", first(IdentityPolicy))
		limits()
		guards()
	case AllowedCrossAccount:
		fmt.Fprintf(&b, "allowed cross-account by %s and %s", first(IdentityPolicy), first(ResourcePolicy))
		limits()
		guards()
	case AllowedRoot:
		b.WriteString("allowed: the account root user has full access in its own account")
		guards()
	case AllowedServicePrincipal:
		fmt.Fprintf(&b, "allowed by %s for %s", first(ResourcePolicy), principalLabel(d.principal))
		guards()
	case AllowedUndeniable:
		fmt.Fprintf(&b, "allowed: %s needs no permission and no policy can deny it; it returns what an access-denied error would reveal anyway", d.action)
	default:
		b.WriteString("implicitly denied: nothing allows it")
	}
	return b.String()
}

func principalLabel(p string) string {
	if p == "" || p == "*" {
		return "an anonymous caller"
	}
	return p
}
