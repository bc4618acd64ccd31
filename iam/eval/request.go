package eval

import "strings"

// Request is one API call to decide.
type Request struct {
	// Principal is who makes the call: an ARN of a user
	// (arn:aws:iam::111122223333:user/alice), a role, an assumed-role
	// session (arn:aws:sts::111122223333:assumed-role/Admin/alice), a
	// federated user (arn:aws:sts::111122223333:federated-user/bob), the
	// root user (arn:aws:iam::111122223333:root), an identity provider
	// (arn:aws:iam::111122223333:saml-provider/Okta, accounts.google.com), a
	// service principal ("lambda.amazonaws.com"), or "" / "*" for an
	// anonymous caller.
	Principal string
	// PrincipalAccount is the caller's account; derived from Principal
	// when empty.
	PrincipalAccount string
	// Action is "service:Action"; compared case-insensitively.
	Action string
	// Resource is the target's ARN, or "*" for actions without one.
	Resource string
	// ResourceAccount is the resource's account; derived from Resource
	// when the ARN carries one. When neither gives one (S3 bucket ARNs do
	// not), the resource is taken to be in the caller's account: set it
	// for cross-account S3 requests.
	ResourceAccount string
	// Context holds the request's condition keys and their values; keys
	// compare case-insensitively. An absent key is absent; a key with no
	// values is an empty set (what ForAllValues treats as vacuously true).
	// Policy variables (${aws:username}, ${aws:PrincipalTag/team}) are
	// read from here too. When the caller does not give them, the
	// evaluator derives aws:PrincipalArn, aws:PrincipalAccount,
	// aws:PrincipalType, aws:PrincipalIsAWSService,
	// aws:PrincipalServiceName, aws:ResourceAccount and aws:username from
	// the fields above.
	Context map[string][]string
}

// callerKind classifies Request.Principal.
type callerKind uint8

const (
	callerAnonymous callerKind = iota
	callerRoot
	callerUser
	callerRole // the role itself (who-can questions), not a session
	callerSession
	callerFederatedUser
	callerService  // a service principal or a web identity provider domain
	callerProvider // a SAML or OIDC provider ARN
	callerOther    // an ARN of some other kind
)

// caller is Request.Principal taken apart, without allocating: every field
// is a substring of the ARN.
type caller struct {
	arn       string
	kind      callerKind
	partition string
	account   string
	name      string // user name, role name, federated user name
	roleName  string // for sessions
}

func parseCaller(p string) caller {
	c := caller{arn: p}
	switch {
	case p == "" || p == "*":
		c.kind = callerAnonymous
		return c
	case isAccountID(p):
		// A bare account id stands for the account: its root user.
		c.kind, c.account, c.partition = callerRoot, p, "aws"
		c.arn = "arn:aws:iam::" + p + ":root"
		return c
	case !strings.HasPrefix(p, "arn:"):
		c.kind = callerService
		return c
	}
	a, ok := splitARN(p)
	if !ok {
		c.kind = callerOther
		return c
	}
	c.partition, c.account = a.partition, a.account
	c.kind = callerOther
	switch a.service {
	case "iam":
		switch {
		case a.resource == "root":
			c.kind = callerRoot
		case strings.HasPrefix(a.resource, "user/"):
			c.kind, c.name = callerUser, lastSegment(a.resource)
		case strings.HasPrefix(a.resource, "role/"):
			c.kind, c.name = callerRole, lastSegment(a.resource)
		case strings.HasPrefix(a.resource, "saml-provider/"), strings.HasPrefix(a.resource, "oidc-provider/"):
			c.kind = callerProvider
		}
	case "sts":
		switch {
		case strings.HasPrefix(a.resource, "assumed-role/"):
			rest := a.resource[len("assumed-role/"):]
			if role, session, ok := strings.Cut(rest, "/"); ok {
				c.kind, c.roleName, c.name = callerSession, role, session
			}
		case strings.HasPrefix(a.resource, "federated-user/"):
			c.kind, c.name = callerFederatedUser, a.resource[len("federated-user/"):]
		}
	}
	return c
}

// iamPrincipal reports whether the caller is an IAM identity of an account
// (what identity policies, boundaries and SCPs govern).
func (c *caller) iamPrincipal() bool {
	switch c.kind {
	case callerRoot, callerUser, callerRole, callerSession, callerFederatedUser:
		return true
	}
	return false
}

