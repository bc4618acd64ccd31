package policy

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// Hostile documents end in a positioned error, quickly and without
// blowing the stack or the heap.
func TestLimits(t *testing.T) {
	// One value a statement, so that MaxStatements fit in MaxValues.
	stmt := `{"Effect":"Allow","Action":"s3:GetObject"}`
	statements := func(n int) string {
		return `{"Statement":[` + strings.Repeat(stmt+",", n-1) + stmt + `]}`
	}
	actions := func(n int) string {
		return `{"Statement":{"Effect":"Allow","Action":[` + strings.Repeat(`"s3:x",`, n-1) + `"s3:x"]}}`
	}
	conditionKeys := func(n int) string {
		var b strings.Builder
		b.WriteString(`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEquals":{`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"k`)
			b.WriteString(strings.Repeat("x", i%7))
			b.WriteString(string(rune('a' + i%26)))
			b.WriteString(strings.Repeat("0", i/182))
			b.WriteString(`":[]`)
		}
		b.WriteString(`}}}}`)
		return b.String()
	}
	for _, tc := range []struct {
		name  string
		doc   string
		cause error
		want  string // the error's line:col and message; "" to accept the document
	}{
		{"at the size limit", statements(1) + strings.Repeat(" ", MaxSize-len(statements(1))), nil, ""},
		{"over the size limit", statements(1) + strings.Repeat(" ", MaxSize-len(statements(1))+1), ErrTooLarge,
			"p.json: policy is 1048577 bytes, over the limit of 1048576"},
		{"nesting at the limit", `{"Statement":` + strings.Repeat("[", 31) + strings.Repeat("]", 31) + `}`, ErrWrongType,
			`p.json:1:15: a statement must be an object, not an array`},
		{"nesting over the limit", `{"Statement":` + strings.Repeat("[", 32) + strings.Repeat("]", 32) + `}`, ErrTooDeep,
			`p.json:1:45: JSON nested deeper than 32 levels`},
		{"deep nesting", strings.Repeat(`{"a":`, 100000) + strings.Repeat("}", 100000), ErrTooDeep,
			`p.json:1:161: JSON nested deeper than 32 levels`},
		{"deep unclosed nesting", strings.Repeat("[", 500000), ErrTooDeep,
			`p.json:1:33: JSON nested deeper than 32 levels`},
		{"statements at the limit", statements(MaxStatements), nil, ""},
		{"too many statements", statements(MaxStatements + 1), ErrTooMany,
			fmt.Sprintf("p.json:1:%d: more than 10000 statements in one policy", len(statements(MaxStatements))-len(`]}`)+2)},
		{"values at the limit", actions(MaxValues), nil, ""},
		{"too many values", actions(MaxValues + 1), ErrTooMany,
			fmt.Sprintf(`p.json:1:%d: more than 10000 values in one policy`, len(actions(MaxValues))-len(`]}}`)+2)},
		// The error stands at the first key too many: where the document
		// with one key fewer ends, less its closing braces, past a comma.
		{"condition keys at the limit", conditionKeys(MaxValues - 1), nil, ""},
		{"too many condition keys", conditionKeys(MaxValues), ErrTooMany,
			fmt.Sprintf("p.json:1:%d: more than 10000 values in one policy", len(conditionKeys(MaxValues-1))-len(`}}}}`)+2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.doc) > 2*MaxSize {
				t.Fatalf("test document of %d bytes", len(tc.doc))
			}
			p, err := Parse("p.json", []byte(tc.doc))
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Statements) == 0 {
					t.Fatal("no statements")
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
			if !errors.Is(err, tc.cause) {
				t.Errorf("error %v is not %v", err, tc.cause)
			}
		})
	}
}

// A document over the limit is refused before a byte of it is read:
// nothing is allocated for it.
func TestTooLargeAllocatesNothing(t *testing.T) {
	data := make([]byte, MaxSize+1)
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := Parse("big.json", data); !errors.Is(err, ErrTooLarge) {
			t.Fatal(err)
		}
	})
	if allocs > 5 {
		t.Errorf("%v allocations to refuse a large document", allocs)
	}
}

// The tree of the costliest documents Parse accepts, or those it refuses
// at a limit, stays within a few megabytes.
func TestLimitsBoundMemory(t *testing.T) {
	var values, keys strings.Builder
	values.WriteString(`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEquals":{`)
	for i := 0; values.Len() < MaxSize-40000; i++ {
		if i > 0 {
			values.WriteByte(',')
		}
		fmt.Fprintf(&values, `"k%d":[%s""]`, i, strings.Repeat(`"",`, 999))
	}
	values.WriteString(`}}}}`)
	keys.WriteString(`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEquals":{`)
	for i := range MaxValues - 1 {
		if i > 0 {
			keys.WriteByte(',')
		}
		fmt.Fprintf(&keys, `"k%d":[]`, i)
	}
	keys.WriteString(`}}}}`)
	stmt := `{"Effect":"Allow","Action":"*"}`
	statements := `{"Statement":[` + strings.Repeat(stmt+",", MaxStatements-1) + stmt + `]}`
	for name, doc := range map[string]string{"values": values.String(), "condition keys": keys.String(), "statements": statements} {
		data := []byte(doc)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		Parse("p.json", data)
		runtime.ReadMemStats(&after)
		const limit = 8 << 20
		if n := after.TotalAlloc - before.TotalAlloc; n > limit {
			t.Errorf("%s: %d bytes of input cost %d bytes, over %d", name, len(data), n, limit)
		}
	}
}
