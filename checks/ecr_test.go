package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func dpRepo(id string) *inventory.ECRRepository {
	return &inventory.ECRRepository{Meta: meta(id), ImageTagMutability: "IMMUTABLE", ScanOnPush: inventory.Ptr(true),
		RegistryScanType: "BASIC", EncryptionType: "AES256"}
}

func TestECRRepositoryScanOnPush(t *testing.T) {
	runCases(t, ecrRepositoryScanOnPush, []checkCase{{
		name: "scan on push, enhanced, none, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			enhanced, off, unread := dpRepo("enhanced"), dpRepo("off"), dpRepo("unread")
			enhanced.RegistryScanType, enhanced.ScanOnPush = "ENHANCED", inventory.Ptr(false)
			off.ScanOnPush = inventory.Ptr(false)
			unread.ScanOnPush = nil
			r.Resources.ECRRepositories = []*inventory.ECRRepository{dpRepo("push"), enhanced, off, unread}
		},
		want:     map[string]finding.Status{"push": finding.Pass, "enhanced": finding.Pass, "off": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"enhanced": "Inspector"},
	}})
}

func TestECRRepositoryImmutableTags(t *testing.T) {
	runCases(t, ecrRepositoryImmutableTags, []checkCase{{
		name: "immutable, with exclusions, mutable, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			excl, mutable, unread := dpRepo("excl"), dpRepo("mutable"), dpRepo("unread")
			excl.ImageTagMutability, mutable.ImageTagMutability, unread.ImageTagMutability = "IMMUTABLE_WITH_EXCLUSION", "MUTABLE", ""
			r.Resources.ECRRepositories = []*inventory.ECRRepository{dpRepo("immutable"), excl, mutable, unread}
		},
		want: map[string]finding.Status{"immutable": finding.Pass, "excl": finding.Pass, "mutable": finding.Fail, "unread": finding.Error},
	}})
}

func TestECRRepositoryPolicyPublic(t *testing.T) {
	pull := `{"Statement":[{"Sid":"PublicPull","Effect":"Allow","Principal":"*","Action":["ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"]}]}`
	push := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"ecr:*"}]}`
	org := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}`
	runCases(t, ecrRepositoryPolicyPublic, []checkCase{{
		name: "public pull and push fail; org and none pass; unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			p, w, o, u := dpRepo("pull"), dpRepo("push"), dpRepo("org"), dpRepo("unread")
			p.Policy, w.Policy, o.Policy, u.Unread = pull, push, org, []string{"policy"}
			r.Resources.ECRRepositories = []*inventory.ECRRepository{p, w, o, dpRepo("none"), u}
		},
		want:     map[string]finding.Status{"pull": finding.Fail, "push": finding.Fail, "org": finding.Pass, "none": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"pull": "(Sid PublicPull)"},
	}})
	for _, f := range runCheck(t, ecrRepositoryPolicyPublic, testEstate(func(a *inventory.Account, r *inventory.Region) {
		p, w := dpRepo("pull"), dpRepo("push")
		p.Policy, w.Policy = pull, push
		r.Resources.ECRRepositories = []*inventory.ECRRepository{p, w}
	})) {
		want := map[string]finding.Severity{"pull": finding.High, "push": finding.Critical}[f.ResourceID]
		if f.Severity != want {
			t.Errorf("%s: severity %v, want %v", f.ResourceID, f.Severity, want)
		}
	}
}
