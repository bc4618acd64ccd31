package dragon

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/model"
	"github.com/awssec/awssec/threat/templates"
)

// TestImport reads a model written by hand from Threat Dragon's v2 schema
// and its demo models' shapes: actor, process, stores, flows, a trust
// boundary curve, a trust boundary box, a text block, an out-of-scope
// store, a dangling flow, and threats.
func TestImport(t *testing.T) {
	data, err := os.ReadFile("testdata/webapp-td.json")
	if err != nil {
		t.Fatal(err)
	}
	im, err := Import("webapp-td.json", data)
	if err != nil {
		t.Fatal(err)
	}
	m := im.Model
	if m.Title != "Shop web application" {
		t.Errorf("title = %q", m.Title)
	}
	var ids []string
	for _, e := range m.Elements {
		ids = append(ids, e.ID+":"+e.Type+":"+e.Boundary)
	}
	// The box holds the web application and the database; the browser is
	// across the curve, in a zone of its own.
	want := []string{"browser:actor:zone-1", "web-application:process:data-centre", "database:store:data-centre"}
	if !slices.Equal(ids, want) {
		t.Errorf("elements = %v, want %v", ids, want)
	}
	web, db := m.Element("web-application"), m.Element("database")
	if !web.Privileged || !strings.Contains(web.Description, "Session hijacking (Spoofing, Open)") {
		t.Errorf("web = %+v", web)
	}
	if db.Encrypted == nil || *db.Encrypted || !slices.Contains(db.Stores, "credentials") {
		t.Errorf("db = %+v", db)
	}
	if len(m.Flows) != 2 || m.Flows[0].ID != "requests" || m.Flows[0].Protocol != "http" || m.Flows[0].IsEncrypted() {
		t.Errorf("flows = %+v", m.Flows)
	}
	if len(m.Threats) != 1 || m.Threats[0].ID != "T-database-I-unencrypted" || m.Threats[0].Status != model.Mitigated ||
		m.Threats[0].Note != "TDE enabled in 2026-11" {
		t.Errorf("statuses = %+v", m.Threats)
	}
	notes := strings.Join(im.Notes, "\n")
	for _, want := range []string{`store "Backup tapes" is out of scope`, `flow "Nightly copy" is not connected at both ends`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	// The imported model is an ordinary model: its plaintext request flow
	// crosses from the browser's zone into the data centre.
	var buf bytes.Buffer
	if err := model.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := model.Parse("imported.yaml", buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	res := threat.Generate(back, nil)
	found := map[string]string{}
	for _, th := range res.Threats {
		found[th.ID] = th.Status
	}
	if _, ok := found["T-requests-I-plaintext"]; !ok {
		t.Error("no plaintext threat on the request flow")
	}
	if found["T-database-I-unencrypted"] != model.Mitigated {
		t.Errorf("imported status not applied: %q", found["T-database-I-unencrypted"])
	}
}

func TestImportErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not json", "{\"summary\": ", "x.json:1:13: not a Threat Dragon v2 model: invalid JSON"},
		{"wrong type", `{"summary": {"title": 3}}`, "x.json:1:23: not a Threat Dragon v2 model: at /summary/title:"},
		{"duplicate name", `{"summary": {"title": "a", "title": "b"}}`, "x.json:1:28: not a Threat Dragon v2 model:"},
		{"empty object", `{}`, "x.json:1:1: not a Threat Dragon v2 model: no summary.title and no detail.diagrams"},
		{"v1 model", `{"version": "1.6.1", "summary": {"title": "x"}, "detail": {"diagrams": []}}`, "x.json:1:1: Threat Dragon version 1.6.1 models are v1"},
		{"no elements", `{"summary": {"title": "x"}, "detail": {"diagrams": [{"id": 0, "cells": []}]}}`, "x.json: the Threat Dragon model has no actors, processes or stores"},
		{"cell without id", `{"summary": {"title": "x"}, "detail": {"diagrams": [{"cells": [{"shape": "actor"}]}]}}`, "x.json: at /detail/diagrams/0/cells/0: a cell needs an id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import("x.json", []byte(tc.in))
			var e *Error
			if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err = %v\nwant prefix %q", err, tc.want)
			}
		})
	}
}

// TestRoundTrip exports a template with recorded statuses and imports it
// back: elements, flows, boundaries and statuses survive.
func TestRoundTrip(t *testing.T) {
	src, err := templates.Source("web-app")
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, []byte("threats:\n  - {id: T-web-E-ssrf, status: mitigated, note: IMDSv2 enforced}\n  - {id: T-alb-D-no-rate-limit, status: accepted}\n")...)
	m, err := model.Parse("web-app.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Export(&out, m, threat.Generate(m, nil)); err != nil {
		t.Fatal(err)
	}
	// The export has the shape Threat Dragon's schema requires.
	var raw map[string]any
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"version", "summary", "detail"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("export lacks %q", key)
		}
	}
	im, err := Import("export.json", out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Model.Elements) != len(m.Elements) || len(im.Model.Flows) != len(m.Flows) {
		t.Errorf("%d elements, %d flows after the round trip; want %d, %d", len(im.Model.Elements), len(im.Model.Flows), len(m.Elements), len(m.Flows))
	}
	got := map[string]string{}
	for _, s := range im.Model.Threats {
		got[s.ID] = s.Status + "/" + s.Note
	}
	if got["T-web-E-ssrf"] != "mitigated/IMDSv2 enforced" || got["T-alb-D-no-rate-limit"] != "accepted/" {
		t.Errorf("statuses = %v", got)
	}
	// The model that comes back produces the same threats, with the same
	// statuses: nothing the rules read was lost on the way.
	var yml bytes.Buffer
	if err := model.Encode(&yml, im.Model); err != nil {
		t.Fatal(err)
	}
	back, err := model.Parse("back.yaml", yml.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, yml.String())
	}
	summary := func(res *threat.Result) []string {
		var out []string
		for _, th := range res.Threats {
			out = append(out, th.ID+" "+th.Severity.String()+" "+th.Status)
		}
		slices.Sort(out)
		return out
	}
	if diff := cmp.Diff(summary(threat.Generate(m, nil)), summary(threat.Generate(back, nil))); diff != "" {
		t.Errorf("threats after the round trip (-before +after):\n%s", diff)
	}
	web := im.Model.Element("web")
	if web == nil || web.Boundary != "prod-vpc" || web.IMDS != "v1" || web.AWS == nil || web.AWS.Type != "AWS::EC2::Instance" {
		t.Errorf("web = %+v", web)
	}
}

func FuzzImport(f *testing.F) {
	seed, _ := os.ReadFile("testdata/webapp-td.json")
	f.Add(seed)
	f.Add([]byte(`{"summary": {"title": "x"}, "detail": {"diagrams": [{"cells": [{"id": "a", "shape": "actor", "position": {"x": 1, "y": 2}}]}]}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := Import("fuzz.json", data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// Whatever imports must be a valid model.
		var buf bytes.Buffer
		if err := model.Encode(&buf, im.Model); err != nil {
			t.Fatal(err)
		}
		if _, err := model.Parse("fuzz.yaml", buf.Bytes()); err != nil {
			t.Fatalf("imported model does not parse: %v\n%s", err, buf.String())
		}
	})
}
