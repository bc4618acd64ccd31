package detect

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/trail/ctlog"
)

// goDetections are the detections written in Go.
func goDetections() []*Detection {
	return []*Detection{
		{ID: "ct-ec2-instance-credentials-outside", Title: "EC2 instance credentials used outside the instance",
			Description: "A role session of an EC2 instance (session name i-…, ec2RoleDelivery set) made calls from an address " +
				"that another principal also uses, or from more than one public address: the instance's credentials were " +
				"taken, typically through SSRF against IMDSv1, and replayed elsewhere.",
			Severity: finding.Critical, Techniques: []string{"T1552.005", "T1078.004"}, Tactics: []string{"credential-access"},
			Kind: "stateful", newTrack: func(*Options) tracker { return newInstanceTracker() }},
		{ID: "ct-enumeration-burst", Title: "Enumeration burst",
			Description: fmt.Sprintf("One principal called %d or more distinct List/Describe/Get APIs that were denied, or %d or more "+
				"distinct ones across %d or more services, within %s: discovery by a new or stolen credential.",
				enumDenied, enumCalls, enumServices, window),
			Severity: finding.Medium, Techniques: []string{"T1580", "T1526", "T1087.004"}, Tactics: []string{"discovery"},
			Kind: "stateful", newTrack: func(*Options) tracker { return newBurst(burstEnumeration) }},
		{ID: "ct-secret-retrieval-burst", Title: "Secret and parameter retrieval burst",
			Description: fmt.Sprintf("One principal read %d or more distinct Secrets Manager secrets or decrypted SSM parameters "+
				"within %s: bulk credential harvesting.", secretBurst, window),
			Severity: finding.High, Techniques: []string{"T1555.006", "T1552"}, Tactics: []string{"credential-access"},
			Kind: "stateful", newTrack: func(*Options) tracker { return newBurst(burstSecrets) }},
		{ID: "ct-console-brute-force", Title: "Console sign-in brute force",
			Description: fmt.Sprintf("%d or more failed console sign-ins for one user within %s.", bruteFailures, window),
			Severity:    finding.High, Techniques: []string{"T1110"}, Tactics: []string{"credential-access"},
			Kind: "stateful", newTrack: func(*Options) tracker { return newBurst(burstBrute) }},
		{ID: "ct-impossible-travel", Title: "Impossible travel between source addresses",
			Description: fmt.Sprintf("One principal made calls from two places farther apart than %d km/h allows in the time between "+
				"them (addresses located with the --geoip database).", maxSpeedKmh),
			Severity: finding.High, Techniques: []string{"T1078.004"}, Tactics: []string{"initial-access"},
			Kind: "stateful", Needs: "--geoip", newTrack: func(o *Options) tracker {
				if o.Geo == nil {
					return nil // nothing to locate addresses with: not run
				}
				return newTravel()
			}},
		{ID: "ct-iam-trust-policy-external-principal", Title: "Role trust policy lets another account or anyone assume it",
			Description: "CreateRole or UpdateAssumeRolePolicy with a trust policy that allows a principal from an account " +
				"other than the role's own, or any principal: a backdoor role.",
			Severity: finding.High, Techniques: []string{"T1098.003", "T1098"}, Tactics: []string{"persistence"},
			Kind: "event", newTrack: func(*Options) tracker { return &trustTracker{} }},
		{ID: "ct-s3-bucket-policy-external-principal", Title: "Bucket policy grants another account or anyone",
			Description: "PutBucketPolicy with a policy that allows a principal from an account other than the bucket " +
				"owner's, or any principal: the bucket's data is readable from outside (a backdoor or exfiltration path).",
			Severity: finding.High, Techniques: []string{"T1537", "T1530"}, Tactics: []string{"exfiltration"},
			Kind: "event", newTrack: func(*Options) tracker { return &trustTracker{bucket: true} }},
	}
}

// Thresholds of the stateful detections.
const (
	window        = 10 * time.Minute
	enumDenied    = 10
	enumCalls     = 50
	enumServices  = 20
	secretBurst   = 10
	bruteFailures = 5
	maxSpeedKmh   = 1000
	minTravelKm   = 500
	keepEvents    = 10
	// windowEvents are the events each open window keeps: few, since
	// most windows never fire.
	windowEvents = 4
)

// ---- instance credentials used outside the instance ----