func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// arnParts are the six fields of an ARN; resource is everything after the
// fifth colon.
type arnParts struct {
	partition, service, region, account, resource string
}

func splitARN(s string) (arnParts, bool) {
	var a arnParts
	if !strings.HasPrefix(s, "arn:") {
		return a, false
	}
	rest := s[4:]
	var f [4]string
	for i := range f {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return a, false
		}
		f[i], rest = rest[:j], rest[j+1:]
	}
	a.partition, a.service, a.region, a.account, a.resource = f[0], f[1], f[2], f[3], rest
	return a, true
}

// values is a request key's values, without allocating for the derived
// single-valued keys.
type values struct {
	list []string
	one  string
	n    int
}

func (v values) at(i int) string {
	if v.list != nil {
		return v.list[i]
	}
	return v.one
}

func single(s string) values { return values{one: s, n: 1} }

// state is what one evaluation knows about its request.
type state struct {
	req              *Request
	caller           caller
	principalAccount string
	resourceAccount  string
	hasBoundary      bool
}

func newState(r *Request) state {
	st := state{req: r, caller: parseCaller(r.Principal)}
	st.principalAccount = r.PrincipalAccount
	if st.principalAccount == "" {
		st.principalAccount = st.caller.account
	}
	st.resourceAccount = r.ResourceAccount
	if st.resourceAccount == "" {
		if a, ok := splitARN(r.Resource); ok {
			st.resourceAccount = a.account
		}
	}
	return st
}

// sameAccount reports whether the request stays inside one account. A
// resource whose account is unknown is taken to be the caller's.
func (st *state) sameAccount() bool {
	return st.resourceAccount == "" || st.resourceAccount == st.principalAccount
}

// lookup finds a condition key's values. key is as written, lower folded.
// It tries the exact spelling, then the folded one, then a scan, so a
// context written in any case works and the common case costs one map
// lookup.
func (st *state) lookup(key, lower string) (values, bool) {
	ctx := st.req.Context
	if v, ok := ctx[key]; ok {
		return values{list: v, n: len(v)}, true
	}
	if v, ok := ctx[lower]; ok {
		return values{list: v, n: len(v)}, true
	}
	for k, v := range ctx {
		if strings.EqualFold(k, key) {
			return values{list: v, n: len(v)}, true
		}
	}
	return st.derived(lower)
}

// derived answers the global keys the request's fields imply.
func (st *state) derived(lower string) (values, bool) {
	c := &st.caller
	switch lower {
	case "aws:principalaccount":
		if st.principalAccount != "" {
			return single(st.principalAccount), true
		}
	case "aws:resourceaccount":
		if st.resourceAccount != "" {
			return single(st.resourceAccount), true
		}
	case "aws:principalarn":
		switch c.kind {
		case callerRoot, callerUser, callerRole, callerFederatedUser:
			return single(c.arn), true
		case callerSession:
			// aws:PrincipalArn of a session is its role's ARN. The session
			// ARN does not carry the role's path: give aws:PrincipalArn in
			// Context when the path matters.
			return single("arn:" + c.partition + ":iam::" + c.account + ":role/" + c.roleName), true
		}
	case "aws:principaltype":
		switch c.kind {
		case callerRoot:
			return single("Account"), true
		case callerUser:
			return single("User"), true
		case callerSession, callerRole:
			return single("AssumedRole"), true
		case callerFederatedUser:
			return single("FederatedUser"), true
		case callerAnonymous:
			return single("Anonymous"), true
		}
	case "aws:principalisawsservice":
		switch {
		case c.kind == callerService && isServicePrincipal(c.arn):
			return single("true"), true
		case c.iamPrincipal():
			return single("false"), true
		}
	case "aws:principalservicename":
		if c.kind == callerService && isServicePrincipal(c.arn) {
			return single(c.arn), true
		}
	case "aws:username":
		if c.kind == callerUser {
			return single(c.name), true
		}
	}
	return values{}, false
}

func isServicePrincipal(s string) bool {
	return strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn")
}

// variable resolves a policy variable: the key's single value, or the
// default. A key with several values cannot stand in a string, so it
// resolves only through its default.
func (st *state) variable(p *piece) (string, bool) {
	v, ok := st.lookup(p.key, p.lower)
	if ok && v.n == 1 {
		return v.at(0), true
	}
	if p.hasDef {
		return p.def, true
	}
	return "", false
}
