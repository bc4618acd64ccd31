package catalog_test

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/iam/catalog"
)

func ExampleAction() {
	a, ok := catalog.Action("S3:getobject")
	fmt.Println(ok, a, a.AccessLevel)
	p, _ := catalog.Action("iam:PassRole")
	fmt.Println(p, p.AccessLevel, p.ResourceTypes[0].Name, p.ResourceTypes[0].Required)
	// Output:
	// true s3:GetObject Read
	// iam:PassRole Write role true
}

func ExampleExpand() {
	for _, a := range catalog.Expand("iam:*AccessKey*") {
		if strings.HasPrefix(a.Name, "Create") || strings.HasPrefix(a.Name, "Delete") {
			fmt.Println(a, a.AccessLevel)
		}
	}
	// Output:
	// iam:CreateAccessKey Write
	// iam:DeleteAccessKey Write
}

func ExampleConditionKey() {
	for _, name := range []string{"aws:SourceIp", "aws:MultiFactorAuthPresent", "aws:RequestTag/team"} {
		k, _ := catalog.ConditionKey(name)
		fmt.Println(name, "→", k.Name, k.Type)
	}
	// Output:
	// aws:SourceIp → aws:SourceIp IPAddress
	// aws:MultiFactorAuthPresent → aws:MultiFactorAuthPresent Bool
	// aws:RequestTag/team → aws:RequestTag/${TagKey} String
}

func ExampleMatchResourceType() {
	fmt.Println(catalog.MatchResourceType("s3", "arn:aws:s3:::hrbucket"))
	fmt.Println(catalog.MatchResourceType("s3", "arn:aws:s3:::hrbucket/Payroll/*"))
	fmt.Println(catalog.MatchResourceType("s3", "arn:aws:s3:::*"))
	// Output:
	// [bucket]
	// [object]
	// [bucket object]
}
