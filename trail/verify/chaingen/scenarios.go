package chaingen

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"maps"
	"slices"
	"time"
)

// The standard fixture: one bucket holding a multi-region trail of one
// account (us-east-1 with an empty hour and a backfill digest, eu-west-1
// stopped for an hour and restarted) and an organization trail's chain
// for a member account.
const (
	Bucket        = "acme-cloudtrail"
	Account       = "111122223333"
	MemberAccount = "444455556666"
	OrgID         = "o-aa111bb222"
	Trail         = "management-events"
	OrgTrail      = "org-trail"
	Hours         = 6
)

// Start is when the fixture's first digests start.
var Start = time.Date(2026, 11, 1, 0, 12, 31, 0, time.UTC)

// Fixture is a bucket of delivered objects and the keys that signed them.
type Fixture struct {
	Objects map[string]*Object // by key
	// Older holds earlier versions of keys (a versioned bucket), oldest
	// first; Deleted keys have a delete marker over their versions.
	Older   map[string][]*Object
	Deleted map[string]bool
	// Chains by name: "us-east-1", "eu-west-1", "org".
	Chains  map[string]*Chain
	Signers map[string]Signer // region → key
	// Keys are the public keys the double serves, by region; scenarios
	// may remove some.
	Keys  map[string][]Signer
	Rogue Signer // a key CloudTrail never published
}

// TrailARN is the ARN of the fixture's account trail.
func TrailARN() string { return "arn:aws:cloudtrail:us-east-1:" + Account + ":trail/" + Trail }

// OrgTrailARN is the ARN of the organization trail.
func OrgTrailARN() string { return "arn:aws:cloudtrail:us-east-1:" + Account + ":trail/" + OrgTrail }

// NewFixture delivers the standard fixture, signed with the given keys
// (us-east-1, eu-west-1, and a rogue one).
func NewFixture(east, west, rogue *rsa.PrivateKey) *Fixture {
	validity := func(k *rsa.PrivateKey) Signer {
		return Signer{Key: k, Start: Start.Add(-30 * 24 * time.Hour), End: Start.Add(30 * 24 * time.Hour)}
	}
	f := &Fixture{Objects: map[string]*Object{}, Older: map[string][]*Object{}, Deleted: map[string]bool{}, Chains: map[string]*Chain{},
		Signers: map[string]Signer{"us-east-1": validity(east), "eu-west-1": validity(west)}, Rogue: validity(rogue)}
	f.Keys = map[string][]Signer{"us-east-1": {f.Signers["us-east-1"]}, "eu-west-1": {f.Signers["eu-west-1"]}}
	specs := map[string]Spec{
		"us-east-1": {Account: Account, Region: "us-east-1", Trail: Trail, HomeRegion: "us-east-1",
			Empty: map[int]bool{2: true}, Backfill: map[int]bool{3: true}, Seed: 1},
		"eu-west-1": {Account: Account, Region: "eu-west-1", Trail: Trail, HomeRegion: "us-east-1",
			Stopped: map[int]bool{3: true}, Seed: 2},
		"org": {OrgID: OrgID, Account: MemberAccount, Region: "us-east-1", Trail: OrgTrail, HomeRegion: "us-east-1", Seed: 3},
	}
	for name, s := range specs {
		s.Bucket, s.Start, s.Hours, s.LogsPerHour = Bucket, Start, Hours, 3
		s.Signer = f.Signers[s.Region]
		c := Generate(s)
		f.Chains[name] = c
		for _, o := range c.Objects {
			f.Objects[o.Key] = o
		}
	}
	return f
}

// Sorted returns the objects in key order.
func (f *Fixture) Sorted() []*Object {
	keys := slices.Sorted(maps.Keys(f.Objects))
	out := make([]*Object, len(keys))
	for i, k := range keys {
		out[i] = f.Objects[k]
	}
	return out
}

// Scenario is one way the fixture is damaged, and what a verifier must
// then report.
type Scenario struct {
	Name string
	// Damage changes the fixture and returns the expected failures as
	// "check-id s3://bucket/key".
	Damage func(f *Fixture) []string
}

func fail(check string, o *Object) string { return check + " " + o.URI() }

// editDigest rewrites a digest's JSON, keeping its signature.
func editDigest(o *Object, edit func(map[string]any)) {
	var m map[string]any
	if err := json.Unmarshal(Gunzip(o.Data), &m); err != nil {
		panic(err)
	}
	edit(m)
	data, _ := json.Marshal(m)
	o.Data = Gzip(data)
}

