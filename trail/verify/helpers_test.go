package verify_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/awssec/awssec/trail/verify"
	"github.com/awssec/awssec/trail/verify/chaingen"
)

// writeCopy writes the fixture as <dir>/<bucket>/<key> with metadata sidecars.
func writeCopy(t *testing.T, dir string, f *chaingen.Fixture) {
	t.Helper()
	for _, o := range f.Objects {
		p := filepath.Join(dir, o.Bucket, filepath.FromSlash(o.Key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, o.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if o.Metadata != nil {
			if err := os.WriteFile(p+verify.MetadataSuffix, mustJSON(t, o.Metadata), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
