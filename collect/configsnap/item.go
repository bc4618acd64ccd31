package configsnap

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/internal/jsonerr"
	"github.com/awssec/awssec/inventory"
)

// item is the part of a configuration item that every resource type shares.
// Names match case-insensitively: Config wrote "ARN" and "configurationStateId"
// where its early documentation wrote "arn" and "configurationStateID".
type item struct {
	CaptureTime  ciTime `json:"configurationItemCaptureTime"`
	Status       string `json:"configurationItemStatus"`
	AWSAccountID string `json:"awsAccountId"`
	AccountID    string `json:"accountId"` // the documentation's example, and query results
	ResourceType string `json:"resourceType"`
	ResourceID   string `json:"resourceId"`
	ResourceName string `json:"resourceName"`
	ARN          string `json:"arn"`
	Region       string `json:"awsRegion"`
	// AZ gives the region when nothing else does; the documentation's
	// example spells it "availibilityZone".
	AZ     string `json:"availabilityZone"`
	AZTypo string `json:"availibilityZone"`
	// Tags is an object in snapshots and a list of {key, value} in query results.
	Tags          ciTags         `json:"tags"`
	Configuration jsontext.Value `json:"configuration"`
	Supplementary jsontext.Value `json:"supplementaryConfiguration"`
}

var decodeOptions = json.JoinOptions(
	json.MatchCaseInsensitiveNames(true),
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(false),
)

func jsonUnmarshal(data []byte, out any) error {
	return json.Unmarshal(data, out, decodeOptions)
}

// itemError is a problem inside one configuration item: at the JSON pointer
// ptr of the value found at base in the item. inner is the offset of the
// problem in that value, or -1 when the value was a JSON string holding
// JSON (the problem is then reported at the string).
type itemError struct {
	base  jsontext.Pointer
	ptr   jsontext.Pointer
	inner int64
	msg   string
}

func (e *itemError) Error() string { return string(e.base+e.ptr) + ": " + e.msg }

// decodeAt decodes v, found at base in the item, into out. v may be JSON
// text, or a JSON string that holds JSON text (the API's form).
func decodeAt(base jsontext.Pointer, v jsontext.Value, out any) error {
	data, inner := []byte(v), int64(0)
	if v.Kind() == '"' {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return &itemError{base: base, inner: -1, msg: err.Error()}
		}
		data, inner = []byte(s), -1
	}
	err := json.Unmarshal(data, out, decodeOptions)
	if err == nil {
		return nil
	}
	ie := &itemError{base: base, inner: -1}
	var serr *json.SemanticError
	var synerr *jsontext.SyntacticError
	switch {
	case errors.As(err, &synerr):
		ie.ptr, ie.msg = synerr.JSONPointer, "not JSON: "+strings.TrimPrefix(synerr.Err.Error(), "jsontext: ")
		if inner == 0 {
			ie.inner = synerr.ByteOffset
		}
	case errors.As(err, &serr):
		ie.ptr, ie.msg = serr.JSONPointer, jsonerr.Describe(serr)
		if inner == 0 {
			ie.inner = serr.ByteOffset
		}
	default:
		ie.msg = err.Error()
	}
	return ie
}

// ciTime is a time as Config writes it: RFC 3339 ("2021-05-06T10:27:40.000Z"),
// the older "2014-02-27T21:43:53.0885+0000", or epoch seconds or
// milliseconds. null and "" are the zero time.
type ciTime struct{ time.Time }

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05", "2006-01-02"}

func (t *ciTime) UnmarshalJSON(b []byte) error {
	v := jsontext.Value(b)
	switch v.Kind() {
	case 'n':
		t.Time = time.Time{}
		return nil
	case '0':
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return err
		}
		if f > 1e11 { // milliseconds
			f /= 1000
		}
		sec := int64(f)
		t.Time = time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			t.Time = time.Time{}
			return nil
		}
		for _, l := range timeLayouts {
			if p, err := time.Parse(l, s); err == nil {
				t.Time = p.UTC()
				return nil
			}
		}
		return fmt.Errorf("not a time: %q", s)
	}
	return fmt.Errorf("wrong type: got %s, want a time string", jsonerr.KindName(v.Kind()))
}

// ciTags are resource tags: an object of key to value (snapshots), or a
// list of {key, value} / {tagName, tagValue} (query results, and the tags
// inside EC2 configurations).
type ciTags map[string]string

func (t *ciTags) UnmarshalJSON(b []byte) error {
	v := jsontext.Value(b)
	switch v.Kind() {
	case 'n':
		return nil
	case '{':
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		*t = m
		return nil
	case '[':
		var list []struct {
			Key      string `json:"key"`
			Value    string `json:"value"`
			TagName  string `json:"tagName"`
			TagValue string `json:"tagValue"`
		}
		if err := json.Unmarshal(b, &list, json.MatchCaseInsensitiveNames(true)); err != nil {
			return err
		}
		m := make(map[string]string, len(list))
		for _, kv := range list {
			if kv.Key != "" {
				m[kv.Key] = kv.Value
			} else if kv.TagName != "" {
				m[kv.TagName] = kv.TagValue
			}
		}
		*t = m
		return nil
	}
	return fmt.Errorf("wrong type: got %s, want object or array", jsonerr.KindName(v.Kind()))
}

