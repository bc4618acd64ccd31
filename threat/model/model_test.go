package model

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseOrders(t *testing.T) {
	data, err := os.ReadFile("testdata/orders.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse("orders.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Title != "Orders API" || len(m.Elements) != 3 || len(m.Flows) != 2 || len(m.Threats) != 1 {
		t.Fatalf("parsed %q with %d elements, %d flows, %d statuses", m.Title, len(m.Elements), len(m.Flows), len(m.Threats))
	}
	db := m.Element("orders-db")
	if db.Encrypted == nil || *db.Encrypted || db.Stores[0] != "pii" || db.Pos != (Pos{10, 5}) {
		t.Errorf("orders-db = %+v", db)
	}
	f1 := m.Flows[0]
	if f1.IsEncrypted() || f1.IsAuthenticated() || f1.Protocol != "http" {
		t.Errorf("f1 = %+v", f1)
	}
	if !m.Flows[1].IsEncrypted() {
		t.Error("f2 over tls should count as encrypted")
	}
	if c := m.Data[0].Classification; c != Confidential {
		t.Errorf("pii classification = %v", c)
	}
	if st := m.Threats[0]; st.ID != "T-f1-I-1" || st.Status != Mitigated || st.Pos.Line != 15 {
		t.Errorf("status = %+v", st)
	}
}

// TestEncodeRoundTrip writes a parsed model and reads it back: nothing is
// lost or changed but positions.
func TestEncodeRoundTrip(t *testing.T) {
	data, _ := os.ReadFile("testdata/orders.yaml")
	m, err := Parse("orders.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	m.Elements[1].Privileged = true
	m.Elements[1].IMDS = "v1"
	m.Flows[0].Port = 80
	m.Flows[0].Description = "line one\nline \"two\": [x]"
	var buf bytes.Buffer
	if err := Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := Parse("orders.yaml", buf.Bytes())
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, buf.String())
	}
	ignore := cmpopts.IgnoreFields(Element{}, "Pos", "FieldPos")
	if diff := cmp.Diff(m, back, ignore, cmpopts.IgnoreFields(Flow{}, "Pos", "FieldPos"),
		cmpopts.IgnoreFields(Data{}, "Pos"), cmpopts.IgnoreFields(Boundary{}, "Pos"), cmpopts.IgnoreFields(ThreatStatus{}, "Pos")); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	const els = "elements:\n  - {id: a, type: actor}\n  - {id: p, type: process}\n"
	for _, tc := range []struct {
		name, in, want string
		is             error
	}{
		{"syntax", "elements: [\n", "m.yaml:2:1: did not find expected node content", ErrSyntax},
		{"tab indent", "elements:\n\t- {id: a}\n", "m.yaml:2:1:", ErrSyntax},
		{"unknown top key", "titel: x\n" + els, `m.yaml:1:1: unknown key "titel" in the model (valid: title, description, data, boundaries, elements, flows, threats)`, ErrUnknown},
		{"unknown element key", "elements:\n  - {id: a, type: actor, colour: red}\n", `m.yaml:2:26: unknown key "colour" in an element`, ErrUnknown},
		{"key for another type", "elements:\n  - {id: a, type: actor, encrypted: true}\n", `m.yaml:2:26: key "encrypted" does not apply to elements of type actor`, ErrUnknown},
		{"flow to missing element", els + "flows:\n  - {id: f, from: a, to: nowhere}\n", `m.yaml:5:26: to: no element with id "nowhere"`, ErrReference},
		{"flow to a flow", els + "flows:\n  - {id: f, from: a, to: p}\n  - {id: g, from: a, to: f}\n", `m.yaml:6:26: to: "f" is a flow, not an element`, ErrReference},
		{"duplicate id", els + "  - {id: a, type: store}\n", `m.yaml:4:5: duplicate id "a" (first at line 2)`, ErrDuplicate},
		{"element and flow share ids", els + "flows:\n  - {id: p, from: a, to: p}\n", `m.yaml:5:5: duplicate id "p" (first at line 3)`, ErrDuplicate},
		{"duplicate key", "elements:\n  - {id: a, id: b, type: actor}\n", `m.yaml:2:13: duplicate key "id" in an element (first at line 2)`, ErrDuplicate},
		{"unknown type", "elements:\n  - {id: a, type: database}\n", `m.yaml:2:19: unknown element type "database" (valid: actor, process, store)`, ErrValue},
		{"unknown classification", "data:\n  - {id: d, classification: secret}\n" + els, `m.yaml:2:29: unknown classification "secret" (valid: public, internal, confidential, restricted)`, ErrValue},
		{"unknown data", els + "  - {id: s, type: store, stores: [pii]}\n", `m.yaml:4:35: stores: no data with id "pii"`, ErrReference},
		{"unknown boundary", "elements:\n  - {id: a, type: actor, boundary: dmz}\n", `m.yaml:2:36: boundary: no boundary with id "dmz"`, ErrReference},
		{"boundary cycle", "boundaries:\n  - {id: x, parent: y}\n  - {id: y, parent: x}\n" + els, `m.yaml:2:5: boundary "x" encloses itself through its parents`, ErrValue},
		{"bad boolean", "elements:\n  - {id: s, type: store, encrypted: yes}\n", `m.yaml:2:37: encrypted must be true or false, not "yes"`, ErrValue},
		{"bad port", els + "flows:\n  - {id: f, from: a, to: p, port: 70000}\n", `m.yaml:5:35: port must be a whole number from 0 to 65535, not "70000"`, ErrValue},
		{"bad id", "elements:\n  - {id: 'a b', type: actor}\n", `m.yaml:2:10: element id "a b" must start with a letter or digit`, ErrValue},
		{"bad status", els + "threats:\n  - {id: T-a-S-stride, status: done}\n", `m.yaml:5:32: unknown status "done" (valid: open, mitigated, accepted, not-applicable)`, ErrValue},
		{"missing type", "elements:\n  - {id: a}\n", `m.yaml:2:5: element "a" needs a type`, ErrValue},
		{"no elements", "title: x\n", "m.yaml:1:1: the model has no elements", ErrValue},
		{"empty", "", "m.yaml:1:1: the model is empty", ErrValue},
		{"not a mapping", "- a\n- b\n", "m.yaml:1:1: the model must be a mapping", ErrValue},
		{"alias", "x: &a {id: a, type: actor}\nelements: [*a]\n", "m.yaml:1:4: YAML anchors and aliases are not allowed in a model", ErrValue},
		{"merge key", "elements:\n  - {<<: {id: a}, type: actor}\n", `m.yaml:2:6: unknown key "<<" in an element`, ErrUnknown},
		{"two documents", els + "---\n" + els, "m.yaml:", ErrSyntax},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("m.yaml", []byte(tc.in))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error = %q\nwant prefix %q", err, tc.want)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error %q is not %v", err, tc.is)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Column < 1 || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not a one-line positioned ParseError", err)
			}
		})
	}
}

