package policy

import (
	"errors"
	"strings"
	"testing"

	"github.com/awssec/awssec/internal/jsonerr"
)

// fuzzSeeds are documents of every form and many errors; the round-trip
// test parses them too.
var fuzzSeeds = []string{
	`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`,
	`{"Version": "2008-10-17", "Id": "i", "Statement": [{"Sid": "a", "Effect": "Deny", "NotAction": ["iam:*", "sts:Get*"], "NotResource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}]}`,
	`{"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"], "Service": "ec2.amazonaws.com", "Federated": "accounts.google.com", "CanonicalUser": "abc"}, "Action": "sts:AssumeRole"}]}`,
	`{"Statement": {"Effect": "Deny", "NotPrincipal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*"}}`,
	`{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b?"]}, "NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": false}, "Null": {"aws:x": "true"}, "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}, "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}}}`,
	`{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {}}}`,
	"{\"Statement\": {\"Sid\": \"\\u00e9\\n\\\"\", \"Effect\": \"Allow\", \"Action\": \"s3:Get\\u002a\", \"Resource\": \"*\"}}",
	`{"Statement": []}`,
	``,
	`{`,
	`[]`,
	`{"Statement": {"Effect": "allow"}}`,
	`{"Statement": {"Effect": "Allow", "Action": "GetObject"}}`,
	`{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "bucket"}}`,
	`{"Statement": {"Effect": "Allow", "Action": "s3:*", "Condition": {"StringEqual": {"a": "b"}}}}`,
	`{"Statement": {"Effect": "Allow", "Effect": "Deny"}}`,
	`{"Statement": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
	`{"Statement": {"Effect": "Allow", "Action": {"s3": "x"}}}`,
	`{"Statement": {"Effect": "Allow", "Action": "s3:x"}} trailing`,
	"{\"Statement\": {\"Sid\": \"\xff\"}}",
}

// FuzzParse checks that Parse never panics, that its errors are single
// positioned lines, that positions agree with the offsets they carry, and
// that what it accepts survives the canonical encoding unchanged.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add(readTestdata(f, "mfa.json"))
	f.Add(readTestdata(f, "payroll.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("f.json", data)
		if err != nil {
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\r") {
				t.Fatalf("error is not one line: %q", msg)
			}
			var perr *ParseError
			if !errors.As(err, &perr) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if perr.Line == 0 && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error %v has no position", err)
			}
			return
		}
		for _, k := range Kinds() {
			for _, err := range p.Check(k) {
				if strings.ContainsAny(err.Error(), "\n\r") {
					t.Fatalf("Check error is not one line: %q", err)
				}
			}
		}
		forEachPos(p, func(pos Pos) {
			if line, col := jsonerr.LineCol(data, pos.Offset); line != pos.Line || col != pos.Col {
				t.Fatalf("position %d:%d, but offset %d is %d:%d", pos.Line, pos.Col, pos.Offset, line, col)
			}
		})
		roundTrip(t, data, p)
	})
}

// forEachPos calls fn with every valid position of a tree.
func forEachPos(p *Policy, fn func(Pos)) {
	visit := func(pos Pos) {
		if pos.Valid() {
			fn(pos)
		}
	}
	values := func(v *Values) {
		if v == nil {
			return
		}
		visit(v.Pos)
		visit(v.KeyPos)
		for _, x := range v.Values {
			visit(x.Pos)
		}
	}
	visit(p.Pos)
	visit(p.VersionPos)
	visit(p.IDPos)
	for _, s := range p.Statements {
		visit(s.Pos)
		visit(s.SidPos)
		visit(s.EffectPos)
		visit(s.ConditionPos)
		for _, pr := range []*Principal{s.Principal, s.NotPrincipal} {
			if pr != nil {
				visit(pr.Pos)
				visit(pr.KeyPos)
				for _, k := range pr.Kinds {
					values(k.Values)
				}
			}
		}
		values(s.Action)
		values(s.NotAction)
		values(s.Resource)
		values(s.NotResource)
		for _, c := range s.Condition {
			visit(c.Pos)
			visit(c.KeyPos)
			values(c.Values)
		}
	}
}
