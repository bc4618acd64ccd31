package configsnap

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awssec/awssec/inventory"
)

// FuzzRead feeds arbitrary bytes, plain or gzipped, to both decoders: they
// never panic, and every error is a one-line ParseError.
func FuzzRead(f *testing.F) {
	for _, dir := range []string{"testdata/bad", "testdata/doc", "testdata/query"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	// The large plain snapshot is left out: big seeds make the fuzzer
	// spend its time minimizing instead of exploring.
	for _, p := range []string{westPath} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{``, `{}`, `[]`, `{"configurationItems":[{}]}`, `{"configurationItems":[null]}`,
		`{"Results":["{}"]}`, `{"Results":["\"x\""]}`, "\x1f\x8b", `{"configurationItems":[{"awsAccountId":"1","awsRegion":"r","resourceType":"AWS::S3::Bucket","supplementaryConfiguration":"{\"AccessControlList\":\"{\\\"grantList\\\":[{\\\"grantee\\\":7}]}\"}"}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, read := range []func(*builder, *stream) error{readSnapshot, readQuery} {
			b := newBuilder(CallSnapshot)
			err := readStream(b, bytes.NewReader(data), "fuzz.json", read)
			if err != nil {
				var pe *inventory.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("%T is not a ParseError: %v", err, err)
				}
				if strings.ContainsAny(err.Error(), "\n\r") {
					t.Fatalf("error spans lines: %q", err)
				}
				continue
			}
			if e := b.estate(); e == nil {
				t.Fatal("nil estate")
			}
		}
	})
}
