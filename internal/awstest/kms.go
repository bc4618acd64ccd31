package awstest

import "github.com/awssec/awssec/inventory"

// registerKMS serves the region's KMS keys (JSON 1.1, TrentService).
func registerKMS(s *Server) {
	keys := func(r *Request) []*inventory.KMSKey {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.KMSKeys
		}
		return nil
	}
	find := func(r *Request) (*inventory.KMSKey, error) {
		id := r.String("KeyId")
		for _, k := range keys(r) {
			if k.ID == id || k.ARN == id {
				return k, nil
			}
		}
		return nil, NotFound("NotFoundException", "Key '"+id+"' does not exist")
	}
	s.Handle("kms", "ListKeys", func(r *Request) (any, error) {
		page, next, err := Page(keys(r), r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		var entries []any
		for _, k := range page {
			entries = append(entries, M{"KeyId": k.ID, "KeyArn": k.ARN})
		}
		return M{"Keys": entries, "NextMarker": nilIfEmpty(next), "Truncated": next != ""}, nil
	})
	s.Handle("kms", "ListAliases", func(r *Request) (any, error) {
		var all []any
		for _, k := range keys(r) {
			for _, a := range k.Aliases {
				all = append(all, M{"AliasName": a, "TargetKeyId": k.ID})
			}
		}
		page, next, err := Page(all, r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"Aliases": page, "NextMarker": nilIfEmpty(next), "Truncated": next != ""}, nil
	})
	s.Handle("kms", "DescribeKey", func(r *Request) (any, error) {
		k, err := find(r)
		if err != nil {
			return nil, err
		}
		md := M{"KeyId": k.ID, "Arn": k.ARN, "KeyManager": k.KeyManager, "KeySpec": k.KeySpec, "KeyUsage": k.KeyUsage,
			"KeyState": k.KeyState, "Origin": k.Origin, "MultiRegion": k.MultiRegion, "CreationDate": k.CreationDate,
			"Description": k.Description, "AWSAccountId": r.Account, "Enabled": k.KeyState == "Enabled"}
		if !k.DeletionDate.IsZero() {
			md["DeletionDate"] = k.DeletionDate
		}
		if k.PendingDeletionWindowInDays > 0 {
			md["PendingDeletionWindowInDays"] = k.PendingDeletionWindowInDays
		}
		return M{"KeyMetadata": md}, nil
	})
	s.Handle("kms", "GetKeyRotationStatus", func(r *Request) (any, error) {
		k, err := find(r)
		if err != nil {
			return nil, err
		}
		if k.KeyRotationEnabled == nil {
			return nil, AccessDenied(JSON)
		}
		out := M{"KeyId": k.ARN, "KeyRotationEnabled": *k.KeyRotationEnabled}
		if k.RotationPeriodInDays != nil {
			out["RotationPeriodInDays"] = *k.RotationPeriodInDays
		}
		if !k.NextRotationDate.IsZero() {
			out["NextRotationDate"] = k.NextRotationDate
		}
		return out, nil
	})
	s.Handle("kms", "GetKeyPolicy", func(r *Request) (any, error) {
		k, err := find(r)
		if err != nil {
			return nil, err
		}
		if !k.Known("policy") {
			return nil, AccessDenied(JSON)
		}
		return M{"Policy": k.Policy, "PolicyName": "default"}, nil
	})
}