// resign signs a digest again with another key, naming that key.
func resign(o *Object, s Signer) {
	var m map[string]any
	json.Unmarshal(Gunzip(o.Data), &m)
	m["digestPublicKeyFingerprint"] = s.Fingerprint()
	inflated, _ := json.Marshal(m)
	prev := "null"
	if p, ok := m["previousDigestSignature"].(string); ok {
		prev = p
	}
	o.Data = Gzip(inflated)
	o.Metadata = map[string]string{"signature": Sign(s.Key, m["digestEndTime"].(string), o.Bucket, o.Key, inflated, prev),
		"signature-algorithm": "SHA256withRSA"}
}

// logsOf returns the logs a digest lists, from the fixture.
func (f *Fixture) logsOf(d *Object) []*Object {
	var m struct {
		LogFiles []struct{ S3Bucket, S3Object string } `json:"logFiles"`
	}
	json.Unmarshal(Gunzip(d.Data), &m)
	var out []*Object
	for _, lf := range m.LogFiles {
		o := f.Objects[lf.S3Object]
		if o == nil { // listed, never delivered here
			o = &Object{Bucket: lf.S3Bucket, Key: lf.S3Object}
		}
		out = append(out, o)
	}
	return out
}

func (f *Fixture) uncovered(d *Object) []string {
	var out []string
	for _, l := range f.logsOf(d) {
		out = append(out, fail("cloudtrail-log-uncovered", l))
	}
	return out
}

