// Package demo builds the embedded demo estate: a three-account organization
// (management, prod, dev) in two regions that holds a vulnerable and a
// well-configured example for every built-in check. It is deterministic, with
// a fixed clock, so scans of it are stable. demo/README.md tells what is in it.
package demo

import (
	"fmt"
	"time"

	"github.com/awssec/awssec/inventory"
)

// The demo organization's accounts and regions.
const (
	ManagementAccount = "111122223333"
	ProdAccount       = "444455556666"
	DevAccount        = "777788889999"

	East = "us-east-1"
	West = "eu-west-1"

	OrgID = "o-a1b2c3d4e5"
)

// Now is the demo's fixed clock: the moment the estate was "collected".
var Now = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// Estate returns a new copy of the demo estate.
func Estate() *inventory.Estate {
	b := &builder{e: &inventory.Estate{
		SchemaVersion: inventory.SchemaVersion,
		CollectedAt:   Now,
		Source:        "demo",
		Organization:  &inventory.Organization{ID: OrgID, ManagementAccount: ManagementAccount},
	}}
	for _, acct := range []struct{ id, name string }{
		{ManagementAccount, "management"}, {ProdAccount, "prod"}, {DevAccount, "dev"},
	} {
		a := &inventory.Account{ID: acct.id, Name: acct.name, Partition: "aws"}
		for _, r := range []string{East, West} {
			a.Regions = append(a.Regions, &inventory.Region{Name: r})
		}
		b.e.Accounts = append(b.e.Accounts, a)
	}
	for _, add := range []func(*builder){
		addEC2, addVPC, addEBS, addTGW, addSSM, addInspector,
		addIAM, addSSO, addOrganizations,
		addS3, addKMS, addRDS, addSecretsManager, addSNS, addSQS, addECR, addBackup,
		addCloudTrail, addCloudWatch, addGuardDuty, addSecurityHub, addConfig,
		addOpenSearch, addAPIGateway, addELBv2, addCloudFront, addLambda,
	} {
		add(b)
	}
	return b.e
}

// builder puts demo resources into their accounts and regions.
type builder struct{ e *inventory.Estate }

// account returns the demo account with the given id.
func (b *builder) account(id string) *inventory.Account {
	a := b.e.Account(id)
	if a == nil {
		panic("demo: no account " + id)
	}
	return a
}

// region returns a region of a demo account.
func (b *builder) region(account, name string) *inventory.Region {
	r := b.account(account).Region(name)
	if r == nil {
		panic("demo: no region " + name + " in " + account)
	}
	return r
}

// meta is the metadata of a demo resource: its id, ARN, name, and the API
// call a live collection would have read it with.
func meta(call, id, arn, name string) inventory.Meta {
	return inventory.Meta{ID: id, ARN: arn, Name: name, Source: inventory.Source{Kind: "demo", Call: call}}
}

// arn builds an ARN in the aws partition.
func arn(service, region, account, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, account, resource)
}

// daysAgo is a time the given number of days before the demo's clock.
func daysAgo(d int) time.Time { return Now.AddDate(0, 0, -d) }
