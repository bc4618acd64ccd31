package eval

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/iam/policy"
)

const (
	acctA   = "111122223333"
	acctB   = "444455556666"
	user    = "arn:aws:iam::111122223333:user/alice"
	role    = "arn:aws:iam::111122223333:role/Admin"
	session = "arn:aws:sts::111122223333:assumed-role/Admin/alice"
	userB   = "arn:aws:iam::444455556666:user/bob"
	object  = "arn:aws:s3:::hr-data/x"
	keyARN  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// stmt builds a one-statement policy document.
func stmt(effect, principal, action, resource string) string {
	p := ""
	if principal != "" {
		p = `"Principal":` + principal + `,`
	}
	r := ""
	if resource != "" {
		r = `,"Resource":"` + resource + `"`
	}
	return `{"Version":"2012-10-17","Statement":{"Effect":"` + effect + `",` + p + `"Action":"` + action + `"` + r + `}}`
}

func aws(arn string) string { return `{"AWS":"` + arn + `"}` }

var (
	idAllowS3    = stmt("Allow", "", "s3:GetObject", "*")
	idAllowEC2   = stmt("Allow", "", "ec2:*", "*")
	idDenyS3     = stmt("Deny", "", "s3:*", "*")
	allowAll     = stmt("Allow", "", "*", "*") // FullAWSAccess, RCPFullAWSAccess has a Principal
	rcpAllowAll  = stmt("Allow", `"*"`, "*", "*")
	rcpDenyS3    = stmt("Deny", `"*"`, "s3:*", "*")
	rcpAllowEC2  = stmt("Allow", `"*"`, "ec2:*", "*")
	kmsAllowIAM  = stmt("Allow", aws("arn:aws:iam::111122223333:root"), "kms:*", "*")
	kmsAllowUser = stmt("Allow", aws(user), "kms:Decrypt", "*")
)

func bucket(effect, principal string) string {
	return stmt(effect, principal, "s3:GetObject", "arn:aws:s3:::hr-data/*")
}

// set is the JSON form of Policies, for the table.
type set struct {
	identity, resource, boundary string
	session                      []string
	scps, rcps                   [][]string
	mgmt, resMgmt, slr           bool
}

func (s set) policies(t *testing.T) *Policies {
	p := &Policies{PrincipalIsManagementAccount: s.mgmt, ResourceInManagementAccount: s.resMgmt, ServiceLinkedRole: s.slr}
	if s.identity != "" {
		p.Identity = []*policy.Policy{parse(t, "id.json", s.identity)}
	}
	if s.resource != "" {
		p.Resource = parse(t, "resource.json", s.resource)
	}
	if s.boundary != "" {
		p.Boundary = parse(t, "boundary.json", s.boundary)
	}
	for _, d := range s.session {
		p.Session = append(p.Session, parse(t, "session.json", d))
	}
	levels := func(in [][]string, name string) [][]*policy.Policy {
		var out [][]*policy.Policy
		for _, l := range in {
			var lv []*policy.Policy
			for _, d := range l {
				lv = append(lv, parse(t, name, d))
			}
			out = append(out, lv)
		}
		return out
	}
	p.SCPs, p.RCPs = levels(s.scps, "scp.json"), levels(s.rcps, "rcp.json")
	return p
}

func TestEvaluationSteps(t *testing.T) {
	get := func(principal string) Request {
		return Request{Principal: principal, Action: "s3:GetObject", Resource: object}
	}
	crossGet := func(principal string) Request {
		r := get(principal)
		r.ResourceAccount = acctA
		return r
	}
	decrypt := func(principal string) Request {
		return Request{Principal: principal, Action: "kms:Decrypt", Resource: keyARN}
	}
	assume := func(principal string) Request {
		return Request{Principal: principal, Action: "sts:AssumeRole", Resource: role}
	}
	for _, tc := range []struct {
		name string
		set  set
		req  Request
		want Result
		step Step
	}{
		// "Requests must be explicitly allowed by a policy or set of
		// policies … to be allowed."
		{"identity allows", set{identity: idAllowS3}, get(user), Allow, AllowedByIdentity},
		// "By default, all requests are implicitly denied."
		{"nothing allows", set{}, get(user), ImplicitDeny, StepIdentity},
		{"identity allows other service", set{identity: idAllowEC2}, get(user), ImplicitDeny, StepIdentity},

		// "An explicit deny in any of these policies overrides the allow":
		// one case per policy type.
		{"deny in identity", set{identity: `{"Version":"2012-10-17","Statement":[` + stmtBody(idAllowS3) + `,` + stmtBody(idDenyS3) + `]}`}, get(user), ExplicitDeny, StepExplicitDeny},
		{"deny in resource policy", set{identity: idAllowS3, resource: bucket("Deny", `"*"`)}, get(user), ExplicitDeny, StepExplicitDeny},
		{"deny in SCP", set{identity: idAllowS3, scps: [][]string{{allowAll, idDenyS3}}}, get(user), ExplicitDeny, StepExplicitDeny},
		{"deny in RCP", set{identity: idAllowS3, rcps: [][]string{{rcpAllowAll, rcpDenyS3}}}, get(user), ExplicitDeny, StepExplicitDeny},
		{"deny in boundary", set{identity: idAllowS3, boundary: `{"Version":"2012-10-17","Statement":[` + stmtBody(allowAll) + `,` + stmtBody(idDenyS3) + `]}`}, get(user), ExplicitDeny, StepExplicitDeny},
		{"deny in session policy", set{identity: idAllowS3, session: []string{idDenyS3}}, get(session), ExplicitDeny, StepExplicitDeny},
		// "If an administrator attaches a policy to your identity that
		// explicitly denies access to the sts:GetCallerIdentity action, you
		// can still perform this operation."
		{"GetCallerIdentity despite deny", set{identity: stmt("Deny", "", "sts:*", "*"), scps: [][]string{{stmt("Deny", "", "*", "*")}}},
			Request{Principal: user, Action: "sts:GetCallerIdentity", Resource: "*"}, Allow, AllowedUndeniable},
		{"GetCallerIdentity case-insensitive", set{}, Request{Principal: session, Action: "STS:getcalleridentity", Resource: "*"}, Allow, AllowedUndeniable},
		{"other STS action deniable", set{identity: stmt("Deny", "", "sts:*", "*")},
			Request{Principal: user, Action: "sts:GetSessionToken", Resource: "*"}, ExplicitDeny, StepExplicitDeny},
		// An explicit deny beats even a direct resource-policy grant.
		{"deny beats direct grant", set{identity: idDenyS3, resource: bucket("Allow", aws(user))}, get(user), ExplicitDeny, StepExplicitDeny},

		// SCPs: "If the enforcement code does not find any applicable Allow
		// statements in the SCPs, then the enforcement code returns a final
		// decision of Deny" — at every level of the organization.
		{"SCPs allow at every level", set{identity: idAllowS3, scps: [][]string{{allowAll}, {allowAll}, {allowAll}}}, get(user), Allow, AllowedByIdentity},
		{"SCP OU level without allow", set{identity: idAllowS3, scps: [][]string{{allowAll}, {idAllowEC2}, {allowAll}}}, get(user), ImplicitDeny, StepSCP},
		// "SCPs don't affect users or roles in the management account."
		{"SCP ignored in management account", set{identity: idAllowS3, scps: [][]string{{idAllowEC2}}, mgmt: true}, get(user), Allow, AllowedByIdentity},
		// "SCPs do not affect any service-linked role."
		{"SCP ignored for service-linked role", set{identity: idAllowS3, scps: [][]string{{idAllowEC2}}, slr: true},
			get("arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForX/s"), Allow, AllowedByIdentity},
		// RCPs: "If the enforcement code does not find any applicable Allow
		// statements in the RCPs, then the enforcement code returns a final
		// decision of Deny."
		{"RCP level without allow", set{identity: idAllowS3, rcps: [][]string{{rcpAllowAll}, {rcpAllowEC2}}}, get(user), ImplicitDeny, StepRCP},
		// "RCPs don't affect resources in the management account."
		{"RCP ignored in management account", set{identity: idAllowS3, rcps: [][]string{{rcpAllowEC2}}, resMgmt: true}, get(user), Allow, AllowedByIdentity},

		// Boundaries: "An entity's permissions boundary allows it to perform
		// only the actions that are allowed by both its identity-based
		// policies and its permissions boundaries."
		{"boundary allows", set{identity: idAllowS3, boundary: allowAll}, get(user), Allow, AllowedByIdentity},
		{"boundary does not allow", set{identity: idAllowS3, boundary: idAllowEC2}, get(user), ImplicitDeny, StepBoundary},
		// Session policies: "The resulting session's permissions are the
		// intersection of the role's identity-based policy and the session
		// policies."
		{"session policy allows", set{identity: idAllowS3, session: []string{idAllowS3}}, get(session), Allow, AllowedByIdentity},
		{"session policy does not allow", set{identity: idAllowS3, session: []string{idAllowEC2}}, get(session), ImplicitDeny, StepSession},
		{"session policies combine", set{identity: idAllowS3, session: []string{idAllowEC2, idAllowS3}}, get(session), Allow, AllowedByIdentity},

		// Same account: "If either the identity-based policy or the
		// resource-based policy within the same account allows the request
		// and the other doesn't, the request is still allowed."
		{"same-account grant to user", set{resource: bucket("Allow", aws(user))}, get(user), Allow, AllowedByResource},
		// "Within the same account, resource-based policies that grant
		// permissions to an IAM user ARN … are not limited by an implicit
		// deny in an identity-based policy or permissions boundary."
		{"grant to user ignores boundary", set{resource: bucket("Allow", aws(user)), boundary: idAllowEC2}, get(user), Allow, AllowedByResource},
		// A grant to the role ARN: "limited by an implicit deny in a
		// permissions boundary or session policy".
		{"grant to role", set{resource: bucket("Allow", aws(role))}, get(session), Allow, AllowedByResourceRole},
		{"grant to role within boundary", set{resource: bucket("Allow", aws(role)), boundary: allowAll}, get(session), Allow, AllowedByResourceRole},
		{"grant to role limited by boundary", set{resource: bucket("Allow", aws(role)), boundary: idAllowEC2}, get(session), ImplicitDeny, StepBoundary},
		{"grant to role limited by session policy", set{resource: bucket("Allow", aws(role)), session: []string{idAllowEC2}}, get(session), ImplicitDeny, StepSession},
		// "A resource-based policy can specify the ARN of the session as a
		// principal … The resource-based policy permissions are not limited
		// by the session policy."
		{"grant to session ignores session policy", set{resource: bucket("Allow", aws(session)), session: []string{idAllowEC2}}, get(session), Allow, AllowedByResource},
		{"grant to session ignores boundary", set{resource: bucket("Allow", aws(session)), boundary: idAllowEC2}, get(session), Allow, AllowedByResource},
		// A grant to the account delegates to the account's IAM policies.
		{"grant to account needs identity", set{resource: bucket("Allow", aws("arn:aws:iam::111122223333:root"))}, get(user), ImplicitDeny, StepIdentity},
		{"grant to account with identity", set{resource: bucket("Allow", aws(acctA)), identity: idAllowS3}, get(user), Allow, AllowedByIdentity},
		{"grant to someone else", set{resource: bucket("Allow", aws("arn:aws:iam::111122223333:user/bob"))}, get(user), ImplicitDeny, StepIdentity},

		// Cross-account: "To allow cross-account access, you attach a
		// resource-based policy to the resource … You must also attach an
		// identity-based policy to the identity that acts as the principal."
		{"cross-account identity only", set{identity: idAllowS3}, crossGet(userB), ImplicitDeny, StepResourcePolicy},
		{"cross-account resource only", set{resource: bucket("Allow", aws(userB))}, crossGet(userB), ImplicitDeny, StepIdentity},
		{"cross-account both", set{identity: idAllowS3, resource: bucket("Allow", aws(userB))}, crossGet(userB), Allow, AllowedCrossAccount},
		{"cross-account account grant", set{identity: idAllowS3, resource: bucket("Allow", aws(acctB))}, crossGet(userB), Allow, AllowedCrossAccount},
		{"cross-account boundary", set{identity: idAllowS3, resource: bucket("Allow", aws(userB)), boundary: idAllowEC2}, crossGet(userB), ImplicitDeny, StepBoundary},
		{"cross-account from ARN account", set{identity: idAllowS3}, Request{Principal: userB, Action: "kms:Decrypt", Resource: keyARN}, ImplicitDeny, StepKeyPolicy},

		// KMS: "Unless the key policy explicitly allows it, you cannot use
		// IAM policies to allow access to a KMS key."
		{"key policy silent", set{identity: stmt("Allow", "", "kms:*", "*"), resource: stmt("Allow", aws("arn:aws:iam::111122223333:user/bob"), "kms:*", "*")}, decrypt(user), ImplicitDeny, StepKeyPolicy},
		{"no key policy", set{identity: stmt("Allow", "", "kms:*", "*")}, decrypt(user), ImplicitDeny, StepKeyPolicy},
		{"key policy enables IAM", set{identity: stmt("Allow", "", "kms:*", "*"), resource: kmsAllowIAM}, decrypt(user), Allow, AllowedByIdentity},
		{"key policy enables IAM, no IAM allow", set{resource: kmsAllowIAM}, decrypt(user), ImplicitDeny, StepIdentity},
		{"key policy names user", set{resource: kmsAllowUser}, decrypt(user), Allow, AllowedByResource},
		// "No AWS principal, including the account root user … has any
		// permissions to a KMS key unless they are explicitly allowed … in a
		// key policy".
		{"root needs key policy", set{resource: kmsAllowUser}, decrypt("arn:aws:iam::111122223333:root"), ImplicitDeny, StepKeyPolicy},
		{"root with key policy", set{resource: kmsAllowIAM}, decrypt("arn:aws:iam::111122223333:root"), Allow, AllowedRoot},
		// Trust policies "must explicitly allow access for principals".
		{"trust policy silent", set{identity: stmt("Allow", "", "sts:AssumeRole", "*"), resource: stmt("Allow", aws("arn:aws:iam::111122223333:user/bob"), "sts:AssumeRole", "")}, assume(user), ImplicitDeny, StepTrustPolicy},
		{"trust policy names user", set{resource: stmt("Allow", aws(user), "sts:AssumeRole", "")}, assume(user), Allow, AllowedByResource},
		{"trust policy names account", set{resource: stmt("Allow", aws(acctA), "sts:AssumeRole", ""), identity: stmt("Allow", "", "sts:AssumeRole", role)}, assume(user), Allow, AllowedByIdentity},
		{"trust policy names account, no identity", set{resource: stmt("Allow", aws(acctA), "sts:AssumeRole", "")}, assume(user), ImplicitDeny, StepIdentity},
		{"trust policy cross-account", set{resource: stmt("Allow", aws(acctB), "sts:AssumeRole", ""), identity: stmt("Allow", "", "sts:AssumeRole", role)}, assume(userB), Allow, AllowedCrossAccount},

		// Services and anonymous callers have only the resource policy.
		{"service principal allowed", set{resource: stmt("Allow", `{"Service":"lambda.amazonaws.com"}`, "s3:GetObject", "arn:aws:s3:::hr-data/*")}, get("lambda.amazonaws.com"), Allow, AllowedServicePrincipal},
		{"service principal not named", set{resource: bucket("Allow", aws(acctA)), identity: idAllowS3}, get("lambda.amazonaws.com"), ImplicitDeny, StepServicePrincipal},
		{"service principal ignores SCPs", set{resource: stmt("Allow", `{"Service":"lambda.amazonaws.com"}`, "s3:GetObject", "*"), scps: [][]string{{idAllowEC2}}}, get("lambda.amazonaws.com"), Allow, AllowedServicePrincipal},
		{"anonymous public bucket", set{resource: bucket("Allow", `"*"`)}, get(""), Allow, AllowedServicePrincipal},
		{"anonymous private bucket", set{resource: bucket("Allow", aws(acctA))}, get(""), ImplicitDeny, StepServicePrincipal},

		// The root user: "all requests are implicitly denied with the
		// exception of the AWS account root user, which has full access" —
		// yet SCPs and explicit denies still bind it.
		{"root", set{}, get("arn:aws:iam::111122223333:root"), Allow, AllowedRoot},
		{"root and SCP", set{scps: [][]string{{idAllowEC2}}}, get("arn:aws:iam::111122223333:root"), ImplicitDeny, StepSCP},
		{"root and resource deny", set{resource: bucket("Deny", `"*"`)}, get("arn:aws:iam::111122223333:root"), ExplicitDeny, StepExplicitDeny},

		// NotPrincipal with Deny "will always deny any IAM principal that
		// has a permissions boundary policy attached, regardless of the
		// values specified in the NotPrincipal element."
		{"NotPrincipal spares listed user", set{identity: idAllowS3, resource: `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["` + user + `","` + acctA + `"]},"Action":"s3:*","Resource":"*"}}`}, get(user), Allow, AllowedByIdentity},
		{"NotPrincipal with boundary denies", set{identity: idAllowS3, boundary: allowAll, resource: `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["` + user + `","` + acctA + `"]},"Action":"s3:*","Resource":"*"}}`}, get(user), ExplicitDeny, StepExplicitDeny},
		{"NotPrincipal denies the unlisted", set{identity: idAllowS3, resource: `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/bob","` + acctA + `"]},"Action":"s3:*","Resource":"*"}}`}, get(user), ExplicitDeny, StepExplicitDeny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Evaluate(tc.set.policies(t), &tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if d.Result != tc.want || d.Step != tc.step {
				t.Errorf("got %v (step %v), want %v (step %v): %s", d.Result, d.Step, tc.want, tc.step, d.Reason())
			}
			if r := d.Reason(); r == "" || strings.Contains(r, "%!") {
				t.Errorf("bad reason %q", r)
			}
		})
	}
}

// stmtBody extracts the statement object of a one-statement document.
func stmtBody(doc string) string {
	i := strings.Index(doc, `"Statement":`) + len(`"Statement":`)
	return doc[i : len(doc)-1]
}

func TestTraceAndReason(t *testing.T) {
	p := &Policies{
		Identity: []*policy.Policy{parse(t, "AdminS3", `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
    {"Sid": "Write", "Effect": "Allow", "Action": "s3:Put*", "Resource": "*"},
    {"Sid": "Objects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::hr-data/*"}
  ]
}`)},
		Boundary: parse(t, "Boundary", stmt("Allow", "", "s3:*", "*")),
	}
	d, err := Evaluate(p, &Request{Principal: user, Action: "s3:GetObject", Resource: object})
	if err != nil {
		t.Fatal(err)
	}
	want := []Match{
		{Type: IdentityPolicy, PolicyName: "AdminS3", Statement: 0, Sid: "Read", Effect: policy.Allow, Pos: policy.Pos{Line: 4, Col: 5, Offset: 50}},
		{Type: IdentityPolicy, PolicyName: "AdminS3", Statement: 2, Sid: "Objects", Effect: policy.Allow, Pos: policy.Pos{Line: 6, Col: 5, Offset: 207}},
		{Type: PermissionsBoundary, PolicyName: "Boundary", Statement: 0, Effect: policy.Allow, Pos: policy.Pos{Line: 1, Col: 37, Offset: 36}},
	}
	if diff := cmp.Diff(want, d.Matched); diff != "" {
		t.Errorf("Matched (-want +got):\n%s", diff)
	}
	if got, want := d.Reason(), "allowed by identity policy AdminS3 statement 0 (Read); permissions boundary allows; no explicit deny"; got != want {
		t.Errorf("Reason = %q, want %q", got, want)
	}

	p.Identity = append(p.Identity, parse(t, "DenyHR", stmt("Deny", "", "s3:*", "arn:aws:s3:::hr-data/*")))
	d, _ = Evaluate(p, &Request{Principal: user, Action: "s3:GetObject", Resource: object})
	if got, want := d.Reason(), "explicitly denied by identity policy DenyHR statement 0"; got != want {
		t.Errorf("Reason = %q, want %q", got, want)
	}
	if len(d.Matched) != 1 || d.Matched[0].Effect != policy.Deny {
		t.Errorf("Matched = %+v, want the one Deny", d.Matched)
	}
}

// Derived context keys stand in for the request's fields.
func TestDerivedKeys(t *testing.T) {
	for _, tc := range []struct {
		principal, cond string
		want            bool
	}{
		{session, `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/Admin"}}`, true},
		{user, `{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}`, true},
		{user, `{"StringEquals":{"aws:ResourceAccount":"111122223333"}}`, false}, // S3 ARNs carry none
		{user, `{"StringEquals":{"aws:PrincipalType":"User"}}`, true},
		{session, `{"StringEquals":{"aws:PrincipalType":"AssumedRole"}}`, true},
		{"lambda.amazonaws.com", `{"Bool":{"aws:PrincipalIsAWSService":"true"}}`, true},
		{user, `{"Bool":{"aws:PrincipalIsAWSService":"false"}}`, true},
		{user, `{"StringEquals":{"aws:username":"alice"}}`, true},
		{session, `{"Null":{"aws:username":"true"}}`, true},
	} {
		c := compile(t, "c.json", condPolicy("2012-10-17", tc.cond))
		st := newState(&Request{Principal: tc.principal, Action: "s3:GetObject", Resource: object})
		if got := c.stmts[0].conditionsMatch(&st); got != tc.want {
			t.Errorf("%s as %s = %v, want %v", tc.cond, tc.principal, got, tc.want)
		}
	}
}
