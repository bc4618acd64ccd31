package policy

import (
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
)

func TestJSON(t *testing.T) {
	p, err := Parse("p.json", []byte(`{"Id": "x", "Version": "2012-10-17", "Statement": {
		"Condition": {"StringEquals": {"aws:username": ["a", "b"]}, "NumericLessThan": {"s3:max-keys": 10}, "stringequals": {"k": true}},
		"Resource": "arn:aws:s3:::b/\"q\"", "Action": ["s3:GetObject"], "Principal": {"Service": "ec2.amazonaws.com", "AWS": "*"},
		"Effect": "Allow", "Sid": "S\u00e9"}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "Version": "2012-10-17",
  "Id": "x",
  "Statement": [
    {
      "Sid": "Sé",
      "Effect": "Allow",
      "Principal": {
        "Service": "ec2.amazonaws.com",
        "AWS": "*"
      },
      "Action": [
        "s3:GetObject"
      ],
      "Resource": "arn:aws:s3:::b/\"q\"",
      "Condition": {
        "StringEquals": {
          "aws:username": [
            "a",
            "b"
          ]
        },
        "NumericLessThan": {
          "s3:max-keys": "10"
        },
        "stringequals": {
          "k": "true"
        }
      }
    }
  ]
}
`
	if d := cmp.Diff(want, string(p.JSON())); d != "" {
		t.Errorf("JSON (-want +got):\n%s", d)
	}
}

// The canonical form of every test document parses back to the same tree.
func TestJSONRoundTrip(t *testing.T) {
	docs := [][]byte{readTestdata(t, "mfa.json"), readTestdata(t, "payroll.json")}
	for _, s := range fuzzSeeds {
		docs = append(docs, []byte(s))
	}
	for _, doc := range docs {
		p, err := Parse("p.json", doc)
		if err != nil {
			continue
		}
		roundTrip(t, doc, p)
	}
}

func roundTrip(t *testing.T, doc []byte, p *Policy) {
	t.Helper()
	out := p.JSON()
	q, err := Parse(p.Name, out)
	if err != nil {
		t.Fatalf("canonical form of %q does not parse: %v\n%s", doc, err, out)
	}
	if d := cmp.Diff(p, q, ignorePos); d != "" {
		t.Fatalf("canonical form of %q parses differently (-original +canonical):\n%s", doc, d)
	}
	if again := q.JSON(); string(again) != string(out) {
		t.Fatalf("canonical form is not stable:\n%s\n%s", out, again)
	}
}

// A tree built by hand, oddities included, still encodes as valid JSON.
func TestJSONHandBuilt(t *testing.T) {
	p := &Policy{Statements: []*Statement{{
		Effect:   Allow,
		Action:   &Values{Single: true}, // Single without a value
		Resource: vals(false, "\xff"),
		Condition: []*Condition{
			{Operator: "Bool", Key: "a"},
			{Operator: "StringEquals", Key: "b", Values: vals(true, "x")},
			{Operator: "Bool", Key: "c", Values: vals(false)},
		},
	}, {}}}
	want := `{"Statement":[{"Effect":"Allow","Action":[],"Resource":["` + "\uFFFD" + `"],"Condition":{"Bool":{"a":[],"c":[]},"StringEquals":{"b":"x"}}},{}]}`
	v := jsontext.Value(p.JSON())
	if err := v.Compact(); err != nil {
		t.Fatal(err)
	}
	if got := string(v); got != want {
		t.Errorf("JSON\n got %s\nwant %s", got, want)
	}
}
