package ctlog

import (
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
)

// headerCases are records the fast path must read exactly as the general
// decoder does, or leave to it.
var headerCases = []string{
	rec1,
	rec2,
	`{}`,
	`{"eventName":null,"userIdentity":null,"requestParameters":null}`,
	`{"eventName":"A","eventName":"B","userIdentity":{"type":"Root"},"userIdentity":{"arn":"x"}}`,
	`{"userIdentity":{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::1:role/r"},"ec2RoleDelivery":"2.0"}}}`,
	`{"userIdentity":{"sessionContext":{"sessionIssuer":null},"sessionContext":null}}`,
	`{"eventName":"Esc\"aped","userAgent":"caf\u00e9"}`,
	"{\"userAgent\":\"caf\xc3\xa9\",\"eventSource\":\"bad\xff\"}",
	`{"eventName":5}`,
	`{"userIdentity":"Root"}`,
	`{"userIdentity":{"sessionContext":[1]}}`,
	`{"requestParameters":{"a":[1,{"b":"]}\"}"}],"c":true},"responseElements":"text","additionalEventData":-1.5e3}`,
	` { "eventName" : "Spaced" , "requestParameters" : [ ] , "x" : { } } `,
	`{"Eventname":"case","eventname":"case"}`,
	`{"e\u0076entName":"escaped name"}`,
	`{"x":"\\","eventName":"after backslash"}`,
}

func TestFastHeader(t *testing.T) {
	for _, c := range headerCases {
		checkHeader(t, []byte(c))
	}
	var d headerDecoder
	for _, c := range []string{rec1, rec2} {
		if !d.fastHeader([]byte(c), &Header{}) {
			t.Errorf("a plain CloudTrail record took the slow path: %s", c)
		}
	}
}

// checkHeader says whether the fast path agrees with json.Unmarshal on raw
// whenever it answers.
func checkHeader(t *testing.T, raw []byte) {
	t.Helper()
	if !jsontext.Value(raw).IsValid(headerOptions...) || jsontext.Value(raw).Kind() != '{' {
		return
	}
	var d headerDecoder
	var fast Header
	if !d.fastHeader(raw, &fast) {
		return
	}
	var slow Header
	if err := json.Unmarshal(raw, &slow, headerOptions...); err != nil {
		t.Fatalf("fast path read %s, the general decoder refuses it: %v", raw, err)
	}
	// Raw values compare as text; the general decoder keeps the same text.
	if diff := cmp.Diff(slow, fast); diff != "" {
		t.Fatalf("%s: (-general +fast)\n%s", raw, diff)
	}
}

func FuzzHeader(f *testing.F) {
	for _, c := range headerCases {
		f.Add([]byte(c))
	}
	f.Fuzz(checkHeader)
}

// walkCases are member texts and paths rawWalk must answer as walk does
// over the decoded tree.
var walkCases = []struct{ raw, path string }{
	{`{"a":{"b":"x"}}`, "a.b"},
	{`{"a":[{"b":1},{"b":[true,null]},{"c":2}]}`, "a.b"},
	{`{"a":{"b":{"c":[1,2]}}}`, "a.b"},
	{`{"a\u0062":"escaped name","x":"\ud83d\ude00"}`, "ab"},
	{`{"a":"caf\u00e9 \"q\""}`, "a"},
	{"{\"a\":\"bad\xff\"}", "a"},
	{`[{"a":1},{"a":2}]`, "a"},
	{`{"a":null}`, "a"},
	{`{"a":{}}`, "a.b"},
	{`{"a":1e3,"a":2}`, "a"},
	{`"top"`, ""},
	{`[1,[2,3]]`, ""},
}

func TestRawWalk(t *testing.T) {
	for _, c := range walkCases {
		checkWalk(t, []byte(c.raw), c.path)
	}
}

func checkWalk(t *testing.T, raw []byte, path string) {
	t.Helper()
	// Names given twice differ on purpose: the tree keeps the last value,
	// rawWalk yields both.
	if !jsontext.Value(raw).IsValid(jsontext.AllowInvalidUTF8(true)) {
		return
	}
	var tree any
	if err := json.Unmarshal(raw, &tree, headerOptions...); err != nil {
		return // a number out of range: no tree to compare with
	}
	collect := func(walker func(func(any) bool) bool) (vals []any, found bool) {
		found = walker(func(v any) bool { vals = append(vals, v); return true })
		return vals, found
	}
	fast, fastFound := collect(func(y func(any) bool) bool { return rawWalk(raw, path, y) })
	var slow []any
	var slowFound bool
	if path == "" {
		// walk flattens one array level at the end of the path, as rawWalk.
		slow, slowFound = collect(func(y func(any) bool) bool { return walkRoot(tree, y) })
	} else {
		slow, slowFound = collect(func(y func(any) bool) bool { return walk(tree, path, y) })
	}
	if fastFound != slowFound {
		t.Fatalf("%s %q: found %v, the tree says %v", raw, path, fastFound, slowFound)
	}
	if diff := cmp.Diff(slow, fast); diff != "" {
		t.Fatalf("%s %q: (-tree +raw)\n%s", raw, path, diff)
	}
}

// walkRoot yields the root, or its elements when it is an array.
func walkRoot(tree any, yield func(any) bool) bool {
	if arr, ok := tree.([]any); ok {
		for _, x := range arr {
			if !yield(x) {
				break
			}
		}
		return true
	}
	yield(tree)
	return true
}

func FuzzRawWalk(f *testing.F) {
	for _, c := range walkCases {
		f.Add([]byte(c.raw), c.path)
	}
	f.Fuzz(checkWalk)
}

// benchRecord is an assumed-role record of typical size (about 1.2 KB).
const benchRecord = `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROA0000000000000005:i-0000000000000005","arn":"arn:aws:sts::100000000003:assumed-role/app-role-5/i-0000000000000005","accountId":"100000000003","accessKeyId":"ASIA000000000000009B","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA0000000000000005","arn":"arn:aws:iam::100000000003:role/app-role-5","accountId":"100000000003","userName":"app-role-5"},"attributes":{"creationDate":"2026-10-31T23:02:11Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},"eventTime":"2026-11-01T00:02:11Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.5.5.10","userAgent":"aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux","requestParameters":{"bucketName":"app-data-512","Host":"app-data-512.s3.us-east-1.amazonaws.com","key":"reports/2026/11/7765.parquet"},"responseElements":null,"requestID":"5F0C2B1A-9D1E-0A3B","eventID":"03000004-0001-4abc-1234-0000deadbeef","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"100000000003","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"s3.us-east-1.amazonaws.com"}}`

func BenchmarkHeader(b *testing.B) {
	raw := []byte(benchRecord)
	b.Run("fast", func(b *testing.B) {
		var d headerDecoder
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			var h Header
			if !d.fastHeader(raw, &h) {
				b.Fatal("slow path")
			}
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			var h Header
			if err := json.Unmarshal(raw, &h, headerOptions...); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestPlainRun(t *testing.T) {
	for n := range 20 {
		for i := range n {
			for _, c := range []byte{'"', '\\', 0x00, 0x1f, 0x80, 0xff} {
				b := []byte(strings.Repeat("a", n))
				b[i] = c
				for j := range i + 1 {
					if got := plainRun(b, j); got != i {
						t.Errorf("plainRun(%q, %d) = %d, want %d", b, j, got, i)
					}
				}
			}
		}
		if got := plainRun([]byte(strings.Repeat(" ~", n)), 0); got != 2*n {
			t.Errorf("all plain, length %d: %d", 2*n, got)
		}
	}
}
