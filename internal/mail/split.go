package mail

import (
	"bytes"
	"fmt"

	"github.com/klauspost/compress/gzip"
)

// gzipAll compresses every attachment ("report.csv" → "report.csv.gz").
func gzipAll(atts []Attachment) []Attachment {
	out := make([]Attachment, 0, len(atts))
	for _, a := range atts {
		out = append(out, gzipped(a))
	}
	return out
}

func gzipped(a Attachment) Attachment {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Name = a.Name
	zw.Write(a.Data) // writes to a bytes.Buffer do not fail
	zw.Close()
	return Attachment{Name: a.Name + ".gz", ContentType: "application/gzip", Data: buf.Bytes()}
}

// splitAll cuts every attachment into n pieces, compressed; piece i of
// each goes in message i. A line-oriented attachment is cut between lines,
// each piece starting with the header line; other attachments are cut
// into byte ranges ("report.bin.part2of3.gz").
func splitAll(atts []Attachment, n int) ([][]Attachment, error) {
	out := make([][]Attachment, n)
	for _, a := range atts {
		pieces, err := split(a, n)
		if err != nil {
			return nil, err
		}
		for i, p := range pieces {
			out[i] = append(out[i], gzipped(p))
		}
	}
	return out, nil
}

func split(a Attachment, n int) ([]Attachment, error) {
	name := func(i int) string { return fmt.Sprintf("%s.part%dof%d", a.Name, i+1, n) }
	var out []Attachment
	if !a.Lines {
		size := (len(a.Data) + n - 1) / n
		for i := range n {
			lo, hi := min(i*size, len(a.Data)), min((i+1)*size, len(a.Data))
			out = append(out, Attachment{Name: name(i), ContentType: a.ContentType, Data: a.Data[lo:hi]})
		}
		return out, nil
	}
	header, body, _ := bytes.Cut(a.Data, []byte("\n"))
	header = append(header, '\n')
	lines := bytes.SplitAfter(body, []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	if len(lines) < n {
		return nil, fmt.Errorf("%w: %s has %d lines, cannot split it in %d", ErrTooLarge, a.Name, len(lines), n)
	}
	per := (len(lines) + n - 1) / n
	for i := range n {
		lo, hi := min(i*per, len(lines)), min((i+1)*per, len(lines))
		data := append([]byte{}, header...)
		for _, l := range lines[lo:hi] {
			data = append(data, l...)
		}
		out = append(out, Attachment{Name: name(i), ContentType: a.ContentType, Data: data, Lines: true})
	}
	return out, nil
}
