package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func TestIAMPrivilegeEscalation(t *testing.T) {
	arn := func(kind, name string) string { return "arn:aws:iam::" + testAccount + ":" + kind + "/" + name }
	user := func(name string, docs ...string) *inventory.IAMUser {
		u := tUser(name, nil)
		u.ARN = arn("user", name)
		for _, d := range docs {
			u.InlinePolicies = append(u.InlinePolicies, inventory.InlinePolicy{PolicyName: name + "-policy", PolicyDocument: d})
		}
		return u
	}
	role := func(name, trust string, docs ...string) *inventory.IAMRole {
		r := tRole(name, trust)
		r.ARN = arn("role", name)
		for _, d := range docs {
			r.InlinePolicies = append(r.InlinePolicies, inventory.InlinePolicy{PolicyName: name + "-policy", PolicyDocument: d})
		}
		return r
	}
	accountTrust := tTrust(`{"AWS":"arn:aws:iam::`+testAccount+`:root"}`, "")
	ec2Trust := tTrust(`{"Service":"ec2.amazonaws.com"}`, "")
	runCases(t, iamPrivilegeEscalation, []checkCase{{
		name: "paths and their absence",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{
				// PassRole to Lambda plus create and invoke: runs code as any role.
				user("deployer", tAllow(`"Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"]`, `"*"`, "")),
				// Writes a new default version of any policy, its own too.
				user("versioner", tAllow(`"Action":"iam:CreatePolicyVersion"`, `"*"`, "")),
				// May assume the administrator role.
				user("hopper", tAllow(`"Action":"sts:AssumeRole"`, `"`+arn("role", "admin")+`"`, "")),
				// Reads objects: nothing to escalate with.
				user("reader", tAllow(`"Action":"s3:GetObject"`, `"*"`, "")),
				// PassRole pinned to one service without the service's own actions: no path.
				user("passer", tAllow(`"Action":"iam:PassRole"`, `"*"`, `,"Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}`)),
			}
			a.Resources.IAMRoles = []*inventory.IAMRole{
				role("admin", accountTrust, tAllow(`"Action":"*"`, `"*"`, "")),
				// May assume the app role, which is no administrator: access, not escalation.
				role("ops", accountTrust, tAllow(`"Action":"sts:AssumeRole"`, `"`+arn("role", "app")+`"`, "")),
				role("app", accountTrust, tAllow(`"Action":"s3:GetObject"`, `"*"`, "")),
				role("web", ec2Trust, tAllow(`"Action":["s3:GetObject","dynamodb:Query"]`, `"*"`, "")),
			}
		},
		want: map[string]finding.Status{
			"deployer": finding.Fail, "versioner": finding.Fail, "hopper": finding.Fail,
			"reader": finding.Pass, "passer": finding.Pass,
			"admin": finding.Pass, "ops": finding.Pass, "app": finding.Pass, "web": finding.Pass,
		},
		contains: map[string]string{
			"deployer": "passrole-lambda", "versioner": "(create-policy-version): a new version",
			"hopper": "administrator access through " + arn("role", "admin"),
		},
	}, {
		name: "policies that cannot be used",
		fill: func(a *inventory.Account, r *inventory.Region) {
			unread := user("unread", tAllow(`"Action":"s3:GetObject"`, `"*"`, ""))
			unread.Unread = []string{inventory.ListAttachedPolicies}
			a.Resources.IAMUsers = []*inventory.IAMUser{
				user("broken", `{"Version":"2012-10-17","Statement":`),
				unread,
				// A path found despite an unusable policy is still a path.
				user("broken-but-versioner", tAllow(`"Action":"iam:CreatePolicyVersion"`, `"*"`, ""), `{"Statement":[}`),
			}
		},
		want: map[string]finding.Status{"broken": finding.Error, "unread": finding.Error, "broken-but-versioner": finding.Fail},
		contains: map[string]string{
			"broken": "could not be used", "unread": "attachedPolicies",
		},
	}})
}