// TestAliasBomb feeds the billion-laughs shape: refused at the first
// anchor, without expanding anything.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 30; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("elements: [{id: a, type: actor}]\n")
	_, err := Parse("bomb.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "aliases are not allowed") {
		t.Fatalf("err = %v", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestDeepNesting(t *testing.T) {
	deep := "elements: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"
	_, err := Parse("deep.yaml", []byte(deep))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
}

func TestLimits(t *testing.T) {
	big := make([]byte, MaxBytes+1)
	_, err := Parse("big.yaml", big)
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	seed, _ := os.ReadFile("testdata/orders.yaml")
	f.Add(seed)
	for _, s := range []string{"", "elements: [", "x: &a 1\ny: *a\n", "elements:\n  - {id: a, type: actor}\nflows:\n  - {id: f, from: a, to: a}\n",
		"boundaries: [{id: x, parent: x}]\nelements: [{id: a, type: actor, boundary: x}]\n", "elements: [{id: a, type: store, stores: [d]}]\ndata: [{id: d}]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse("fuzz.yaml", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Column < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		// Whatever parses must survive a round trip through Encode.
		var buf bytes.Buffer
		if err := Encode(&buf, m); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse("fuzz.yaml", buf.Bytes()); err != nil {
			t.Fatalf("re-parse of encoded model: %v\n%s", err, buf.String())
		}
	})
}
