package history

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/awssec/awssec/finding"
)

// A scan's findings are stored as chunks of up to chunkSize findings, each
// zstd-compressed. A row per finding costs SQLite more to write and read
// than the checks take to produce the findings; a scan is always written,
// read and compared whole, so it is kept whole, in a form that decodes
// without a copy per string.
//
// A chunk, before compression, is the byte chunkFormat, the number of
// findings (uvarint), then per finding its severity and muted flag (one
// byte each) and its strings, each a uvarint length and the bytes, in the
// order of findingStrings.
const (
	chunkSize   = 10_000
	chunkFormat = 1
)

// findingStrings are the stored string fields of a finding, in order.
// Evidence, remediation and compliance belong to the report, not to the
// history.
func findingStrings(f *finding.Finding) [11]*string {
	return [11]*string{&f.CheckID, &f.Title, &f.Service, (*string)(&f.Status), &f.Account, &f.Region,
		&f.ResourceType, &f.ResourceID, &f.ResourceARN, &f.ResourceName, &f.Message}
}

var (
	codecOnce sync.Once
	encoder   *zstd.Encoder
	decoder   *zstd.Decoder
)

func codecs() (*zstd.Encoder, *zstd.Decoder) {
	codecOnce.Do(func() {
		// Neither constructor fails with these options.
		encoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
		decoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))
	})
	return encoder, decoder
}

// encodeChunk compresses findings into one stored chunk.
func encodeChunk(fs []finding.Finding) []byte {
	buf := make([]byte, 0, 256*len(fs))
	buf = append(buf, chunkFormat)
	buf = binary.AppendUvarint(buf, uint64(len(fs)))
	for i := range fs {
		f := &fs[i]
		muted := byte(0)
		if f.Muted {
			muted = 1
		}
		buf = append(buf, byte(f.Severity), muted)
		for _, s := range findingStrings(f) {
			buf = binary.AppendUvarint(buf, uint64(len(*s)))
			buf = append(buf, *s...)
		}
		if f.Muted {
			buf = binary.AppendUvarint(buf, uint64(len(f.MuteReason)))
			buf = append(buf, f.MuteReason...)
		}
	}
	enc, _ := codecs()
	return enc.EncodeAll(buf, make([]byte, 0, len(buf)/4))
}

// errChunk is what every malformed chunk is: the store is damaged.
var errChunk = fmt.Errorf("%w: a damaged chunk of findings", ErrCorrupt)

// decodeChunk reads a stored chunk back into out, which must have room for
// exactly its findings. The strings of its findings share one allocation.
func decodeChunk(data []byte, out []finding.Finding) error {
	_, dec := codecs()
	raw, err := dec.DecodeAll(data, nil)
	if err != nil {
		return fmt.Errorf("%w (%v)", errChunk, err)
	}
	return parseChunk(raw, out)
}

// parseChunk reads a decompressed chunk into out.
func parseChunk(raw []byte, out []finding.Finding) error {
	if len(raw) == 0 || raw[0] != chunkFormat {
		return errChunk
	}
	all := string(raw)
	pos := 1
	uvarint := func() (int, bool) {
		v, n := binary.Uvarint(raw[pos:])
		if n <= 0 || v > uint64(len(raw)-pos-n) {
			return 0, false
		}
		pos += n
		return int(v), true
	}
	str := func(dst *string) bool {
		n, ok := uvarint()
		if !ok {
			return false
		}
		*dst = all[pos : pos+n]
		pos += n
		return true
	}
	count, ok := uvarint()
	if !ok || count != len(out) {
		return errChunk
	}
	for i := range out {
		f := &out[i]
		if len(raw)-pos < 2 {
			return errChunk
		}
		f.Severity, f.Muted = finding.Severity(raw[pos]), raw[pos+1] == 1
		pos += 2
		for _, s := range findingStrings(f) {
			if !str(s) {
				return errChunk
			}
		}
		if f.Muted && !str(&f.MuteReason) {
			return errChunk
		}
	}
	if pos != len(raw) {
		return errChunk
	}
	return nil
}

// encodeChunks encodes a scan's findings in chunks, on every core.
func encodeChunks(fs []finding.Finding) [][]byte {
	out := make([][]byte, (len(fs)+chunkSize-1)/chunkSize)
	parallel(len(out), func(i int) {
		out[i] = encodeChunk(fs[i*chunkSize : min((i+1)*chunkSize, len(fs))])
	})
	return out
}

// decodeChunks decodes a scan's chunks, on every core, into one slice;
// counts says how many findings each chunk holds.
func decodeChunks(chunks [][]byte, counts []int) ([]finding.Finding, error) {
	offsets := make([]int, len(counts)+1)
	for i, n := range counts {
		if n < 0 || n > chunkSize {
			return nil, errChunk
		}
		offsets[i+1] = offsets[i] + n
	}
	out := make([]finding.Finding, offsets[len(counts)])
	errs := make([]error, len(chunks))
	parallel(len(chunks), func(i int) { errs[i] = decodeChunk(chunks[i], out[offsets[i]:offsets[i+1]]) })
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// parallel runs f(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, f func(int)) {
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	wg.Wait()
}
