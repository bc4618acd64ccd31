package history

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"

	"github.com/awssec/awssec/finding"
)

func TestChunkRoundTrip(t *testing.T) {
	fs := findings()
	fs = append(fs, finding.Finding{}) // every field empty
	got := make([]finding.Finding, len(fs))
	if err := decodeChunk(encodeChunk(fs), got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fs, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestChunkDamage(t *testing.T) {
	good := encodeChunk(findings())
	for _, tc := range []struct {
		name string
		data []byte
		n    int
	}{
		{"not zstd", []byte("hello"), 4},
		{"truncated", good[:len(good)/2], 4},
		{"wrong count", good, 3},
		{"flipped byte", func() []byte { b := append([]byte(nil), good...); b[len(b)-6] ^= 0xff; return b }(), 4},
		{"unknown format", func() []byte { e, _ := zstd.NewWriter(nil); return e.EncodeAll([]byte{9, 0}, nil) }(), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeChunk(tc.data, make([]finding.Finding, tc.n))
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("decodeChunk = %v, want ErrCorrupt", err)
			}
		})
	}
}

// FuzzParseChunk feeds arbitrary decompressed chunks to the parser: it
// must decode or report damage, never panic or read out of bounds.
func FuzzParseChunk(f *testing.F) {
	_, dec := codecs()
	for _, fs := range [][]finding.Finding{findings(), nil, {{Muted: true, MuteReason: "r"}}} {
		raw, err := dec.DecodeAll(encodeChunk(fs), nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw, uint8(len(fs)))
	}
	f.Add([]byte{1, 1, 3, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, uint8(1))
	f.Fuzz(func(t *testing.T, raw []byte, n uint8) {
		out := make([]finding.Finding, n)
		if err := parseChunk(raw, out); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("error %v is not ErrCorrupt", err)
		}
	})
}
