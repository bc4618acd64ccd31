// Package secretsmanager collects Secrets Manager secrets
// (AWS::SecretsManager::Secret): their metadata, rotation settings and
// resource policy. It never reads a secret's value: GetSecretValue is
// neither called nor declared.
package secretsmanager

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const secretType = "AWS::SecretsManager::Secret"

// Service is the Secrets Manager collector.
var Service = collect.Service{
	Name:       "secretsmanager",
	Types:      []string{secretType},
	Collect:    collectSecrets,
	Operations: []string{"secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"},
}

func collectSecrets(ctx context.Context, s *collect.Scope) {
	client := secretsmanager.NewFromConfig(s.Config)
	var secrets []*inventory.Secret
	// ListSecrets carries everything DescribeSecret would (rotation rules,
	// dates, key, tags), so one call per page suffices.
	pages := secretsmanager.NewListSecretsPaginator(client, &secretsmanager.ListSecretsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.Gap(secretType, "secretsmanager:ListSecrets", err)
			return
		}
		for _, e := range page.SecretList {
			sec := convert(s, e)
			pol, err := client.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: e.ARN})
			if err != nil {
				sec.Unread = append(sec.Unread, "policy")
			} else {
				sec.Policy = aws.ToString(pol.ResourcePolicy)
			}
			secrets = append(secrets, sec)
		}
	}
	s.Region.Resources.Secrets = secrets
}

func convert(s *collect.Scope, e types.SecretListEntry) *inventory.Secret {
	arn := aws.ToString(e.ARN)
	sec := &inventory.Secret{
		Meta:        s.Meta("secretsmanager:ListSecrets", arn, arn, aws.ToString(e.Name)),
		Description: aws.ToString(e.Description),
		KMSKeyID:    aws.ToString(e.KmsKeyId),
		// ListSecrets leaves RotationEnabled out for a secret that was never
		// set to rotate: that is a read "off", not an unknown.
		RotationEnabled:   aws.Bool(aws.ToBool(e.RotationEnabled)),
		RotationLambdaARN: aws.ToString(e.RotationLambdaARN),
		CreatedDate:       aws.ToTime(e.CreatedDate),
		LastRotatedDate:   aws.ToTime(e.LastRotatedDate),
		LastChangedDate:   aws.ToTime(e.LastChangedDate),
		LastAccessedDate:  aws.ToTime(e.LastAccessedDate),
		NextRotationDate:  aws.ToTime(e.NextRotationDate),
		PrimaryRegion:     aws.ToString(e.PrimaryRegion),
	}
	if r := e.RotationRules; r != nil {
		sec.RotationSchedule = aws.ToString(r.ScheduleExpression)
		sec.RotationAfterDays = int(aws.ToInt64(r.AutomaticallyAfterDays))
		if sec.RotationAfterDays == 0 {
			sec.RotationAfterDays = rateDays(sec.RotationSchedule)
		}
	}
	if len(e.Tags) > 0 {
		sec.Tags = map[string]string{}
		for _, t := range e.Tags {
			sec.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return sec
}

// rateDays is the interval of a rate() schedule in whole days, rounded up
// ("rate(4 hours)" rotates at least daily: 1); 0 for cron() schedules,
// whose interval varies.
func rateDays(expr string) int {
	inner, ok := strings.CutPrefix(expr, "rate(")
	if !ok {
		return 0
	}
	n, unit, _ := strings.Cut(strings.TrimSuffix(inner, ")"), " ")
	v, err := strconv.Atoi(n)
	if err != nil || v <= 0 {
		return 0
	}
	switch strings.TrimSuffix(unit, "s") {
	case "day":
		return v
	case "hour":
		return (v + 23) / 24
	}
	return 0
}
