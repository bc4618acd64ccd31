package exercise

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/awssec/awssec/checks"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// reviewTypes are the resource types of the estate-review exercise, and
// reviewServices the checks' services graded: what a candidate can judge
// from those resources alone.
var (
	reviewTypes    = []string{"AWS::EC2::Instance", "AWS::EC2::SecurityGroup", "AWS::EC2::Volume", "AWS::RDS::DBInstance", "AWS::S3::Bucket", "AWS::IAM::User"}
	reviewServices = []string{"ec2", "ebs", "rds", "s3", "iam"}
)

func estateExercises() []*Exercise {
	return []*Exercise{{
		ID: "find-misconfigurations", Title: "Review a small estate", Kind: "estate-review", Seed: "cspm-top3",
		Prompt: "estate.json is one account and region of a company's AWS estate: its instances, security groups,\n" +
			"volumes, databases, buckets and IAM users. Inspect it (awssec inventory --inventory estate.json, or\n" +
			"read the JSON) and list every resource that is misconfigured, one resource id or name per line, with\n" +
			"your reason after it if you like (\"sg-0123 SSH open to the world\"). Each misconfigured resource you\n" +
			"name scores; each you name that is fine costs.",
		Answer: "a text file: one resource id or name per line",
		grade:  gradeReview,
	}}
}

// ReviewEstate is the estate of the review exercise, as JSON: the demo's
// production account in us-east-1, reduced to the reviewed types.
func ReviewEstate() ([]byte, error) {
	e := reviewEstate()
	var b bytes.Buffer
	if err := inventory.Encode(&b, e); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var reviewEstate = sync.OnceValue(func() *inventory.Estate {
	full := demo.Estate()
	e := &inventory.Estate{SchemaVersion: full.SchemaVersion, CollectedAt: full.CollectedAt, Source: "interview exercise"}
	for _, a := range full.Accounts {
		if a.ID != demo.ProdAccount {
			continue
		}
		mini := &inventory.Account{ID: a.ID, Name: a.Name}
		mini.Resources.S3Buckets = a.Resources.S3Buckets
		mini.Resources.IAMUsers = a.Resources.IAMUsers
		for _, r := range a.Regions {
			if r.Name != demo.East {
				continue
			}
			res := r.Resources
			mini.Regions = append(mini.Regions, &inventory.Region{Name: r.Name, Resources: inventory.RegionalResources{
				EC2Instances: res.EC2Instances, SecurityGroups: res.SecurityGroups, Volumes: res.Volumes, DBInstances: res.DBInstances,
				VPCs: res.VPCs, Subnets: res.Subnets, RouteTables: res.RouteTables,
			}})
		}
		e.Accounts = append(e.Accounts, mini)
	}
	return e
})

// reviewTruth is what the scan finds in the review estate: the failing
// resources (by id, with the checks that fail them) and every resource's
// names.
type reviewTruth struct {
	failing map[string][]string // resource id → failing check ids
	names   map[string]string   // resource id or name → resource id
}

var truth = sync.OnceValue(func() reviewTruth {
	var selected []*checks.Check
	for _, c := range checks.All() {
		if slices.Contains(reviewServices, c.Service) && slices.Contains(reviewTypes, c.ResourceType) {
			selected = append(selected, c)
		}
	}
	t := reviewTruth{failing: map[string][]string{}, names: map[string]string{}}
	for _, f := range checks.Run(reviewEstate(), selected) {
		if !slices.Contains(reviewTypes, f.ResourceType) {
			continue
		}
		t.names[f.ResourceID] = f.ResourceID
		if f.ResourceName != "" {
			t.names[f.ResourceName] = f.ResourceID
		}
		if f.Status == finding.Fail && !slices.Contains(t.failing[f.ResourceID], f.CheckID) {
			t.failing[f.ResourceID] = append(t.failing[f.ResourceID], f.CheckID)
		}
	}
	return t
})

func gradeReview(name string, answer []byte) (*Result, error) {
	if len(answer) > maxCodeSize {
		return nil, fmt.Errorf("%s: %d bytes is more than an answer may have (%d)", name, len(answer), maxCodeSize)
	}
	t := truth()
	named := map[string]bool{}
	r := &Result{}
	for i, line := range strings.Split(string(answer), "\n") {
		f := strings.Fields(strings.TrimSpace(strings.SplitN(line, "#", 2)[0]))
		if len(f) == 0 {
			continue
		}
		token := strings.TrimRight(f[0], ":,")
		id, ok := t.names[token]
		switch {
		case !ok:
			r.Checks = append(r.Checks, Check{Name: fmt.Sprintf("line %d: %s", i+1, token), Detail: "no resource of the estate has this id or name"})
		case named[id]:
		case len(t.failing[id]) == 0:
			named[id] = true
			r.Checks = append(r.Checks, Check{Name: fmt.Sprintf("line %d: %s", i+1, token), Detail: "this resource passes every check: not misconfigured"})
		default:
			named[id] = true
		}
	}
	ids := make([]string, 0, len(t.failing))
	for id := range t.failing {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := Check{Name: "found " + id, OK: named[id]}
		if !c.OK {
			c.Detail = "missed: " + strings.Join(t.failing[id], ", ")
		}
		r.Checks = append(r.Checks, c)
	}
	return r.score(), nil
}