// topKeys returns the lower-cased names of the members of object v (v may
// be a JSON string holding the object).
func topKeys(v jsontext.Value) map[string]bool {
	if v.Kind() == '"' {
		var s string
		if json.Unmarshal(v, &s) != nil {
			return nil
		}
		v = jsontext.Value(s)
	}
	if v.Kind() != '{' {
		return nil
	}
	keys := map[string]bool{}
	d := jsontext.NewDecoder(bytes.NewReader(v), jsontext.AllowDuplicateNames(true))
	if _, err := d.ReadToken(); err != nil {
		return keys
	}
	for d.PeekKind() == '"' {
		n, err := d.ReadToken()
		if err != nil {
			return keys
		}
		keys[strings.ToLower(n.String())] = true
		if d.SkipValue() != nil {
			return keys
		}
	}
	return keys
}

// azRegion is the region of an availability zone: us-west-2b → us-west-2.
func azRegion(az string) string {
	if len(az) < 2 || az[len(az)-1] < 'a' || az[len(az)-1] > 'z' || az[len(az)-2] < '0' || az[len(az)-2] > '9' {
		return ""
	}
	return az[:len(az)-1]
}

// arnParts splits an ARN into partition, region and account.
func arnParts(arn string) (partition, region, account string) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) < 6 || p[0] != "arn" {
		return "", "", ""
	}
	return p[1], p[3], p[4]
}

// ---------------------------------------------------------------------------
// The estate being built.

const global = "" // the region key of global resources

type builder struct {
	call     string // the Call of the gaps
	query    bool
	accounts map[string]*acct
	latest   time.Time
	seen     map[string]bool // mapped resource types with at least one item
}

type acct struct {
	a          *inventory.Account
	regions    map[string]*inventory.Region
	entries    map[string]*entry
	sawIAM     bool
	incomplete map[[2]string]string // (region, type) → message
}

type entry struct {
	res     inventory.Resource // nil: deleted
	region  string
	at      time.Time
	typeKey string
}

func newBuilder(call string) *builder {
	return &builder{call: call, query: call == CallQuery, accounts: map[string]*acct{}, seen: map[string]bool{}}
}

func (b *builder) account(id string) *acct {
	if a, ok := b.accounts[id]; ok {
		return a
	}
	a := &acct{a: &inventory.Account{ID: id}, regions: map[string]*inventory.Region{},
		entries: map[string]*entry{}, incomplete: map[[2]string]string{}}
	b.accounts[id] = a
	return a
}

func (b *builder) region(a *acct, name string) {
	if name == global || name == "global" {
		return
	}
	if _, ok := a.regions[name]; !ok {
		a.regions[name] = &inventory.Region{Name: name}
	}
}

// add reads one configuration item (raw, an object) into the estate.
func (b *builder) add(file string, raw jsontext.Value, query bool) error {
	var it item
	if err := decodeAt("", raw, &it); err != nil {
		return err
	}
	partition, arnRegion, arnAccount := arnParts(it.ARN)
	accountID := cmpOr(it.AWSAccountID, it.AccountID, arnAccount)
	if accountID == "" {
		return &itemError{inner: -1, msg: "the configuration item has no awsAccountId (nor an ARN that names the account)"}
	}
	if it.ResourceType == "" {
		return &itemError{inner: -1, msg: "the configuration item has no resourceType"}
	}
	region := cmpOr(it.Region, arnRegion, azRegion(cmpOr(it.AZ, it.AZTypo)))
	if region == "global" {
		region = global
	}
	m, mapped := mappers[it.ResourceType]
	if region == global && !(mapped && m.global) && !strings.HasPrefix(it.ResourceType, "AWS::IAM::") {
		return &itemError{inner: -1, msg: fmt.Sprintf("the %s configuration item has no awsRegion", it.ResourceType)}
	}
	a := b.account(accountID)
	if partition != "" && partition != "aws" {
		a.a.Partition = partition
	}
	b.region(a, region)
	if strings.HasPrefix(it.ResourceType, "AWS::IAM::") {
		a.sawIAM = true
	}
	if it.CaptureTime.After(b.latest) {
		b.latest = it.CaptureTime.Time
	}
	if !mapped {
		return nil
	}
	b.seen[it.ResourceType] = true
	scope := region
	if m.global {
		scope = global
	}
	ctx := &mctx{it: &it, file: file, region: region, partition: cmpOr(partition, "aws")}
	deleted := strings.HasPrefix(it.Status, "ResourceDeleted") || it.Status == "ResourceNotRecorded"
	var res inventory.Resource
	if !deleted {
		ctx.keys = topKeys(it.Configuration)
		var missing []string
		for _, k := range m.essential {
			if !ctx.keys[strings.ToLower(k)] {
				missing = append(missing, "configuration."+k)
			}
		}
		if len(missing) > 0 {
			a.incomplete[[2]string{scope, it.ResourceType}] = fmt.Sprintf("%s %s lacks %s: every %s here is unknown",
				it.ResourceType, cmpOr(it.ResourceID, it.ResourceName), strings.Join(missing, ", "), it.ResourceType)
			return nil
		}
		var err error
		if res, err = m.fn(ctx); err != nil {
			return err
		}
		if res == nil {
			return nil
		}
	}
	id := cmpOr(it.ResourceID, it.ResourceName, it.ARN)
	if res != nil {
		id = res.Metadata().ID
	}
	key := it.ResourceType + "|" + scope + "|" + id
	if old, ok := a.entries[key]; ok && old.at.After(it.CaptureTime.Time) {
		return nil // an earlier file held a later item of the same resource
	}
	a.entries[key] = &entry{res: res, region: region, at: it.CaptureTime.Time, typeKey: it.ResourceType}
	return nil
}

