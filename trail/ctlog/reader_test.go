package ctlog

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
)

// Two records in the shape of AWS's documented examples (CloudTrail user
// guide, "CloudTrail record contents" and the IAM user example).
const rec1 = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAJ45Q7YFFAREXAMPLE","arn":"arn:aws:iam::123456789012:user/Alice","accountId":"123456789012","accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"Alice"},"eventTime":"2023-07-19T21:17:28Z","eventSource":"ec2.amazonaws.com","eventName":"StartInstances","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1","userAgent":"aws-cli/2.13.5","requestParameters":{"instancesSet":{"items":[{"instanceId":"i-EXAMPLE56f5b1e4b"}]}},"responseElements":null,"requestID":"e4336db0-149f-4a6b-844d-EXAMPLEb9d16","eventID":"e755e09c-42f9-4c5c-9064-EXAMPLE228c7","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"}`
const rec2 = `{"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"123456789012","arn":"arn:aws:iam::123456789012:root","accountId":"123456789012"},"eventTime":"2023-07-19T21:18:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"Mozilla/5.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"No"},"eventID":"3fcfb586-2e7b-4f6e-9c3b-EXAMPLE1a2b3","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"}`

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, s)
	w.Close()
	return b.Bytes()
}

func names(t *testing.T, data []byte) ([]string, error) {
	t.Helper()
	var got []string
	_, err := Read(bytes.NewReader(data), "f.json", func(e *Event) error {
		got = append(got, e.EventName)
		return nil
	})
	return got, err
}

