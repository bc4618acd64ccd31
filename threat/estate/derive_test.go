package estate

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/threat/model"
)

func flows(m *model.Model) []string {
	var out []string
	for _, f := range m.Flows {
		out = append(out, fmt.Sprintf("%s->%s %s:%d", f.From, f.To, f.Protocol, f.Port))
	}
	return out
}

// TestDeriveDemo checks the flows the demo estate's security groups, route
// tables, origins and listeners allow, written down from the demo's
// definition (demo/ec2.go, demo/elbv2.go, demo/cloudfront.go), not from
// Derive's output.
func TestDeriveDemo(t *testing.T) {
	m := Derive(demo.Estate(), "demo")
	got := flows(m)
	for _, want := range []string{
		"internet-users->wordpress-web http:80",          // sg-0default000000001 opens 80 to 0.0.0.0/0, public IP, igw route
		"internet-users->wordpress-web ssh:22",           // and 22
		"internet-users->lb-orders-alb https:443",        // HTTPS listener, orders-alb group opens 443
		"lb-orders-alb->orders-app http:8080",            // orders-app admits the ALB's group on 8080
		"internet-users->fn-dev-report-export https:443", // function URL with AuthType NONE
		"internet-users->rds-legacy-mysql mysql:3306",    // publicly accessible, default group open on 3306
		"cf-E2QWRUHAPOMQZL->lb-orders-alb https:443",
		"internet-users->dev-jenkins http:8080",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missing flow %s", want)
		}
	}
	for _, never := range []string{
		"internet-users->bastion ssh:22",       // 22 is open to 198.51.100.0/24 only
		"internet-users->orders-app http:8080", // no public address
	} {
		if slices.Contains(got, never) {
			t.Errorf("unexpected flow %s", never)
		}
	}
	web := m.Element("wordpress-web")
	if web == nil || web.IMDS != "v1" || web.Type != model.Process || web.Boundary == "" {
		t.Fatalf("wordpress-web = %+v", web)
	}
	if web.AWS.ARN == "" || !slices.Contains(web.AWS.Related, "sg-0default000000001") {
		t.Errorf("wordpress-web aws = %+v", web.AWS)
	}
	fn := m.Element("fn-legacy-webhook")
	if fn == nil || !fn.SecretsInEnv {
		t.Errorf("legacy-webhook = %+v", fn)
	}
	// The third-party auditor role trusts an account outside the
	// organization without an external id.
	var cross *model.Flow
	for _, f := range m.Flows {
		if f.To == "role-ThirdPartyAuditRole" {
			cross = f
		}
	}
	if cross == nil || cross.ExternalID == nil || *cross.ExternalID || cross.From != "acct-999988887777" {
		t.Errorf("cross-account flow to ThirdPartyAuditRole = %+v", cross)
	}
}

// TestDerivedModelIsValidYAML writes the derived model and reads it back
// with the strict parser: a derived model is an ordinary model.
func TestDerivedModelIsValidYAML(t *testing.T) {
	m := Derive(demo.Estate(), "demo")
	var buf bytes.Buffer
	if err := model.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := model.Parse("derived.yaml", buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(back.Elements) != len(m.Elements) || len(back.Flows) != len(m.Flows) {
		t.Errorf("%d/%d elements, %d/%d flows after the round trip", len(back.Elements), len(m.Elements), len(back.Flows), len(m.Flows))
	}
}

// TestUniqueIDsAcrossCopies derives an estate holding the same account
// twice under different ids: every id stays unique.
func TestUniqueIDsAcrossCopies(t *testing.T) {
	a, b := demo.Estate(), demo.Estate()
	for _, acct := range b.Accounts {
		acct.ID = "9" + acct.ID[1:]
	}
	e := &inventory.Estate{SchemaVersion: a.SchemaVersion, Source: "test", Accounts: append(a.Accounts, b.Accounts...)}
	m := Derive(e, "twice")
	seen := map[string]bool{}
	for _, el := range m.Elements {
		if seen[el.ID] {
			t.Fatalf("duplicate element id %s", el.ID)
		}
		seen[el.ID] = true
	}
	// The copy's instance sits in the copy's VPC, inside the copy's account.
	parent := map[string]string{}
	for _, b := range m.Boundaries {
		parent[b.ID] = b.Parent
	}
	orig, copied := m.Element("wordpress-web"), m.Element("wordpress-web.944455556666")
	if orig == nil || copied == nil || orig.Boundary == copied.Boundary || parent[copied.Boundary] != "acct-944455556666" {
		t.Errorf("original %+v, copy %+v", orig, copied)
	}
	var buf bytes.Buffer
	if err := model.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	if _, err := model.Parse("twice.yaml", buf.Bytes()); err != nil {
		t.Fatal(err)
	}
}

func TestGapsAreNotInvented(t *testing.T) {
	// An estate whose security groups were not read: no flows from the
	// internet to instances are invented from nothing.
	e := &inventory.Estate{SchemaVersion: inventory.SchemaVersion, Source: "test", Accounts: []*inventory.Account{{ID: "111122223333",
		Regions: []*inventory.Region{{Name: "us-east-1", Resources: inventory.RegionalResources{
			EC2Instances: []*inventory.EC2Instance{{Meta: inventory.Meta{ID: "i-1"}, PublicIP: "203.0.113.5", SecurityGroups: []string{"sg-unknown"}}},
		}}}}}}
	m := Derive(e, "")
	if len(m.Flows) != 0 {
		t.Errorf("flows = %v", flows(m))
	}
}

// TestIDsStable removes resources from the estate and derives again: every
// element and flow that remains keeps its id, so recorded statuses keep
// applying.
func TestIDsStable(t *testing.T) {
	before := Derive(demo.Estate(), "demo")
	e := demo.Estate()
	for _, a := range e.Accounts {
		if len(a.Resources.S3Buckets) > 0 {
			a.Resources.S3Buckets = a.Resources.S3Buckets[1:]
		}
		for _, r := range a.Regions {
			if len(r.Resources.EC2Instances) > 0 {
				r.Resources.EC2Instances = r.Resources.EC2Instances[1:]
			}
		}
	}
	after := Derive(e, "demo")
	key := func(m *model.Model) map[string]string {
		out := map[string]string{}
		for _, el := range m.Elements {
			if el.AWS != nil {
				out[el.AWS.Type+" "+el.AWS.ARN+" "+el.AWS.ID] = el.ID
			}
		}
		for _, f := range m.Flows {
			out[f.From+">"+f.To+">"+f.Protocol+fmt.Sprint(f.Port)] = f.ID
		}
		return out
	}
	b, a := key(before), key(after)
	if len(a) >= len(b) {
		t.Fatalf("removing resources did not shrink the model (%d → %d)", len(b), len(a))
	}
	for k, id := range a {
		if b[k] != id {
			t.Errorf("%s: id %q became %q", k, b[k], id)
		}
	}
}
