package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/iam/catalog"
	"github.com/awssec/awssec/iam/policy"
)

// allowActions is an identity policy allowing actions on resource, one
// statement with the first action marked.
func allowActions(actions []string, resource string) string {
	q := make([]string, len(actions))
	for i, a := range actions {
		q[i] = fmt.Sprintf("%q", a)
	}
	if len(q) > 0 {
		q[0] = mark + q[0]
	}
	return pol(fmt.Sprintf(`{"Effect": "Allow", "Action": [%s], "Resource": %q}`, strings.Join(q, ", "), resource))
}

func lintIdentity(t *testing.T, src string) ([]Finding, policy.Pos) {
	t.Helper()
	p, at := parseMarked(t, src)
	return Lint(p, policy.IdentityPolicy), at
}

// TestEscalations: a policy that allows exactly a method's actions on "*"
// triggers it, critically, at the first action; one missing any action
// does not.
func TestEscalations(t *testing.T) {
	if len(escalations) < 40 {
		t.Errorf("%d escalation methods, want at least 40", len(escalations))
	}
	for _, e := range Escalations() {
		t.Run(e.ID, func(t *testing.T) {
			all, at := lintIdentity(t, allowActions(e.Actions, "*"))
			got := withID(all, e.CheckID())
			if len(got) != 1 || got[0].Pos.Line != at.Line || got[0].Pos.Col != at.Col || got[0].Severity != finding.Critical {
				t.Fatalf("want one critical %s at %d:%d; got%s", e.CheckID(), at.Line, at.Col, dump(all))
			}
			for _, a := range e.Actions {
				if !strings.Contains(got[0].Message, a) {
					t.Errorf("message does not name %s: %s", a, got[0].Message)
				}
			}
			for i := range e.Actions {
				missing := append(append([]string(nil), e.Actions[:i]...), e.Actions[i+1:]...)
				if len(missing) == 0 {
					missing = []string{"s3:ListAllMyBuckets"}
				}
				all, _ := lintIdentity(t, allowActions(missing, "*"))
				if got := withID(all, e.CheckID()); len(got) > 0 {
					t.Errorf("without %s: want no %s; got%s", e.Actions[i], e.CheckID(), dump(got))
				}
			}
		})
	}
}

func TestEscalationData(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range escalations {
		if seen[e.ID] {
			t.Errorf("duplicate method %s", e.ID)
		}
		seen[e.ID] = true
		switch e.Category {
		case "self-escalation", "principal-access", "new-passrole", "existing-passrole":
		default:
			t.Errorf("%s: category %q", e.ID, e.Category)
		}
		if e.Name == "" || e.Gives == "" || e.Source == "" || len(e.Actions) == 0 {
			t.Errorf("%s: incomplete", e.ID)
		}
		for _, a := range e.Actions {
			if info, ok := catalog.Action(a); !ok || info.String() != a {
				t.Errorf("%s: action %s is not in the catalogue as written", e.ID, a)
			}
		}
	}
	for _, r := range riskRules {
		for _, a := range r.actions {
			if info, ok := catalog.Action(a); !ok || info.String() != a {
				t.Errorf("%s: action %s is not in the catalogue as written", r.id, a)
			}
		}
	}
}

