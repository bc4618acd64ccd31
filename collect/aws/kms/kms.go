// Package kms collects KMS keys (AWS::KMS::Key) with their rotation status,
// key policy and aliases.
package kms

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const keyType = "AWS::KMS::Key"

// Service is the KMS collector.
var Service = collect.Service{
	Name:    "kms",
	Types:   []string{keyType},
	Collect: collectKeys,
	Operations: []string{
		"kms:ListKeys", "kms:ListAliases", "kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy",
	},
}

func collectKeys(ctx context.Context, s *collect.Scope) {
	client := kms.NewFromConfig(s.Config)
	aliases, err := listAliases(ctx, client)
	if err != nil {
		s.Gap(keyType, "kms:ListAliases", err)
		return
	}
	var keys []*inventory.KMSKey
	pages := kms.NewListKeysPaginator(client, &kms.ListKeysInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(keyType, "kms:ListKeys", err)
			return
		}
		for _, entry := range page.Keys {
			k, err := describe(ctx, s, client, aws.ToString(entry.KeyId))
			if err != nil {
				s.Gap(keyType, "kms:DescribeKey", err)
				return
			}
			k.Aliases = aliases[k.ID]
			if len(k.Aliases) > 0 {
				k.Name = k.Aliases[0] // keys have no name of their own; people know them by alias
			}
			keys = append(keys, k)
		}
	}
	s.Region.Resources.KMSKeys = keys
}

// listAliases maps key ids to their alias names.
func listAliases(ctx context.Context, client *kms.Client) (map[string][]string, error) {
	out := map[string][]string{}
	pages := kms.NewListAliasesPaginator(client, &kms.ListAliasesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range page.Aliases {
			if id := aws.ToString(a.TargetKeyId); id != "" {
				out[id] = append(out[id], aws.ToString(a.AliasName))
			}
		}
	}
	return out, nil
}

// describe reads one key: its metadata, then rotation and policy. Rotation
// and policy failures leave those fields unknown rather than dropping the key.
func describe(ctx context.Context, s *collect.Scope, client *kms.Client, id string) (*inventory.KMSKey, error) {
	out, err := client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
	if err != nil {
		return nil, err
	}
	md := out.KeyMetadata
	k := &inventory.KMSKey{
		Meta:         s.Meta("kms:DescribeKey", aws.ToString(md.KeyId), aws.ToString(md.Arn), ""),
		KeyManager:   string(md.KeyManager),
		KeySpec:      string(md.KeySpec),
		KeyUsage:     string(md.KeyUsage),
		KeyState:     string(md.KeyState),
		DeletionDate: aws.ToTime(md.DeletionDate),
		Origin:       string(md.Origin),
		MultiRegion:  aws.ToBool(md.MultiRegion),
		CreationDate: aws.ToTime(md.CreationDate),
		Description:  aws.ToString(md.Description),
	}
	if md.PendingDeletionWindowInDays != nil {
		k.PendingDeletionWindowInDays = int(*md.PendingDeletionWindowInDays)
	}
	if rotates(k) {
		rot, err := client.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: md.KeyId})
		if err == nil {
			k.KeyRotationEnabled = aws.Bool(rot.KeyRotationEnabled)
			if rot.RotationPeriodInDays != nil {
				k.RotationPeriodInDays = aws.Int(int(*rot.RotationPeriodInDays))
			}
			k.NextRotationDate = aws.ToTime(rot.NextRotationDate)
		}
	}
	pol, err := client.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: md.KeyId, PolicyName: aws.String("default")})
	if err != nil {
		k.Unread = append(k.Unread, "policy")
	} else {
		k.Policy = aws.ToString(pol.Policy)
	}
	return k, nil
}

// rotates reports whether the key can have automatic rotation: symmetric
// encryption keys with KMS-made material (KMS refuses GetKeyRotationStatus
// for the others). A refusal leaves the rotation fields unknown.
func rotates(k *inventory.KMSKey) bool {
	return k.KeySpec == "SYMMETRIC_DEFAULT" && k.Origin == "AWS_KMS"
}
