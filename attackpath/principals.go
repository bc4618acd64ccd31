package attackpath

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/awssec/awssec/iam/estate"
	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/policy"
	"github.com/awssec/awssec/inventory"
)

// principals answers what a user or role can reach, with the same
// evaluation logic as `awssec iam eval`: identity policies, groups,
// boundaries and SCPs (iam/estate gathers them), and bucket policies. It is
// built on first use: an estate without candidate paths never pays for it.
type principals struct {
	e     *inventory.Estate
	once  sync.Once
	byARN map[string]*estate.Principal
	reach map[string]*reach
	// trusting lists, by account id, the roles whose trust policy names
	// that account (or its principals): the roles a principal of the
	// account may be able to assume.
	trusting map[string][]*estate.Principal
	pivots   map[string]*pivot
	// naming lists, by account id, the buckets of other accounts whose
	// bucket policy names that account (or its principals).
	naming map[string][]bucketRef
	// bucketPolicies caches parsed bucket policies by bucket name.
	bucketPolicies map[string]*policy.Policy
}

// reach is what one principal can do that an attacker wants.
type reach struct {
	admin    bool
	iamWrite []string // IAM write actions it may call ("iam:AttachUserPolicy")
	buckets  []bucketRef
}

type bucketRef struct {
	account *inventory.Account
	bucket  *inventory.S3Bucket
}

func newPrincipals(e *inventory.Estate) *principals {
	return &principals{e: e, reach: map[string]*reach{}, bucketPolicies: map[string]*policy.Policy{}, pivots: map[string]*pivot{}}
}

func (p *principals) build() {
	p.once.Do(func() {
		g := estate.Build(p.e)
		p.byARN = make(map[string]*estate.Principal, len(g.Principals))
		for _, pr := range g.Principals {
			p.byARN[pr.ARN] = pr
		}
		p.naming = map[string][]bucketRef{}
		for _, a := range p.e.Accounts {
			for _, b := range a.Resources.S3Buckets {
				seen := map[string]bool{a.ID: true}
				for _, id := range accountIDs.FindAllString(b.Policy, -1) {
					if !seen[id] {
						seen[id] = true
						p.naming[id] = append(p.naming[id], bucketRef{a, b})
					}
				}
			}
		}
		p.trusting = map[string][]*estate.Principal{}
		for _, a := range p.e.Accounts {
			for _, r := range a.Resources.IAMRoles {
				pr, ok := p.byARN[r.ARN]
				if !ok || pr.Trust == nil || r.ServiceLinked {
					continue
				}
				seen := map[string]bool{}
				if strings.Contains(r.AssumeRolePolicyDocument, `"*"`) {
					// Principal "*": any account's principals, wherever they are.
					p.trusting[anyAccount] = append(p.trusting[anyAccount], pr)
				}
				for _, id := range accountIDs.FindAllString(r.AssumeRolePolicyDocument, -1) {
					if !seen[id] {
						seen[id] = true
						p.trusting[id] = append(p.trusting[id], pr)
					}
				}
			}
		}
	})
}

// iamWriteActions are the IAM calls that let a principal give itself (or a
// principal it controls) more permissions: any one of them is a way to
// administrator.
var iamWriteActions = []string{
	"iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy",
	"iam:CreatePolicyVersion", "iam:CreateAccessKey", "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup",
}

// of returns the reach of the principal with the given ARN, computed once.
func (p *principals) of(arn string) *reach {
	if r, ok := p.reach[arn]; ok {
		return r
	}
	p.build()
	r := &reach{}
	p.reach[arn] = r
	pr, ok := p.byARN[arn]
	if !ok {
		return r
	}
	ev, err := eval.New(&pr.Policies)
	if err != nil {
		return r
	}
	allowed := func(action, resource string) bool {
		return ev.Evaluate(&eval.Request{Principal: pr.ARN, PrincipalAccount: pr.Account, Action: action, Resource: resource}).Result == eval.Allow
	}
	r.admin = allowed("*", "*")
	for _, a := range iamWriteActions {
		if allowed(a, "*") || allowed(a, pr.ARN) {
			r.iamWrite = append(r.iamWrite, a)
		}
	}
	acct := p.e.Account(pr.Account)
	if acct == nil {
		return r
	}
	// Buckets of the principal's own account: an identity policy suffices
	// there unless the bucket policy denies. A bucket of another account
	// needs both the identity policy and a bucket policy that names the
	// principal's account or the principal.
	for _, b := range acct.Resources.S3Buckets {
		if p.canRead(pr, bucketRef{acct, b}) {
			r.buckets = append(r.buckets, bucketRef{acct, b})
		}
	}
	for _, b := range p.naming[pr.Account] {
		if p.canRead(pr, b) {
			r.buckets = append(r.buckets, b)
		}
	}
	return r
}

// canRead reports whether pr may s3:GetObject every object of the bucket,
// with its bucket policy as the resource policy.
func (p *principals) canRead(pr *estate.Principal, ref bucketRef) bool {
	b := ref.bucket
	bp, ok := p.bucketPolicies[b.ID]
	if !ok {
		if b.Policy != "" {
			bp, _ = policy.Parse("bucket policy of "+b.ID, []byte(b.Policy))
		}
		p.bucketPolicies[b.ID] = bp
	}
	pol := pr.Policies
	pol.Resource = bp
	d, err := eval.Evaluate(&pol, &eval.Request{Principal: pr.ARN, PrincipalAccount: pr.Account,
		Action: "s3:GetObject", Resource: "arn:aws:s3:::" + b.ID + "/*", ResourceAccount: ref.account.ID})
	return err == nil && d.Result == eval.Allow
}

// privileged says what makes a reach dangerous, for step descriptions;
// empty when it is neither admin nor IAM write.
func (r *reach) privileged() string {
	switch {
	case r.admin:
		return "allowed every action on every resource (administrator)"
	case len(r.iamWrite) > 0:
		return "allowed " + r.iamWrite[0] + ": it can grant itself administrator"
	}
	return ""
}

// anyAccount keys the roles whose trust policy admits Principal "*".
const anyAccount = "*"

// accountIDs finds the account ids a trust policy names, in principal
// ARNs ("arn:aws:iam::111122223333:root") or alone.
var accountIDs = regexp.MustCompile(`\b[0-9]{12}\b`)

// pivot is a privileged role a principal can assume.
type pivot struct {
	role     *estate.Principal
	privDesc string
}

// pivotOf returns a privileged role (administrator, or IAM write) that the
// principal may assume, or nil: a principal that is not privileged itself
// may still be one sts:AssumeRole away from it. The role's trust policy
// must name the principal's account or the principal, and the principal's
// own policies must allow the call.
func (p *principals) pivotOf(arn string) *pivot {
	if v, ok := p.pivots[arn]; ok {
		return v
	}
	p.build()
	p.pivots[arn] = nil
	pr, ok := p.byARN[arn]
	if !ok {
		return nil
	}
	for _, r := range slices.Concat(p.trusting[pr.Account], p.trusting[anyAccount]) {
		if r.ARN == pr.ARN {
			continue
		}
		pol := pr.Policies
		pol.Resource = r.Trust
		d, err := eval.Evaluate(&pol, &eval.Request{Principal: pr.ARN, PrincipalAccount: pr.Account,
			Action: "sts:AssumeRole", Resource: r.ARN, ResourceAccount: r.Account})
		if err != nil || d.Result != eval.Allow {
			continue
		}
		if priv := p.of(r.ARN).privileged(); priv != "" {
			v := &pivot{role: r, privDesc: priv}
			p.pivots[arn] = v
			return v
		}
	}
	return nil
}
