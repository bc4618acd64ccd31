package awstest

import (
	"slices"
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerSecretsManager serves the region's secrets' metadata (JSON 1.1,
// secretsmanager). There is no GetSecretValue: the double has no values to
// give. A secret whose policy is unread answers AccessDenied to
// GetResourcePolicy.
func registerSecretsManager(s *Server) {
	secrets := func(r *Request) []*inventory.Secret {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.Secrets
		}
		return nil
	}
	s.Handle("secretsmanager", "ListSecrets", func(r *Request) (any, error) {
		page, next, err := Page(secrets(r), r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, sec := range page {
			list = append(list, smEntry(sec))
		}
		return M{"SecretList": list, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("secretsmanager", "GetResourcePolicy", func(r *Request) (any, error) {
		id := r.String("SecretId")
		for _, sec := range secrets(r) {
			if sec.ARN != id && sec.Name != id {
				continue
			}
			if !sec.Known("policy") {
				return nil, AccessDenied(JSON)
			}
			return M{"ARN": sec.ARN, "Name": sec.Name, "ResourcePolicy": nilIfEmpty(sec.Policy)}, nil
		}
		return nil, &Error{Status: 400, Code: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret."}
	})
}

// smEntry is a secret as ListSecrets shows it (SecretListEntry).
func smEntry(sec *inventory.Secret) M {
	e := M{"ARN": sec.ARN, "Name": sec.Name, "Description": nilIfEmpty(sec.Description), "KmsKeyId": nilIfEmpty(sec.KMSKeyID),
		"RotationLambdaARN": nilIfEmpty(sec.RotationLambdaARN), "PrimaryRegion": nilIfEmpty(sec.PrimaryRegion)}
	if sec.RotationEnabled != nil {
		e["RotationEnabled"] = *sec.RotationEnabled
	}
	rules := M{}
	if sec.RotationAfterDays > 0 {
		rules["AutomaticallyAfterDays"] = sec.RotationAfterDays
	}
	if sec.RotationSchedule != "" {
		rules["ScheduleExpression"] = sec.RotationSchedule
	}
	if len(rules) > 0 {
		e["RotationRules"] = rules
	}
	e["CreatedDate"], e["LastRotatedDate"], e["LastChangedDate"] = smTime(sec.CreatedDate), smTime(sec.LastRotatedDate), smTime(sec.LastChangedDate)
	e["LastAccessedDate"], e["NextRotationDate"] = smTime(sec.LastAccessedDate), smTime(sec.NextRotationDate)
	if len(sec.Tags) > 0 {
		keys := make([]string, 0, len(sec.Tags))
		for k := range sec.Tags {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var tags []any
		for _, k := range keys {
			tags = append(tags, M{"Key": k, "Value": sec.Tags[k]})
		}
		e["Tags"] = tags
	}
	return e
}

// smTime leaves unset dates out of the response.
func smTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
