package inventory_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/inventory"
)

// FuzzDecode feeds the inventory decoder arbitrary input: it must never
// panic, and whatever it accepts must survive a round trip unchanged.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	if err := inventory.Encode(&buf, demo.Estate()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schemaVersion":1,"accounts":[{"id":"1","resources":{},"regions":[]}]}`))
	f.Add([]byte(`{"schemaVersion":1,"accounts":[{"id":"1","resources":{"AWS::Foo::Bar":[]}}]}`))
	f.Add([]byte(`{"schemaVersion":2}`))
	f.Add([]byte(`{"schemaVersion":1,"accounts":[{"id":"1","regions":[{"name":"x","resources":{"AWS::EC2::Instance":[{"id":"i-1","metadataOptions":{"httpTokens":1}}]}}]}]}`))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang is a bug too: fail loudly, with the input, rather than stall the fuzzer.
		tm := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("decoder hung on %q", data)) })
		defer tm.Stop()
		e, err := inventory.Decode("fuzz.json", data)
		if err != nil {
			if e != nil {
				t.Fatal("estate returned with an error")
			}
			if msg := err.Error(); len(msg) == 0 || bytes.ContainsRune([]byte(msg), '\n') {
				t.Fatalf("error must be one non-empty line, got %q", msg)
			}
			return
		}
		var out bytes.Buffer
		if err := inventory.Encode(&out, e); err != nil {
			t.Fatalf("encode of a decoded estate: %v", err)
		}
		again, err := inventory.Decode("again.json", out.Bytes())
		if err != nil {
			t.Fatalf("decode of an encoded estate: %v\n%s", err, out.Bytes())
		}
		if diff := cmp.Diff(e, again); diff != "" {
			t.Fatalf("round trip changed the estate:\n%s", diff)
		}
	})
}
