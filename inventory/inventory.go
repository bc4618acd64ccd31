// Package inventory is the typed model of an AWS estate that every source fills
// and every consumer reads: accounts, their regions, and the resources in each,
// named with AWS's own resource type names.
//
// A value that was not read is unknown. Scalar settings that may be unknown are
// pointers (nil means not read); a list of resources that could not be read is
// recorded as a Gap for its resource type in the account or region it belongs to.
// Checks turn unknowns into "error" results, never into passes.
package inventory

import (
	"iter"
	"slices"
	"time"
)

// SchemaVersion is the version of the JSON form this package reads and writes.
// Bump it on any change that an older reader would misread.
const SchemaVersion = 1

// Estate is a whole AWS estate as one source saw it at one moment.
type Estate struct {
	SchemaVersion int       `json:"schemaVersion" jsonschema:"required"`
	CollectedAt   time.Time `json:"collectedAt"` // the reference time for every age (key age, last use, ...)
	Source        string    `json:"source"`      // "demo", "aws", "config-snapshot", "file"
	// Organization is the AWS Organizations view, present when collected from
	// the management (or a delegated administrator) account.
	Organization *Organization `json:"organization,omitzero"`
	Accounts     []*Account    `json:"accounts"`
}

// Account is one AWS account: its global resources and its regions.
type Account struct {
	ID    string `json:"id" jsonschema:"required"`
	Name  string `json:"name,omitzero"`
	Alias string `json:"alias,omitzero"`
	// Partition is "aws" unless the account lives in another partition.
	Partition string `json:"partition,omitzero"`
	// Gaps lists the global resource types that could not be read.
	Gaps      []Gap           `json:"gaps,omitzero"`
	Resources GlobalResources `json:"resources"`
	Regions   []*Region       `json:"regions,omitzero"`
}

// Region is one region of an account and the regional resources in it.
type Region struct {
	Name string `json:"name" jsonschema:"required"`
	// Gaps lists the regional resource types that could not be read here.
	Gaps      []Gap             `json:"gaps,omitzero"`
	Resources RegionalResources `json:"resources"`
}

// Gap records that a resource type could not be read in a scope, and why.
// The resources of that type in that scope are unknown.
type Gap struct {
	ResourceType string `json:"resourceType"`     // "AWS::EC2::SecurityGroup"
	Call         string `json:"call"`             // "ec2:DescribeSecurityGroups"
	Code         string `json:"code,omitzero"`    // "AccessDenied", "OptInRequired", "Throttling"
	Message      string `json:"message,omitzero"` // the service's own message, never credentials
}

// Source says where a resource's values came from.
type Source struct {
	Kind string `json:"kind"`          // "demo", "aws", "config-snapshot", "file"
	Call string `json:"call,omitzero"` // the API call that returned it: "ec2:DescribeInstances"
	File string `json:"file,omitzero"` // the file it was read from, for file sources
}

// Meta is what every resource carries: its identity and its provenance.
type Meta struct {
	ID     string            `json:"id" jsonschema:"required"`
	ARN    string            `json:"arn,omitzero"`
	Name   string            `json:"name,omitzero"`
	Tags   map[string]string `json:"tags,omitzero"`
	Source Source            `json:"source"`
	// Unread names the fields and sub-lists of the resource, by JSON key
	// ("policy", "accessKeys"), that the source failed to read. Their empty
	// value means unknown, not none: a check that needs one reports error.
	Unread []string `json:"unread,omitzero"`
}

// Resource is implemented by every resource type in the inventory.
type Resource interface {
	// Type is the AWS resource type name, as AWS Config and CloudFormation use it.
	Type() string
	// Metadata returns the resource's identity and provenance.
	Metadata() *Meta
}

// Metadata returns m itself, so every type that embeds Meta has it.
func (m *Meta) Metadata() *Meta { return m }

// Known reports whether the field or sub-list with the given JSON key was
// read.
func (m *Meta) Known(key string) bool { return !slices.Contains(m.Unread, key) }

// DisplayName is the name when there is one, else the id.
func (m *Meta) DisplayName() string {
	if m.Name != "" {
		return m.Name
	}
	return m.ID
}

// AllTypes is the ResourceType of a gap that covers every resource type of
// its scope: an account whose role could not be assumed, a region that
// could not be reached.
const AllTypes = "*"

// GapFor returns the gap recorded for resource type t, if any.
func GapFor(gaps []Gap, t string) (Gap, bool) {
	for _, g := range gaps {
		if g.ResourceType == t || g.ResourceType == AllTypes {
			return g, true
		}
	}
	return Gap{}, false
}

// Regions yields every region of every account in the estate, in order.
func (e *Estate) Regions() iter.Seq2[*Account, *Region] {
	return func(yield func(*Account, *Region) bool) {
		for _, a := range e.Accounts {
			for _, r := range a.Regions {
				if !yield(a, r) {
					return
				}
			}
		}
	}
}

// Account returns the account with the given id, or nil.
func (e *Estate) Account(id string) *Account {
	for _, a := range e.Accounts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// Region returns the region with the given name, or nil.
func (a *Account) Region(name string) *Region {
	for _, r := range a.Regions {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Known helpers: pointers to literals, for sources and tests.

// Ptr returns a pointer to v. Sources use it for values they did read.
func Ptr[T any](v T) *T { return &v }