// isInstanceID says whether s is an EC2 instance id (i- and 8 to 17 hex
// digits, in any case), the session name of an instance's role. It runs
// on every role session's calls, where a regexp costs more than the rest
// of the detection.
func isInstanceID(s string) bool {
	if len(s) < 2+8 || len(s) > 2+17 || s[0]|0x20 != 'i' || s[1] != '-' {
		return false
	}
	for i := 2; i < len(s); i++ {
		c := s[i] | 0x20
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

type ipUse struct {
	count int
	refs  []EventRef
}

type instanceTracker struct {
	sessions map[string]map[string]*ipUse // session ARN → IP → use
	others   map[string]map[string]EventRef
}

func newInstanceTracker() *instanceTracker {
	return &instanceTracker{sessions: map[string]map[string]*ipUse{}, others: map[string]map[string]EventRef{}}
}

// validIP is checked once per new address, not per event.
func validIP(ip string) bool {
	_, err := netip.ParseAddr(ip)
	return err == nil
}

func isInstanceSession(e *ctlog.Event) bool {
	u := &e.UserIdentity
	if u.Type != "AssumedRole" {
		return false
	}
	if u.SessionContext.EC2RoleDelivery != "" {
		return true
	}
	return isInstanceID(u.ARN[strings.LastIndexByte(u.ARN, '/')+1:])
}

func (t *instanceTracker) observe(e *ctlog.Event) {
	ip := e.SourceIPAddress
	if ip == "" || ip[0] < '0' || ip[0] > '9' && !strings.Contains(ip, ":") {
		return // a service name ("ec2.amazonaws.com", "AWS Internal"), not an address
	}
	if e.UserIdentity.InvokedBy != "" {
		return // a service acting for the principal
	}
	if isInstanceSession(e) {
		s := t.sessions[e.UserIdentity.ARN]
		if s == nil {
			s = map[string]*ipUse{}
			t.sessions[e.UserIdentity.ARN] = s
		}
		if _, seen := s[ip]; !seen && !validIP(ip) {
			return
		}
		u := s[ip]
		if u == nil {
			u = &ipUse{}
			s[ip] = u
		}
		u.count++
		u.refs = keepEvent(u.refs, e, keepEvents)
		return
	}
	o := t.others[ip]
	if o == nil {
		if len(t.others) >= maxAddresses || !validIP(ip) {
			return
		}
		o = map[string]EventRef{}
		t.others[ip] = o
	}
	p := e.Principal()
	if old, ok := o[p]; ok {
		if earlier(e, old) {
			o[p] = Ref(e)
		}
		return
	}
	if len(o) >= maxOthers {
		biggest := ""
		for k := range o {
			biggest = max(biggest, k)
		}
		if p > biggest {
			return // only the maxOthers smallest names are kept
		}
	}
	addOther(o, p, Ref(e))
}

// addOther remembers principal p at an address: its earliest event, and
// at most maxOthers principals, the same ones whatever the reading order.
func addOther(o map[string]EventRef, p string, r EventRef) {
	if old, ok := o[p]; ok {
		if refLess(r, old) {
			o[p] = r
		}
		return
	}
	o[p] = r
	if len(o) > maxOthers {
		delete(o, slices.Max(slices.Collect(maps.Keys(o))))
	}
}

// maxOthers bounds the principals remembered per address; maxAddresses
// bounds the addresses of principals other than instances, so memory stays
// bounded on any input (past it, new addresses are not compared).
const (
	maxOthers    = 4
	maxAddresses = 1 << 20
)

func (t *instanceTracker) merge(x tracker) {
	o := x.(*instanceTracker)
	for arn, ips := range o.sessions {
		s := t.sessions[arn]
		if s == nil {
			t.sessions[arn] = ips
			continue
		}
		for ip, u := range ips {
			if v := s[ip]; v != nil {
				v.count += u.count
				for _, r := range u.refs {
					v.refs = keepEarliest(v.refs, r, keepEvents)
				}
			} else {
				s[ip] = u
			}
		}
	}
	for ip, ps := range o.others {
		m := t.others[ip]
		if m == nil {
			t.others[ip] = ps
			continue
		}
		for p, r := range ps {
			addOther(m, p, r)
		}
	}
}

func isPublic(ip string) bool {
	a, err := netip.ParseAddr(ip)
	return err == nil && !a.IsPrivate() && !a.IsLoopback() && !a.IsLinkLocalUnicast()
}

func (t *instanceTracker) finish(d *Detection, _ *Options) []*Hit {
	var hits []*Hit
	for _, arn := range slices.Sorted(maps.Keys(t.sessions)) {
		ips := t.sessions[arn]
		var bad []string
		var reasons []string
		for _, ip := range slices.Sorted(maps.Keys(ips)) {
			if others := t.others[ip]; len(others) > 0 {
				who := slices.Sorted(maps.Keys(others))
				bad = append(bad, ip)
				reasons = append(reasons, fmt.Sprintf("used from %s, where %s also made calls", ip, strings.Join(who, ", ")))
			}
		}
		var public []string
		for ip := range ips {
			if isPublic(ip) {
				public = append(public, ip)
			}
		}
		slices.Sort(public)
		if len(public) > 1 {
			reasons = append(reasons, fmt.Sprintf("used from %d public addresses (%s)", len(public), strings.Join(public, ", ")))
			for _, ip := range public {
				if !slices.Contains(bad, ip) {
					bad = append(bad, ip)
				}
			}
		}
		if len(reasons) == 0 {
			continue
		}
		h := &Hit{Detection: d, Principal: arn}
		session := arn[strings.LastIndexByte(arn, '/')+1:]
		h.Reason = fmt.Sprintf("credentials of instance %s %s", session, strings.Join(reasons, "; "))
		for _, ip := range bad {
			u := ips[ip]
			h.Count += u.count
			h.Events = append(h.Events, u.refs...)
			for _, p := range slices.Sorted(maps.Keys(t.others[ip])) {
				h.Events = append(h.Events, t.others[ip][p])
			}
		}
		finishHit(h)
		hits = append(hits, h)
	}
	return hits
}

// finishHit sorts a stateful hit's events, keeps the first few and sets
// its times, account and region from them.
func finishHit(h *Hit) {
	sortEvents(h.Events)
	h.Events = slices.CompactFunc(h.Events, func(a, b EventRef) bool { return a.EventID == b.EventID && a.File == b.File && a.Record == b.Record })
	if len(h.Events) > keepEvents {
		h.Events = h.Events[:keepEvents]
	}
	if len(h.Events) == 0 {
		return
	}
	h.First, _ = time.Parse(time.RFC3339, h.Events[0].Time)
	h.Last, _ = time.Parse(time.RFC3339, h.Events[len(h.Events)-1].Time)
	h.Account, h.Region = h.Events[0].Account, h.Events[0].Region
}

// ---- bursts over a sliding window ----

type burstKind int

const (
	burstEnumeration burstKind = iota
	burstSecrets
	burstBrute
)

// Each event falls into two 10-minute buckets offset by 5 minutes, so any
// burst inside a 5-minute span lands whole in one bucket.
type burstKey struct {
	principal string
	bucket    int64
}

type burstSet struct {
	items       map[string]bool
	denied      map[string]bool
	services    map[string]bool
	count       int
	first, last time.Time
	refs        []EventRef
}

type burstTracker struct {
	kind burstKind
	sets map[burstKey]*burstSet
	// done holds windows that fired and fell behind the newest window by
	// more than keepBuckets: the rest are dropped, so memory follows the
	// principals active in the last hours, not the length of the log.
	done map[string]*closed
	// newest is each principal's newest bucket: a window closes when its
	// principal has moved on, which keeps closing right when files of
	// different accounts are read in any order.
	newest    map[string]int64
	sinceScan int
	// One tracker serves every worker: a burst whose events are read by
	// different workers must be counted whole before its window closes.
	mu sync.Mutex
}

// shared marks the tracker as one for all workers.
func (t *burstTracker) shared() {}

// closed is what a principal's closed bursts add up to: the largest
// window, and the events and times of all of them.
type closed struct {
	set         *burstSet
	size        int
	count       int
	first, last time.Time
	refs        []EventRef
}

// close folds a window that fired into its principal's record.
func (t *burstTracker) close(k burstKey, s *burstSet) {
	c := t.done[k.principal]
	if c == nil {
		c = &closed{first: s.first}
		t.done[k.principal] = c
	}
	if size := max(len(s.items), len(s.denied)); size > c.size {
		c.set, c.size = s, size
	}
	if k.bucket%2 == 0 {
		c.count += s.count
	}
	if s.first.Before(c.first) {
		c.first = s.first
	}
	if s.last.After(c.last) {
		c.last = s.last
	}
	for _, r := range s.refs {
		c.refs = keepEarliest(c.refs, r, keepEvents)
	}
}

// keepBuckets is how many half-windows (5 minutes each) behind the newest
// a window is kept open for late events: files are read in parallel, in
// roughly time order.
const keepBuckets = 48

func newBurst(k burstKind) *burstTracker {
	return &burstTracker{kind: k, sets: map[burstKey]*burstSet{}, done: map[string]*closed{}, newest: map[string]int64{}}
}

// expire closes the windows far behind the newest one.
func (t *burstTracker) expire() {
	for k, s := range t.sets {
		if k.bucket < t.newest[k.principal]-keepBuckets {
			if _, fires := t.fires(s); fires {
				t.close(k, s)
			}
			delete(t.sets, k)
		}
	}
}

func mergeSet(m map[burstKey]*burstSet, k burstKey, o *burstSet) {
	s := m[k]
	if s == nil {
		m[k] = o
		return
	}
	maps.Copy(s.items, o.items)
	maps.Copy(s.denied, o.denied)
	maps.Copy(s.services, o.services)
	s.count += o.count
	if o.first.Before(s.first) {
		s.first = o.first
	}
	if o.last.After(s.last) {
		s.last = o.last
	}
	for _, r := range o.refs {
		s.refs = keepEarliest(s.refs, r, keepEvents)
	}
}

// dataReads are Get calls that read data rather than describe resources:
// not enumeration (secrets and parameters have their own burst).
var dataReads = map[string]bool{"GetObject": true, "GetItem": true, "BatchGetItem": true, "GetRecords": true,
	"GetShardIterator": true, "GetSecretValue": true, "GetParameter": true, "GetParameters": true,
	"GetParametersByPath": true, "GetLogEvents": true, "GetMetricData": true, "GetQueryResults": true}

var deniedCodes = []string{"AccessDenied", "UnauthorizedOperation", "Client.UnauthorizedOperation", "AccessDeniedException",
	"UnauthorizedAccess", "AuthorizationError", "Forbidden"}

// items returns what an event adds to its principal's burst: several
// items, or one (without allocating a slice for it). The rare events that
// need their request read are handled apart, so the common case allocates
// nothing.
func (t *burstTracker) items(e *ctlog.Event) (items []string, one, key string, denied bool) {
	switch t.kind {
	case burstEnumeration:
		n := e.EventName
		if !strings.HasPrefix(n, "List") && !strings.HasPrefix(n, "Describe") && !strings.HasPrefix(n, "Get") || dataReads[n] {
			return nil, "", "", false
		}
		return nil, n, e.Principal(), e.ErrorCode != "" && slices.Contains(deniedCodes, e.ErrorCode)
	case burstSecrets:
		if items := secretItems(e); items != nil {
			return items, "", e.Principal(), false
		}
	case burstBrute:
		if e.EventName == "ConsoleLogin" && e.EventSource == "signin.amazonaws.com" {
			if who, failed := failedLogin(e); failed {
				return nil, e.EventID + e.Source + fmt.Sprint(e.Index), who, false
			}
		}
	}
	return nil, "", "", false
}

// secretItems returns the secrets and decrypted parameters an event reads.
func secretItems(e *ctlog.Event) []string {
	switch {
	case e.EventSource == "secretsmanager.amazonaws.com" && e.EventName == "GetSecretValue":
		return collect(e, "requestParameters.secretId", "secret:")
	case e.EventSource == "secretsmanager.amazonaws.com" && e.EventName == "BatchGetSecretValue":
		return collect(e, "requestParameters.secretIdList", "secret:")
	case e.EventSource == "ssm.amazonaws.com" && (e.EventName == "GetParameter" || e.EventName == "GetParameters"):
		decrypt := false
		e.Values("requestParameters.withDecryption", func(v any) bool { decrypt = v == true; return false })
		if decrypt {
			return append(collect(e, "requestParameters.name", "parameter:"), collect(e, "requestParameters.names", "parameter:")...)
		}
	}
	return nil
}

// collect returns the values of a field, each after prefix.
func collect(e *ctlog.Event, field, prefix string) []string {
	var items []string
	e.Values(field, func(v any) bool { items = append(items, prefix+ctlog.String(v)); return true })
	return items
}

// failedLogin says whether a ConsoleLogin failed, and for whom (account
// and user).
func failedLogin(e *ctlog.Event) (who string, failed bool) {
	e.Values("responseElements.ConsoleLogin", func(v any) bool { failed = v == "Failure"; return false })
	if !failed {
		return "", false
	}
	user := e.UserIdentity.UserName
	if user == "" {
		e.Values("additionalEventData.UserName", func(v any) bool { user = ctlog.String(v); return false })
	}
	return cmp.Or(e.UserIdentity.AccountID, e.RecipientAccountID) + ":" + cmp.Or(user, e.Principal()), true
}

func (t *burstTracker) observe(e *ctlog.Event) {
	items, one, key, denied := t.items(e)
	if len(items) == 0 && one == "" {
		return
	}
	ts := e.Time()
	if ts.IsZero() {
		return
	}
	sec := ts.Unix()
	w := int64(window / time.Second)
	t.mu.Lock()
	defer t.mu.Unlock()
	if b := sec / w * 2; b > t.newest[key] {
		t.newest[key] = b
	}
	if t.sinceScan++; t.sinceScan >= 4096 {
		t.sinceScan = 0
		t.expire()
	}
	for _, b := range []int64{sec / w * 2, (sec+w/2)/w*2 + 1} {
		k := burstKey{key, b}
		s := t.sets[k]
		if s == nil {
			s = &burstSet{items: map[string]bool{}, denied: map[string]bool{}, services: map[string]bool{}, refs: make([]EventRef, 0, windowEvents)}
			t.sets[k] = s
		}
		if one != "" {
			s.items[one] = true
			if denied {
				s.denied[one] = true
			}
		}
		for _, it := range items {
			s.items[it] = true
			if denied {
				s.denied[it] = true
			}
		}
		s.services[e.EventSource] = true
		s.count++
		s.refs = keepEvent(s.refs, e, windowEvents)
		if s.first.IsZero() || ts.Before(s.first) {
			s.first = ts
		}
		if ts.After(s.last) {
			s.last = ts
		}
	}
}

func (t *burstTracker) merge(x tracker) {
	o := x.(*burstTracker)
	if o == t {
		return
	}
	for k, s := range o.sets {
		mergeSet(t.sets, k, s)
	}
	for p, c := range o.done {
		mine := t.done[p]
		if mine == nil {
			t.done[p] = c
			continue
		}
		if c.size > mine.size {
			mine.set, mine.size = c.set, c.size
		}
		mine.count += c.count
		if c.first.Before(mine.first) {
			mine.first = c.first
		}
		if c.last.After(mine.last) {
			mine.last = c.last
		}
		for _, r := range c.refs {
			mine.refs = keepEarliest(mine.refs, r, keepEvents)
		}
	}
}

// fires says whether a window is a burst, and why.
func (t *burstTracker) fires(s *burstSet) (string, bool) {
	switch t.kind {
	case burstEnumeration:
		if len(s.denied) >= enumDenied {
			return fmt.Sprintf("%d distinct List/Describe/Get APIs denied within %s", len(s.denied), window), true
		}
		if len(s.items) >= enumCalls && len(s.services) >= enumServices {
			return fmt.Sprintf("%d distinct List/Describe/Get APIs across %d services within %s", len(s.items), len(s.services), window), true
		}
	case burstSecrets:
		if len(s.items) >= secretBurst {
			return fmt.Sprintf("%d distinct secrets or decrypted parameters read within %s", len(s.items), window), true
		}
	case burstBrute:
		if len(s.items) >= bruteFailures {
			return fmt.Sprintf("%d failed console sign-ins within %s", len(s.items), window), true
		}
	}
	return "", false
}

func (t *burstTracker) finish(d *Detection, _ *Options) []*Hit {
	// Windows still open sharing a key with a closed one were merged into
	// sets by merge; close every open window that fired, then report one
	// finding per principal: its largest burst, and how many events its
	// bursting windows hold.
	for _, k := range slices.SortedFunc(maps.Keys(t.sets), func(a, b burstKey) int {
		return cmp.Or(strings.Compare(a.principal, b.principal), cmp.Compare(a.bucket, b.bucket))
	}) {
		if _, fires := t.fires(t.sets[k]); fires {
			t.close(k, t.sets[k])
		}
	}
	var hits []*Hit
	for _, p := range slices.Sorted(maps.Keys(t.done)) {
		c := t.done[p]
		why, _ := t.fires(c.set)
		h := &Hit{Detection: d, Principal: p, Reason: why, Count: max(c.count, c.set.count), Events: c.refs}
		if t.kind == burstBrute && len(c.refs) > 0 {
			h.Principal = c.refs[0].Principal
			h.Reason += " for " + p[strings.IndexByte(p, ':')+1:]
		}
		finishHit(h)
		h.First, h.Last = c.first, c.last
		hits = append(hits, h)
	}
	return hits
}

// ---- trust policies that let other accounts in ----

// trustTracker finds policies that let principals outside the account in:
// role trust policies, or (bucket) S3 bucket policies.
type trustTracker struct {
	bucket bool
	hits   []*Hit
}

func (t *trustTracker) observe(e *ctlog.Event) {
	if e.ErrorCode != "" {
		return
	}
	var field, nameField, what string
	switch {
	case t.bucket && e.EventSource == "s3.amazonaws.com" && e.EventName == "PutBucketPolicy":
		field, nameField, what = "requestParameters.bucketPolicy", "requestParameters.bucketName", "bucket"
	case !t.bucket && e.EventSource == "iam.amazonaws.com" && e.EventName == "CreateRole":
		field, nameField, what = "requestParameters.assumeRolePolicyDocument", "requestParameters.roleName", "role"
	case !t.bucket && e.EventSource == "iam.amazonaws.com" && e.EventName == "UpdateAssumeRolePolicy":
		field, nameField, what = "requestParameters.policyDocument", "requestParameters.roleName", "role"
	default:
		return
	}
	var doc string
	e.Values(field, func(v any) bool {
		if s, ok := v.(string); ok {
			doc = s
		} else if b, err := json.Marshal(v); err == nil {
			doc = string(b) // S3 logs the bucket policy as an object
		}
		return false
	})
	own := cmp.Or(e.RecipientAccountID, e.UserIdentity.AccountID)
	outsiders := externalPrincipals(doc, own)
	if len(outsiders) == 0 {
		return
	}
	var name string
	e.Values(nameField, func(v any) bool { name = ctlog.String(v); return false })
	verb := "trusts"
	if t.bucket {
		verb = "grants"
	}
	h := &Hit{Principal: e.Principal(), Count: 1, Events: []EventRef{Ref(e)},
		Reason: fmt.Sprintf("%s on %s %s %s %s", e.EventName, what, name, verb, strings.Join(outsiders, ", "))}
	t.hits = append(t.hits, h)
}

// externalPrincipals lists the AWS principals of Allow statements in a
// trust policy that are not in account own ("*" for anyone).
func externalPrincipals(doc, own string) []string {
	var policy struct {
		Statement jsontext.Value `json:"Statement"`
	}
	if json.Unmarshal([]byte(doc), &policy) != nil || len(policy.Statement) == 0 {
		return nil
	}
	type stmt struct {
		Effect    string `json:"Effect"`
		Principal any    `json:"Principal"`
	}
	var stmts []stmt
	if policy.Statement.Kind() == '{' {
		var s stmt
		if json.Unmarshal(policy.Statement, &s) != nil {
			return nil
		}
		stmts = []stmt{s}
	} else if json.Unmarshal(policy.Statement, &stmts) != nil {
		return nil
	}
	var out []string
	add := func(p string) {
		acct := p
		if strings.HasPrefix(p, "arn:") {
			if parts := strings.SplitN(p, ":", 6); len(parts) == 6 {
				acct = parts[4]
			}
		}
		if p == "*" || acct != own && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for _, s := range stmts {
		if s.Effect != "Allow" {
			continue
		}
		switch p := s.Principal.(type) {
		case string:
			if p == "*" {
				add("*")
			}
		case map[string]any:
			switch a := p["AWS"].(type) {
			case string:
				add(a)
			case []any:
				for _, x := range a {
					if s, ok := x.(string); ok {
						add(s)
					}
				}
			}
		}
	}
	return out
}

func (t *trustTracker) merge(x tracker) { t.hits = append(t.hits, x.(*trustTracker).hits...) }

func (t *trustTracker) finish(d *Detection, _ *Options) []*Hit {
	for _, h := range t.hits {
		h.Detection = d
		finishHit(h)
	}
	return t.hits
}
