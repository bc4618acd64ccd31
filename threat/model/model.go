// Package model is the data-flow model that `awssec threat` reads, writes
// and generates threats for: data classifications, trust boundaries,
// elements (actors, processes, stores), the flows between them, and the
// statuses a team has recorded for generated threats. Every part keeps the
// line and column it was read from, so threats and errors point into the
// model file.
package model

import (
	"fmt"
	"slices"
)

// Pos is a 1-based line and column in the model file; zero when the value
// was not read from a file (a derived model).
type Pos struct{ Line, Column int }

// Model is one data-flow model.
type Model struct {
	// File is the name the model was read from ("model.yaml"); empty for a
	// model built in memory.
	File        string
	Title       string
	Description string
	Data        []*Data
	Boundaries  []*Boundary
	Elements    []*Element
	Flows       []*Flow
	// Threats are the statuses recorded for generated threats, by threat id.
	Threats []*ThreatStatus
}

// Classification is how sensitive a kind of data is, in increasing order.
type Classification int

// The classifications, least sensitive first.
const (
	Public Classification = iota
	Internal
	Confidential
	Restricted
)

// Classifications are the valid classification names, least sensitive first.
var Classifications = []string{"public", "internal", "confidential", "restricted"}

func (c Classification) String() string {
	if c < Public || c > Restricted {
		return fmt.Sprintf("classification(%d)", int(c))
	}
	return Classifications[c]
}

// ParseClassification reads a classification name.
func ParseClassification(s string) (Classification, bool) {
	i := slices.Index(Classifications, s)
	return Classification(i), i >= 0
}

// Data is a kind of data that stores hold and flows carry.
type Data struct {
	ID             string
	Name           string
	Classification Classification
	Description    string
	Pos            Pos
}

// Boundary kinds.
const (
	KindAccount  = "account"
	KindVPC      = "vpc"
	KindSubnet   = "subnet"
	KindInternet = "internet"
	KindPartner  = "partner"
)

// BoundaryKinds are the valid boundary kinds; a boundary may also have none.
var BoundaryKinds = []string{KindAccount, KindVPC, KindSubnet, KindInternet, KindPartner}

// Boundary is a trust boundary: everything inside shares one level of
// trust, and a flow between two boundaries crosses it.
type Boundary struct {
	ID   string
	Name string
	Kind string // one of BoundaryKinds, or empty
	// Parent is the enclosing boundary (a VPC inside an account); empty at
	// the top.
	Parent string
	Pos    Pos
}

// Element types.
const (
	Actor   = "actor"
	Process = "process"
	Store   = "store"
)

// ElementTypes are the valid element types.
var ElementTypes = []string{Actor, Process, Store}

// Backup states of a store.
const (
	BackupNone     = "none"     // no backups
	BackupSame     = "same"     // backups the principals that can delete the store can also delete
	BackupIsolated = "isolated" // backups in another account or a locked vault
)

// BackupStates are the valid values of Element.Backup.
var BackupStates = []string{BackupNone, BackupSame, BackupIsolated}

// Element is an actor (a person or system outside the model's control), a
// process, or a data store. The optional security properties are pointers
// where "not said" differs from "no": a rule fires only on what the model
// states, except where the safe default has to be stated (encryption,
// logging, WAF), which the rule then says.
type Element struct {
	ID          string
	Type        string // Actor, Process or Store
	Name        string
	Description string
	Boundary    string
	AWS         *AWSRef
	// Stores lists the data a store holds.
	Stores []string

	Encrypted          *bool  // store: encrypted at rest
	Logging            *bool  // process or store: audit/access logging on
	WAF                *bool  // process: behind AWS WAF
	RateLimited        *bool  // process: throttling / rate-based rules
	Versioning         *bool  // store: object versioning or point-in-time recovery
	DeletionProtection *bool  // store: deletion protection
	MFA                *bool  // actor: authenticates with MFA
	Backup             string // store: one of BackupStates, or empty (not said)
	IMDS               string // process on EC2: "v1" (IMDSv1 allowed) or "v2"
	Privileged         bool   // process: holds administrative permissions
	SecretsInEnv       bool   // process: secrets in plain environment variables
	MultiTenant        bool   // store: shared between tenants
	Public             bool   // store: readable by anyone
	Log                bool   // store: holds audit logs
	Human              bool   // actor: a person (rather than a system)

	Pos Pos
	// FieldPos is where each key of the element was read, for errors.
	FieldPos map[string]Pos
}

// AWSRef ties an element to the AWS resource it models, so scan findings on
// that resource attach to its threats.
type AWSRef struct {
	Type    string // "AWS::EC2::Instance"
	ARN     string
	ID      string // the resource id when it has no ARN ("i-0abc...")
	Account string
	Region  string
	// Related are more resources (ARNs or ids) whose scan findings are
	// this element's: its security groups, its snapshots.
	Related []string
}

// Flow is data moving from one element to another.
type Flow struct {
	ID          string
	Name        string
	Description string
	From, To    string
	// Protocol is the application protocol ("https", "http", "tls",
	// "postgres", "ssh", "aws-api"); whether it is encrypted follows from
	// it unless Encrypted says.
	Protocol      string
	Port          int
	Authenticated *bool
	Encrypted     *bool
	// ExternalID says whether a cross-account role assumption on this flow
	// requires an sts:ExternalId.
	ExternalID *bool
	Data       []string
	Pos        Pos
	FieldPos   map[string]Pos
}

// encryptedProtocols are encrypted by definition.
var encryptedProtocols = map[string]bool{
	"https": true, "tls": true, "ssh": true, "sftp": true, "ftps": true, "smtps": true, "ldaps": true,
	"grpcs": true, "wss": true, "aws-api": true, "ipsec": true, "rdp": true, "mqtts": true, "amqps": true,
}

// IsEncrypted reports whether the flow is encrypted in transit: what the
// model says, else what the protocol implies. An unknown protocol with no
// statement counts as not encrypted: a threat model assumes the worst.
func (f *Flow) IsEncrypted() bool {
	if f.Encrypted != nil {
		return *f.Encrypted
	}
	return encryptedProtocols[f.Protocol]
}

// IsAuthenticated reports whether the flow's sender is authenticated; not
// stated means not authenticated.
func (f *Flow) IsAuthenticated() bool { return f.Authenticated != nil && *f.Authenticated }

// ThreatStatus is what a team decided about one generated threat.
type ThreatStatus struct {
	ID     string
	Status string // one of Statuses
	Note   string
	Pos    Pos
}

// Threat statuses.
const (
	Open          = "open"
	Mitigated     = "mitigated"
	Accepted      = "accepted"
	NotApplicable = "not-applicable"
)

// Statuses are the valid threat statuses.
var Statuses = []string{Open, Mitigated, Accepted, NotApplicable}

// Closed reports whether a status takes a threat out of --fail-on.
func Closed(status string) bool { return status != "" && status != Open }

// Element returns the element with the given id, or nil.
func (m *Model) Element(id string) *Element {
	for _, e := range m.Elements {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// Bool returns a pointer to v, for models built in code.
func Bool(v bool) *bool { return &v }