// Scenarios are the damages the verifier must find, each applied to a
// fresh fixture.
func Scenarios() []Scenario {
	east := func(f *Fixture) *Chain { return f.Chains["us-east-1"] }
	west := func(f *Fixture) *Chain { return f.Chains["eu-west-1"] }
	return []Scenario{
		{"clean", func(*Fixture) []string { return nil }},
		{"tampered-log", func(f *Fixture) []string {
			l := f.logsOf(east(f).Digests[1])[0]
			content := Gunzip(l.Data)
			content = bytes.Replace(content, []byte(`"sourceIPAddress":"198.51.100.`), []byte(`"sourceIPAddress":"203.0.113.`), 1)
			l.Data = Gzip(content)
			return []string{fail("cloudtrail-log-hash", l)}
		}},
		{"deleted-log", func(f *Fixture) []string {
			l := f.logsOf(east(f).Digests[3])[0]
			delete(f.Objects, l.Key)
			return []string{fail("cloudtrail-log-deleted", l)}
		}},
		{"deleted-logs-org-trail", func(f *Fixture) []string {
			logs := f.logsOf(f.Chains["org"].Digests[2])
			delete(f.Objects, logs[0].Key)
			delete(f.Objects, logs[2].Key)
			return []string{fail("cloudtrail-log-deleted", logs[0]), fail("cloudtrail-log-deleted", logs[2])}
		}},
		{"versioned-bucket", func(f *Fixture) []string {
			// Versioning keeps what was delivered: one log file
			// overwritten, one deleted (a delete marker over it).
			changed := f.logsOf(east(f).Digests[0])[1]
			orig := *changed
			f.Older[changed.Key] = []*Object{&orig}
			changed.Data = Gzip([]byte(`{"Records":[]}`))
			gone := f.logsOf(west(f).Digests[2])[0]
			f.Older[gone.Key] = []*Object{gone}
			delete(f.Objects, gone.Key)
			f.Deleted[gone.Key] = true
			return []string{fail("cloudtrail-log-hash", changed), fail("cloudtrail-log-deleted", gone)}
		}},
		{"forged-digest", func(f *Fixture) []string {
			d := east(f).Digests[4]
			uncovered := f.uncovered(d)
			editDigest(d, func(m map[string]any) {
				m["logFiles"] = m["logFiles"].([]any)[1:] // hide a log file
			})
			return append([]string{fail("cloudtrail-digest-signature", d)}, uncovered...)
		}},
		{"deleted-digest", func(f *Fixture) []string {
			d := east(f).Digests[3]
			delete(f.Objects, d.Key)
			return append([]string{fail("cloudtrail-digest-deleted", d)}, f.uncovered(d)...)
		}},
		{"two-deleted-digests", func(f *Fixture) []string {
			d2, d3 := east(f).Digests[2], east(f).Digests[3] // hour 2 lists no log files
			delete(f.Objects, d2.Key)
			delete(f.Objects, d3.Key)
			return append([]string{fail("cloudtrail-digest-deleted", d2), fail("cloudtrail-digest-deleted", d3)}, f.uncovered(d3)...)
		}},
		{"deleted-newest-digests", func(f *Fixture) []string {
			// The last two hours of us-east-1: no later digest points at
			// them, but eu-west-1 of the same trail kept delivering.
			// Hour 4's log files are then listed by no digest (hour 5's
			// may still be waiting for theirs).
			d4, d5 := east(f).Digests[4], east(f).Digests[5]
			want := append([]string{fail("cloudtrail-digest-deleted", d4), fail("cloudtrail-digest-deleted", d5)}, f.uncovered(d4)...)
			delete(f.Objects, d4.Key)
			delete(f.Objects, d5.Key)
			return want
		}},
		{"bad-signature-encoding", func(f *Fixture) []string {
			d := west(f).Digests[1]
			d.Metadata["signature"] = "zz" + d.Metadata["signature"][2:]
			return append([]string{fail("cloudtrail-digest-signature", d)}, f.uncovered(d)...)
		}},
		{"unknown-key", func(f *Fixture) []string {
			d := west(f).Digests[1]
			resign(d, f.Rogue)
			return append([]string{fail("cloudtrail-digest-key", d)}, f.uncovered(d)...)
		}},
		{"replaced-digest", func(f *Fixture) []string {
			// An authentic digest of a parallel history (same trail, key
			// and hours, other log files) put in place of hour 2's.
			s := Spec{Bucket: Bucket, Account: Account, Region: "eu-west-1", Trail: Trail, HomeRegion: "us-east-1",
				Start: Start, Hours: 3, LogsPerHour: 3, Seed: 99, Signer: f.Signers["eu-west-1"]}
			other := Generate(s)
			orig, repl := west(f).Digests[2], other.Digests[2]
			f.Objects[repl.Key] = repl
			want := []string{fail("cloudtrail-digest-chain", repl)}
			for _, l := range f.logsOf(repl) { // not delivered in this history
				want = append(want, fail("cloudtrail-log-deleted", l))
			}
			return append(want, f.uncovered(orig)...)
		}},
		{"log-trailing-gzip-member", func(f *Fixture) []string {
			l := f.logsOf(west(f).Digests[0])[1]
			l.Data = append(l.Data, Gzip([]byte(`{"Records":[{"eventName":"ConsoleLogin"}]}`))...)
			return []string{fail("cloudtrail-log-hash", l)}
		}},
		{"log-truncated-gzip", func(f *Fixture) []string {
			l := f.logsOf(west(f).Digests[4])[2]
			l.Data = l.Data[:len(l.Data)/2]
			return []string{fail("cloudtrail-log-hash", l)}
		}},
		{"digest-trailing-gzip-member", func(f *Fixture) []string {
			d := east(f).Digests[5]
			d.Data = append(d.Data, Gzip([]byte(`{}`))...)
			return []string{fail("cloudtrail-digest-signature", d)}
		}},
		{"uncovered-log", func(f *Fixture) []string {
			s := Spec{Bucket: Bucket, Account: Account, Region: "us-east-1", Trail: Trail, HomeRegion: "us-east-1",
				Start: Start.Add(time.Hour), Hours: 1, LogsPerHour: 1, Seed: 7, Signer: f.Signers["us-east-1"]}
			extra := Generate(s).Logs[0]
			f.Objects[extra.Key] = extra
			return []string{fail("cloudtrail-log-uncovered", extra)}
		}},
		{"log-while-stopped", func(f *Fixture) []string {
			// A log file delivered in eu-west-1's stopped hour: no digest
			// can list it (expected when validation was off, still unproven).
			s := Spec{Bucket: Bucket, Account: Account, Region: "eu-west-1", Trail: Trail, HomeRegion: "us-east-1",
				Start: Start.Add(3 * time.Hour), Hours: 1, LogsPerHour: 1, Seed: 8, Signer: f.Signers["eu-west-1"]}
			extra := Generate(s).Logs[0]
			f.Objects[extra.Key] = extra
			return []string{fail("cloudtrail-log-uncovered", extra)}
		}},
		{"missing-public-key", func(f *Fixture) []string {
			delete(f.Keys, "eu-west-1")
			var want []string
			for _, d := range west(f).Digests {
				want = append(want, fail("cloudtrail-digest-key", d))
			}
			return want
		}},
	}
}
