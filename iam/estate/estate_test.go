package estate

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/inventory"
)

// load reads testdata/estate.json: one account in an OU whose SCP denies
// s3:DeleteBucket; alice may use S3, bob too but his boundary allows only
// EC2, carol may pass roles and run instances, dave may only run instances
// and is denied by the data bucket's policy, eve may assume admin-role
// (trusting the account) and reads data/* through her group. A KMS key's
// policy names only alice; a queue's policy denies its deletion to all.
func load(t *testing.T) *Graph {
	t.Helper()
	const name = "testdata/estate.json"
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	e, err := inventory.Decode(name, data)
	if err != nil {
		t.Fatal(err)
	}
	g := Build(e)
	if len(g.Skipped)+len(g.Notes) != 0 {
		t.Fatalf("skipped %q, notes %q", g.Skipped, g.Notes)
	}
	return g
}

const acct = "arn:aws:iam::111111111111:"

func TestWhoCan(t *testing.T) {
	g := load(t)
	tests := []struct {
		action, resource string
		want             []string
	}{
		// dave has no S3 grant, and the bucket policy denies him anyway;
		// bob's boundary allows only EC2; eve reads through her group.
		{"s3:GetObject", "arn:aws:s3:::data/x", []string{acct + "role/admin-role", acct + "user/alice", acct + "user/eve"}},
		// The SCP on the OU denies bucket deletion to everyone.
		{"s3:DeleteBucket", "arn:aws:s3:::data", nil},
		{"ec2:RunInstances", "*", []string{acct + "role/admin-role", acct + "user/carol", acct + "user/dave"}},
		{"sts:AssumeRole", acct + "role/admin-role", []string{acct + "role/admin-role", acct + "user/eve"}},
		// The key policy names alice alone and does not delegate to IAM:
		// the administrator role's kms:* is not enough.
		{"kms:Decrypt", "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", []string{acct + "user/alice"}},
		// The queue policy denies deletion to everyone, the administrator too.
		{"sqs:DeleteQueue", "arn:aws:sqs:us-east-1:111111111111:jobs", nil},
		{"sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:jobs", []string{acct + "role/admin-role"}},
	}
	for _, tt := range tests {
		all, err := g.WhoCan(tt.action, tt.resource)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range all {
			if a.Allowed() {
				got = append(got, a.Principal)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s on %s (-want +got):\n%s", tt.action, tt.resource, diff)
		}
	}
}

func TestWhoCanStatements(t *testing.T) {
	all, err := load(t).WhoCan("s3:GetObject", "arn:aws:s3:::data/x")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Principal != acct+"user/alice" {
			continue
		}
		want := Statement{Policy: "alice-inline", Type: "identity policy", Statement: 0, Sid: "S3All", Effect: "Allow"}
		if diff := cmp.Diff(want, a.Via[0]); diff != "" {
			t.Errorf("alice's statement (-want +got):\n%s", diff)
		}
	}
}

// TestEscalations: both searches find the same paths here, because the
// one role a principal may assume (admin-role, by eve) is an administrator.
func TestEscalations(t *testing.T) {
	g := load(t)
	for name, search := range map[string]func() ([]Path, error){"Escalations": g.Escalations, "AdminEscalations": g.AdminEscalations} {
		paths, err := search()
		if err != nil {
			t.Fatal(err)
		}
		var got [][2]string
		for _, p := range paths {
			got = append(got, [2]string{p.Principal, p.Method})
		}
		// dave lacks iam:PassRole, so he has no path; bob's s3:* gives none.
		want := [][2]string{
			{acct + "role/admin-role", "administrator"},
			{acct + "user/carol", "passrole-ec2-run-instances"},
			{acct + "user/eve", "assume-role"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}