func TestReadFormats(t *testing.T) {
	want := []string{"StartInstances", "ConsoleLogin"}
	lake := `{"QueryStatistics":{"ResultsCount":2},"QueryResultRows":[[{"eventJson":` + quote(rec1) + `}],[{"eventName":"ConsoleLogin"},{"eventSource":"signin.amazonaws.com"}]],"QueryStatus":"FINISHED"}`
	for name, data := range map[string][]byte{
		"delivered":        []byte(`{"Records":[` + rec1 + `,` + rec2 + `]}`),
		"delivered gz":     gz(t, `{"Records":[`+rec1+`,`+rec2+`]}`),
		"array":            []byte("[\n" + rec1 + ",\n" + rec2 + "\n]"),
		"json lines":       []byte(rec1 + "\n" + rec2 + "\n"),
		"json lines gz":    gz(t, rec1+"\n"+rec2),
		"lake":             []byte(lake),
		"records later":    []byte(`{"Other":{"x":[1,2]},"Records":[` + rec1 + `,` + rec2 + `]}`),
		"two files in one": []byte(`{"Records":[` + rec1 + `]}` + "\n" + `{"Records":[` + rec2 + `]}`),
	} {
		got, err := names(t, data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", name, diff)
		}
	}
	if got, err := names(t, []byte(`{"Records":[]}`)); err != nil || len(got) != 0 {
		t.Errorf("empty Records: %v %v", got, err)
	}
	if got, err := names(t, nil); err != nil || len(got) != 0 {
		t.Errorf("empty input: %v %v", got, err)
	}
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func TestEventFields(t *testing.T) {
	var got []string
	_, err := Read(strings.NewReader(rec2), "x", func(e *Event) error {
		got = append(got, e.Principal(), e.Time().String())
		e.Values("additionalEventData.MFAUsed", func(v any) bool { got = append(got, String(v)); return true })
		e.Values("eventName", func(v any) bool { got = append(got, String(v)); return true })
		if e.Values("requestParameters.nothing", func(any) bool { return true }) {
			t.Error("absent field reported present")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"arn:aws:iam::123456789012:root", "2023-07-19 21:18:00 +0000 UTC", "No", "ConsoleLogin"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
	_, err = Read(strings.NewReader(rec1), "x", func(e *Event) error {
		var ids []string
		e.Values("requestParameters.instancesSet.items.instanceId", func(v any) bool { ids = append(ids, String(v)); return true })
		if len(ids) != 1 || ids[0] != "i-EXAMPLE56f5b1e4b" {
			t.Errorf("array path: %v", ids)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadBadInput(t *testing.T) {
	full := gz(t, `{"Records":[`+rec1+`,`+rec2+`]}`)
	for name, tc := range map[string]struct {
		data    []byte
		wantErr string
		events  int
	}{
		"truncated gzip":   {full[:len(full)-30], "unexpected end of input", -1},
		"invalid json":     {[]byte("{\"Records\":[\n" + rec1 + ",\n{\"eventName\": x}]}"), "f.json:3:15: invalid character 'x'", 1},
		"not an object":    {[]byte(`[` + rec1 + `, 42, ` + rec2 + `]`), "record 1 is number", 2},
		"string at top":    {[]byte(`"hello"`), "input starts with string", 0},
		"truncated array":  {[]byte(`[` + rec1), "unexpected end of input", 1},
		"wrong field type": {[]byte(`[{"eventName": 5}]`), "record 0: /eventName: wrong type", 0},
	} {
		src := Bytes("f.json", tc.data)
		n := 0
		_, faults, err := Scan(context.Background(), []Source{src}, 1, func(int, *Event) error { n++; return nil })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(faults) != 1 || !strings.Contains(faults[0].Error(), tc.wantErr) {
			t.Errorf("%s: faults %v, want one containing %q", name, faults, tc.wantErr)
			continue
		}
		if tc.events >= 0 && n != tc.events {
			t.Errorf("%s: %d events delivered, want %d", name, n, tc.events)
		}
	}
}

func TestReadHugeLine(t *testing.T) {
	// A single string value past MaxRecord must fail with a bounded read,
	// not buffer the whole input.
	r := io.MultiReader(strings.NewReader(`{"eventName":"`), &endless{}, strings.NewReader(`"}`))
	_, err := Read(r, "big.json", func(*Event) error { return nil })
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

// endless yields 'a' for MaxRecord*2 bytes.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n >= MaxRecord*2 {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestScanLocal(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "AWSLogs", "CloudTrail-Digest"), 0o755)
	os.WriteFile(filepath.Join(dir, "a.json.gz"), gz(t, `{"Records":[`+rec1+`]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "b.json"), []byte(`[`+rec2+`]`), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "AWSLogs", "CloudTrail-Digest", "d.json.gz"), []byte("digest"), 0o644)
	srcs, err := Local([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []string
	stats, faults, err := Scan(context.Background(), srcs, 4, func(_ int, e *Event) error {
		mu.Lock()
		got = append(got, e.EventName)
		mu.Unlock()
		return nil
	})
	if err != nil || len(faults) != 0 || stats.Events != 2 || stats.Sources != 2 {
		t.Fatalf("stats %+v faults %v err %v", stats, faults, err)
	}
	if _, err := Local([]string{filepath.Join(dir, "missing")}); err == nil {
		t.Error("missing path accepted")
	}
	stop := errors.New("stop")
	if _, _, err := Scan(context.Background(), srcs, 2, func(int, *Event) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("callback error: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"Records":[` + rec1 + `]}`))
	f.Add([]byte(`[` + rec2 + `]`))
	f.Add([]byte(rec1 + "\n" + rec2))
	f.Add([]byte(`{"QueryResultRows":[[{"eventJson":"{}"}]]}`))
	f.Add(gz(f, `{"Records":[`+rec1+`]}`))
	f.Add([]byte(`{"Records":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		count, err := Read(bytes.NewReader(data), "fuzz", func(e *Event) error {
			n++
			e.Time()
			e.Principal()
			e.Values("requestParameters.a.b", func(any) bool { return true })
			e.All(func(any) bool { return true })
			return nil
		})
		if err != nil {
			var re *ReadError
			if !errors.As(err, &re) {
				t.Fatalf("error is not a ReadError: %v", err)
			}
		}
		if n > count {
			t.Fatalf("%d events delivered, count %d", n, count)
		}
	})
}
