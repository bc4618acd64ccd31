package inventory

import (
	"encoding/json"

	"github.com/invopop/jsonschema"
)

// SchemaID is the $id of the inventory's JSON Schema.
const SchemaID = "https://github.com/awssec/awssec/docs/inventory.schema.json"

// Schema returns the JSON Schema of the inventory's JSON form, generated
// from the Go types. docs/inventory.schema.json is its committed copy.
func Schema() ([]byte, error) {
	r := &jsonschema.Reflector{
		// Only the fields a file cannot do without are required; everything
		// else may be absent, which means "not read".
		RequiredFromJSONSchemaTags: true,
		DoNotReference:             false,
		ExpandedStruct:             true,
	}
	s := r.Reflect(&Estate{})
	s.ID = SchemaID
	s.Title = "awssec inventory"
	s.Description = "An AWS estate as awssec's sources collect it (schemaVersion 1)."
	s.Required = []string{"schemaVersion", "accounts"}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