func cmpOr(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// globalTypes and regionalTypes are the resource types of the inventory,
// from the JSON keys of its resource structs.
var globalTypes, regionalTypes = typesOf(reflect.TypeFor[inventory.GlobalResources]()), typesOf(reflect.TypeFor[inventory.RegionalResources]())

func typesOf(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if strings.HasPrefix(name, "AWS::") {
			out = append(out, name)
		}
	}
	return out
}

// estate assembles what was read.
func (b *builder) estate() *inventory.Estate {
	e := &inventory.Estate{SchemaVersion: inventory.SchemaVersion, CollectedAt: b.latest, Source: SourceKind}
	if e.CollectedAt.IsZero() {
		e.CollectedAt = time.Now().UTC().Truncate(time.Second)
	}
	ids := make([]string, 0, len(b.accounts))
	for id := range b.accounts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		a := b.accounts[id]
		entries := make([]*entry, 0, len(a.entries))
		for _, en := range a.entries {
			if en.res != nil {
				entries = append(entries, en)
			}
		}
		slices.SortFunc(entries, func(x, y *entry) int {
			return cmpEntries(x, y)
		})
		for _, en := range entries {
			place(a, en)
		}
		names := make([]string, 0, len(a.regions))
		for n := range a.regions {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			r := a.regions[n]
			r.Gaps = append(r.Gaps, b.gaps(a, n, regionalTypes)...)
			a.a.Regions = append(a.a.Regions, r)
		}
		a.a.Gaps = append(a.a.Gaps, b.gaps(a, global, globalTypes)...)
		e.Accounts = append(e.Accounts, a.a)
	}
	return e
}

func cmpEntries(x, y *entry) int {
	if c := strings.Compare(x.typeKey, y.typeKey); c != 0 {
		return c
	}
	if c := strings.Compare(x.region, y.region); c != 0 {
		return c
	}
	mx, my := x.res.Metadata(), y.res.Metadata()
	if c := strings.Compare(mx.DisplayName(), my.DisplayName()); c != 0 {
		return c
	}
	return strings.Compare(mx.ID, my.ID)
}

// gaps lists the gaps of one scope (a region, or global): the types the
// mapping does not cover, and the mapped ones the input could not tell.
func (b *builder) gaps(a *acct, scope string, types []string) []inventory.Gap {
	var out []inventory.Gap
	where := "in these AWS Config snapshots"
	if b.query {
		where = "in these AWS Config query results"
	}
	for _, t := range types {
		m, mapped := mappers[t]
		switch {
		case !mapped:
			out = append(out, inventory.Gap{ResourceType: t, Call: b.call, Code: "NotRecorded",
				Message: t + " is not read from AWS Config configuration items" + notRecordedWhy(t)})
		case a.incomplete[[2]string{scope, t}] != "":
			out = append(out, inventory.Gap{ResourceType: t, Call: b.call, Code: "Incomplete", Message: a.incomplete[[2]string{scope, t}]})
		case b.query && !b.seen[t]:
			out = append(out, inventory.Gap{ResourceType: t, Call: b.call, Code: "NotRecorded",
				Message: "no " + t + " item " + where + ": the query did not select the type"})
		case m.global && strings.HasPrefix(t, "AWS::IAM::") && !a.sawIAM:
			out = append(out, inventory.Gap{ResourceType: t, Call: b.call, Code: "NotRecorded",
				Message: "no IAM configuration item for the account " + where + ": global resource types were not recorded"})
		}
	}
	return out
}

// notRecordedWhy explains the types that AWS Config has no item for.
func notRecordedWhy(t string) string {
	switch t {
	case "AWS::IAM::PasswordPolicy", "AWS::IAM::Root", "AWS::EC2::EBSEncryptionByDefault", "AWS::Inspector2::Status":
		return " (Config records no such resource type)"
	}
	return " by this version of awssec"
}
