package policy

import (
	"strings"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	stmt := `{"Sid": "S", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"]},
		"Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"],
		"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}, "Bool": {"aws:SecureTransport": "true"}}}`
	for _, n := range []int{1, 100} {
		data := []byte(`{"Version": "2012-10-17", "Statement": [` + strings.Repeat(stmt+",", n-1) + stmt + `]}`)
		b.Run(map[int]string{1: "1 statement", 100: "100 statements"}[n], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("p.json", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