// TestEscalationSeverity: conditions, scoped resources and denies lower or
// remove a method.
func TestEscalationSeverity(t *testing.T) {
	const id = "iam-privesc-passrole-ec2-run-instances"
	for _, tc := range []struct {
		name string
		src  string
		want finding.Severity // 0: no finding
	}{
		{"on everything", pol(`{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}`), finding.Critical},
		{"through wildcards", pol(`{"Effect": "Allow", "Action": ["iam:Pass*", "ec2:Run*"], "Resource": "*"}`), finding.Critical},
		{"across statements", pol(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}`, `{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}`), finding.Critical},
		{"NotAction grants both", pol(`{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}`), finding.Critical},
		{"one role", pol(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/admin"}`, `{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}`), finding.High},
		{"conditional", pol(`{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}`), finding.High},
		{"conditional deny", pol(`{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}`, `{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}`), finding.High},
		{"unconditional deny", pol(`{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}`, `{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}`), 0},
		{"resource of another service", pol(`{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "arn:aws:s3:::b/*"}`), 0},
		{"NotAction excludes PassRole", pol(`{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`), 0},
		{"administrator: reported as iam-full-admin", pol(`{"Effect": "Allow", "Action": "*", "Resource": "*"}`), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all, _ := lintIdentity(t, tc.src)
			got := withID(all, id)
			switch {
			case tc.want == 0 && len(got) > 0:
				t.Errorf("want none; got%s", dump(got))
			case tc.want != 0 && (len(got) != 1 || got[0].Severity != tc.want):
				t.Errorf("want one %v; got%s", tc.want, dump(all))
			}
		})
	}
}

// TestEscalationOther: methods on other principals ignore grants on the
// caller's own user; self-escalation methods do not.
func TestEscalationOther(t *testing.T) {
	self := `"arn:aws:iam::111122223333:user/${aws:username}"`
	all, _ := lintIdentity(t, pol(`{"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:PutUserPolicy"], "Resource": `+self+`}`))
	if got := withID(all, "iam-privesc-create-access-key"); len(got) > 0 {
		t.Errorf("own access key reported: %s", dump(got))
	}
	if got := withID(all, "iam-privesc-put-user-policy"); len(got) != 1 {
		t.Errorf("inline policy on own user not reported:%s", dump(all))
	}
}

// TestRiskRules: each action of a rule, allowed on "*", triggers the rule;
// on a named resource (or denied) it does not.
func TestRiskRules(t *testing.T) {
	for _, r := range riskRules {
		for _, a := range r.actions {
			t.Run(r.id+"/"+a, func(t *testing.T) {
				all, at := lintIdentity(t, allowActions([]string{a}, "*"))
				got := withID(all, r.id)
				if len(got) != 1 || got[0].Pos.Line != at.Line || got[0].Pos.Col != at.Col || got[0].Severity != r.sev || !strings.Contains(got[0].Message, a) {
					t.Fatalf("want one %s (%v) at %d:%d naming %s; got%s", r.id, r.sev, at.Line, at.Col, a, dump(all))
				}
				good := allowActions([]string{a}, fmt.Sprintf("arn:aws:%s:us-east-1:111122223333:thing/one", service(a)))
				if r.scoped {
					good = pol(fmt.Sprintf(`{"Effect": "Allow", "Action": %q, "Resource": "*"}`, a), fmt.Sprintf(`{"Effect": "Deny", "Action": %q, "Resource": "*"}`, a))
				}
				if all, _ := lintIdentity(t, good); len(withID(all, r.id)) > 0 {
					t.Errorf("good: want no %s; got%s", r.id, dump(withID(all, r.id)))
				}
			})
		}
	}
}

func TestRiskSeverity(t *testing.T) {
	for _, tc := range []struct {
		name, id, src string
		want          finding.Severity
	}{
		{"access key for one other user", "iam-cred-access-key",
			pol(`{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111122223333:user/bob"}`), finding.Medium},
		{"access key for own user", "iam-cred-access-key",
			pol(`{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111122223333:user/${aws:username}"}`), 0},
		{"secrets on every secret, conditionally", "iam-exfil-secrets",
			pol(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:111122223333:secret:*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}`), finding.Medium},
		{"objects of one bucket", "iam-exfil-s3-objects",
			pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}`), 0},
		{"objects of every bucket", "iam-exfil-s3-objects",
			pol(`{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::*/*"}`), finding.High},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all, _ := lintIdentity(t, tc.src)
			got := withID(all, tc.id)
			switch {
			case tc.want == 0 && len(got) > 0:
				t.Errorf("want none; got%s", dump(got))
			case tc.want != 0 && (len(got) != 1 || got[0].Severity != tc.want):
				t.Errorf("want one %v; got%s", tc.want, dump(all))
			}
		})
	}
}
