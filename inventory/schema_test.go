package inventory_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/inventory"
)

var update = flag.Bool("update", false, "rewrite golden files")

const schemaFile = "../docs/inventory.schema.json"

// TestSchemaIsCurrent fails when the committed schema no longer matches the
// Go types; go test ./inventory -update rewrites it.
func TestSchemaIsCurrent(t *testing.T) {
	got, err := inventory.Schema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(schemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("%v (run go test ./inventory -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s is stale; run go test ./inventory -update (-committed +generated):\n%s", schemaFile, diff)
	}
}

// TestDemoMatchesSchema validates the demo estate's JSON form against the
// schema with an independent validator.
func TestDemoMatchesSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := inventory.Encode(&buf, demo.Estate()); err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("demo estate does not match %s: %v", schemaFile, err)
	}
}
