package awstest

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/awssec/awssec/inventory"
)

// s3NS is the namespace of S3's REST-XML documents.
const s3NS = "http://s3.amazonaws.com/doc/2006-03-01/"

// s3ControlNS is the namespace of S3 Control's documents.
const s3ControlNS = "http://awss3control.amazonaws.com/doc/2018-08-20/"

// registerS3 serves the account's buckets (REST-XML, path-style requests)
// and the account's Block Public Access settings (S3 Control, which signs
// as "s3" too). Bucket settings answer only in the bucket's own region, as
// S3 does (301 PermanentRedirect elsewhere). Operations are named by their
// IAM actions where these differ from the API names (ListBuckets is
// s3:ListAllMyBuckets, GetBucketEncryption s3:GetEncryptionConfiguration).
func registerS3(s *Server) {
	buckets := func(r *Request) []*inventory.S3Bucket {
		if a, _ := r.Scope(s); a != nil {
			return a.Resources.S3Buckets
		}
		return nil
	}
	// find returns the caller's bucket named in the path; regional
	// operations must be sent to the bucket's region.
	find := func(r *Request, regional bool) (*inventory.S3Bucket, error) {
		name := r.String("Bucket")
		for _, b := range buckets(r) {
			if b.Name != name && b.ID != name {
				continue
			}
			if regional && b.Region != r.Region {
				return nil, &Error{Status: 301, Code: "PermanentRedirect",
					Message: "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint."}
			}
			return b, nil
		}
		return nil, NotFound("NoSuchBucket", "The specified bucket does not exist")
	}
	// bucketOp registers a GET on a bucket subresource ("?acl").
	bucketOp := func(flag, op string, h func(*Request, *inventory.S3Bucket) (any, error)) {
		s.Route("s3", http.MethodGet, "/{Bucket}?"+flag, op, func(r *Request) (any, error) {
			b, err := find(r, true)
			if err != nil {
				return nil, err
			}
			return h(r, b)
		})
	}
	doc := func(root string, body M) XMLDoc { return XMLDoc{Root: root, XMLNS: s3NS, Body: body} }

	s.Route("s3", http.MethodGet, "/", "ListAllMyBuckets", func(r *Request) (any, error) {
		size := s.PageSize
		if n, err := strconv.Atoi(r.String("max-buckets")); err == nil && n > 0 {
			size = min(size, n)
		}
		all := buckets(r)
		page, next, err := Page(all, r.String("continuation-token"), size)
		if err != nil {
			return nil, err
		}
		var items []any
		for _, b := range page {
			items = append(items, M{"Name": b.Name, "CreationDate": b.CreationDate, "BucketRegion": nilIfEmpty(b.Region)})
		}
		body := M{"Buckets": List{Member: "Bucket", Items: items}, "ContinuationToken": nilIfEmpty(next)}
		if owner := s3Owner(all); owner != "" {
			body["Owner"] = M{"ID": owner}
		}
		return doc("ListAllMyBucketsResult", body), nil
	})
	// GetBucketLocation answers from any region; its body is the bare
	// LocationConstraint element, empty for us-east-1.
	s.Route("s3", http.MethodGet, "/{Bucket}?location", "GetBucketLocation", func(r *Request) (any, error) {
		b, err := find(r, false)
		if err != nil {
			return nil, err
		}
		if !b.Known("region") {
			return nil, AccessDenied(RESTXML)
		}
		body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
		if b.Region == "us-east-1" {
			body += `<LocationConstraint xmlns="` + s3NS + `"/>`
		} else {
			body += `<LocationConstraint xmlns="` + s3NS + `">` + xmlEscape(b.Region) + `</LocationConstraint>`
		}
		return s3Raw(body), nil
	})
	bucketOp("policy", "GetBucketPolicy", func(r *Request, b *inventory.S3Bucket) (any, error) {
		switch {
		case !b.Known("policy"):
			return nil, AccessDenied(RESTXML)
		case b.Policy == "":
			return nil, NotFound("NoSuchBucketPolicy", "The bucket policy does not exist")
		}
		return Raw{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(b.Policy)}, nil
	})
	bucketOp("policyStatus", "GetBucketPolicyStatus", func(r *Request, b *inventory.S3Bucket) (any, error) {
		switch {
		case b.PolicyIsPublic == nil:
			return nil, AccessDenied(RESTXML)
		case b.Policy == "" && b.Known("policy"):
			// S3 has no status for a bucket without a policy.
			return nil, NotFound("NoSuchBucketPolicy", "The bucket policy does not exist")
		}
		return doc("PolicyStatus", M{"IsPublic": *b.PolicyIsPublic}), nil
	})
	bucketOp("acl", "GetBucketAcl", func(r *Request, b *inventory.S3Bucket) (any, error) {
		if b.ACL == nil {
			return nil, AccessDenied(RESTXML)
		}
		return s3Raw(s3ACLDocument(b.ACL)), nil
	})
	bucketOp("publicAccessBlock", "GetBucketPublicAccessBlock", func(r *Request, b *inventory.S3Bucket) (any, error) {
		switch {
		case b.PublicAccessBlock == nil:
			return nil, AccessDenied(RESTXML)
		case !b.PublicAccessBlock.Configured:
			return nil, NotFound("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
		}
		return doc("PublicAccessBlockConfiguration", s3PublicAccessBlock(b.PublicAccessBlock)), nil
	})
	bucketOp("encryption", "GetEncryptionConfiguration", func(r *Request, b *inventory.S3Bucket) (any, error) {
		e := b.Encryption
		switch {
		case e == nil:
			return nil, AccessDenied(RESTXML)
		case e.SSEAlgorithm == "":
			return nil, NotFound("ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found")
		}
		rule := M{"ApplyServerSideEncryptionByDefault": M{"SSEAlgorithm": e.SSEAlgorithm, "KMSMasterKeyID": nilIfEmpty(e.KMSMasterKeyID)},
			"BucketKeyEnabled": e.BucketKeyEnabled}
		return doc("ServerSideEncryptionConfiguration", M{"Rule": Flat{rule}}), nil
	})
	bucketOp("versioning", "GetBucketVersioning", func(r *Request, b *inventory.S3Bucket) (any, error) {
		if b.Versioning == nil {
			return nil, AccessDenied(RESTXML)
		}
		// A bucket that never had versioning answers an empty document.
		return doc("VersioningConfiguration", M{"Status": nilIfEmpty(b.Versioning.Status), "MfaDelete": nilIfEmpty(b.Versioning.MFADelete)}), nil
	})
	bucketOp("logging", "GetBucketLogging", func(r *Request, b *inventory.S3Bucket) (any, error) {
		if b.Logging == nil {
			return nil, AccessDenied(RESTXML)
		}
		body := M{}
		if b.Logging.TargetBucket != "" {
			body["LoggingEnabled"] = M{"TargetBucket": b.Logging.TargetBucket, "TargetPrefix": b.Logging.TargetPrefix}
		}
		return doc("BucketLoggingStatus", body), nil
	})
	bucketOp("object-lock", "GetBucketObjectLockConfiguration", func(r *Request, b *inventory.S3Bucket) (any, error) {
		l := b.ObjectLock
		switch {
		case l == nil:
			return nil, AccessDenied(RESTXML)
		case !l.Enabled:
			return nil, NotFound("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")
		}
		body := M{"ObjectLockEnabled": "Enabled"}
		if l.Mode != "" {
			retention := M{"Mode": l.Mode}
			if l.Days > 0 {
				retention["Days"] = l.Days
			}
			if l.Years > 0 {
				retention["Years"] = l.Years
			}
			body["Rule"] = M{"DefaultRetention": retention}
		}
		return doc("ObjectLockConfiguration", body), nil
	})
	bucketOp("tagging", "GetBucketTagging", func(r *Request, b *inventory.S3Bucket) (any, error) {
		switch {
		case !b.Known("tags"):
			return nil, AccessDenied(RESTXML)
		case len(b.Tags) == 0:
			return nil, NotFound("NoSuchTagSet", "The TagSet does not exist")
		}
		keys := make([]string, 0, len(b.Tags))
		for k := range b.Tags {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var tags []any
		for _, k := range keys {
			tags = append(tags, M{"Key": k, "Value": b.Tags[k]})
		}
		return doc("Tagging", M{"TagSet": List{Member: "Tag", Items: tags}}), nil
	})

	// S3 Control's GetPublicAccessBlock (IAM s3:GetAccountPublicAccessBlock):
	// the account is named by the x-amz-account-id header and must be the
	// caller's.
	s.Route("s3", http.MethodGet, "/v20180820/configuration/publicAccessBlock", "GetAccountPublicAccessBlock", func(r *Request) (any, error) {
		a, _ := r.Scope(s)
		if a == nil || r.Header.Get("X-Amz-Account-Id") != r.Account {
			return nil, AccessDenied(RESTXML)
		}
		p := a.Resources.S3AccountPublicAccessBlock
		switch {
		case p == nil:
			return nil, AccessDenied(RESTXML)
		case !p.Configured:
			return nil, NotFound("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
		}
		return XMLDoc{Root: "PublicAccessBlockConfiguration", XMLNS: s3ControlNS, Body: s3PublicAccessBlock(&p.S3PublicAccessBlock)}, nil
	})
}

func s3PublicAccessBlock(p *inventory.S3PublicAccessBlock) M {
	return M{"BlockPublicAcls": p.BlockPublicAcls, "IgnorePublicAcls": p.IgnorePublicAcls,
		"BlockPublicPolicy": p.BlockPublicPolicy, "RestrictPublicBuckets": p.RestrictPublicBuckets}
}

// s3Owner is the account's canonical user id, as its buckets' ACLs name it.
func s3Owner(buckets []*inventory.S3Bucket) string {
	for _, b := range buckets {
		if b.ACL != nil && b.ACL.Owner != "" {
			return b.ACL.Owner
		}
	}
	return ""
}

func s3Raw(body string) Raw {
	return Raw{Status: 200, Header: http.Header{"Content-Type": {"application/xml"}}, Body: []byte(body)}
}

// s3ACLDocument writes an AccessControlPolicy by hand: grantees carry
// their type in an xsi:type attribute, which the generic encoder cannot
// write.
func s3ACLDocument(acl *inventory.S3ACL) string {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<AccessControlPolicy xmlns="%s"><Owner><ID>%s</ID></Owner><AccessControlList>`, s3NS, xmlEscape(acl.Owner))
	for _, g := range acl.Grants {
		fmt.Fprintf(&b, `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="%s">`, xmlEscape(g.GranteeType))
		for _, f := range []struct{ name, value string }{{"ID", g.ID}, {"DisplayName", g.DisplayName}, {"EmailAddress", g.EmailAddress}, {"URI", g.URI}} {
			if f.value != "" {
				fmt.Fprintf(&b, "<%s>%s</%s>", f.name, xmlEscape(f.value), f.name)
			}
		}
		fmt.Fprintf(&b, "</Grantee><Permission>%s</Permission></Grant>", xmlEscape(g.Permission))
	}
	b.WriteString("</AccessControlList></AccessControlPolicy>")
	return b.String()
}
