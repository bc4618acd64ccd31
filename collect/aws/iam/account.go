package iam

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

// rootRow is the credential report's name for the root user.
const rootRow = "<root_account>"

// reportRow is one line of the credential report, by column name.
type reportRow map[string]string

// time returns a date column; "N/A", "no_information" and "not_supported"
// (no password, never used) are zero.
func (r reportRow) time(col string) time.Time {
	t, err := time.Parse(time.RFC3339, r[col])
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// reportWait bounds how long the collector waits for IAM to build the
// credential report, and reportPoll how often it asks.
var (
	reportWait = 2 * time.Minute
	reportPoll = 2 * time.Second
)

// generateReport asks IAM to build a fresh credential report (or to keep
// the one it built in the last four hours).
func generateReport(ctx context.Context, client *iam.Client) error {
	_, err := client.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	return err
}

// credentialReport waits until the report is complete and reads it, keyed
// by user name (root is rootRow).
func credentialReport(ctx context.Context, client *iam.Client, genErr error) (map[string]reportRow, error) {
	if genErr != nil {
		return nil, genErr
	}
	deadline := time.Now().Add(reportWait)
	for {
		out, err := client.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil {
			return nil, err
		}
		if out.State == types.ReportStateTypeComplete {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("credential report still %s after %s", out.State, reportWait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(reportPoll):
		}
	}
	out, err := client.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil {
		return nil, err
	}
	return parseReport(out.Content)
}

func parseReport(content []byte) (map[string]reportRow, error) {
	records, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("credential report: %w", err)
	}
	if len(records) == 0 {
		return nil, errors.New("credential report: empty")
	}
	header := records[0]
	rows := map[string]reportRow{}
	for _, rec := range records[1:] {
		row := reportRow{}
		for i, col := range header {
			if i < len(rec) {
				row[col] = rec[i]
			}
		}
		rows[row["user"]] = row
	}
	return rows, nil
}

// root reads the root user: GetAccountSummary says whether it has a
// password, MFA and access keys; ListVirtualMFADevices whether its MFA is a
// virtual device; the credential report when it was last used.
func root(ctx context.Context, s *collect.Scope, client *iam.Client, report map[string]reportRow, reportErr error) *inventory.IAMRoot {
	summary, err := client.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		s.Gap(rootType, "iam:GetAccountSummary", err)
		return nil
	}
	partition := s.Account.Partition
	if partition == "" {
		partition = "aws"
	}
	arn := "arn:" + partition + ":iam::" + s.AccountID() + ":root"
	r := &inventory.IAMRoot{Meta: s.Meta("iam:GetAccountSummary", s.AccountID(), arn, rootRow)}
	flag := func(key string) *bool {
		if v, ok := summary.SummaryMap[key]; ok {
			return aws.Bool(v > 0)
		}
		return nil
	}
	r.PasswordPresent, r.MFAEnabled, r.AccessKeysPresent = flag("AccountPasswordPresent"), flag("AccountMFAEnabled"), flag("AccountAccessKeysPresent")
	if r.MFAEnabled != nil {
		if !*r.MFAEnabled {
			r.HardwareMFA = aws.Bool(false)
		} else if virtual, err := rootVirtualMFA(ctx, client, arn); err == nil {
			r.HardwareMFA = aws.Bool(!virtual)
		}
	}
	if row, ok := report[rootRow]; ok && reportErr == nil {
		r.Activity = &inventory.RootActivity{
			PasswordLastUsed: row.time("password_last_used"),
			AccessKey1Active: row["access_key_1_active"] == "true",
			AccessKey2Active: row["access_key_2_active"] == "true",
		}
		k1, k2 := row.time("access_key_1_last_used_date"), row.time("access_key_2_last_used_date")
		r.Activity.AccessKeyLastUsed = k1
		if k2.After(k1) {
			r.Activity.AccessKeyLastUsed = k2
		}
	}
	return r
}

// rootVirtualMFA reports whether a virtual MFA device is assigned to root.
func rootVirtualMFA(ctx context.Context, client *iam.Client, rootARN string) (bool, error) {
	pages := iam.NewListVirtualMFADevicesPaginator(client, &iam.ListVirtualMFADevicesInput{AssignmentStatus: types.AssignmentStatusTypeAssigned})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return false, err
		}
		for _, d := range page.VirtualMFADevices {
			// Root's device is the one assigned to the root ARN; older
			// devices also carry root's fixed name.
			if d.User != nil && aws.ToString(d.User.Arn) == rootARN || strings.HasSuffix(aws.ToString(d.SerialNumber), ":mfa/root-account-mfa-device") {
				return true, nil
			}
		}
	}
	return false, nil
}

// passwordPolicy reads the account's password policy; NoSuchEntity means
// the account has none (IAM's defaults apply).
func passwordPolicy(ctx context.Context, s *collect.Scope, client *iam.Client) *inventory.IAMPasswordPolicy {
	const call = "iam:GetAccountPasswordPolicy"
	p := &inventory.IAMPasswordPolicy{Meta: s.Meta(call, s.AccountID(), "", "account-password-policy")}
	out, err := client.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if collect.IsCode(err, "NoSuchEntity") {
		return p
	}
	if err != nil {
		s.Gap(passwordPolicyType, call, err)
		return nil
	}
	pp := out.PasswordPolicy
	p.Present = true
	p.MinimumPasswordLength = int(aws.ToInt32(pp.MinimumPasswordLength))
	p.RequireSymbols, p.RequireNumbers = pp.RequireSymbols, pp.RequireNumbers
	p.RequireUppercaseCharacters, p.RequireLowercaseCharacters = pp.RequireUppercaseCharacters, pp.RequireLowercaseCharacters
	p.AllowUsersToChangePassword, p.ExpirePasswords = pp.AllowUsersToChangePassword, pp.ExpirePasswords
	p.MaxPasswordAge = int(aws.ToInt32(pp.MaxPasswordAge))
	p.PasswordReusePrevention = int(aws.ToInt32(pp.PasswordReusePrevention))
	p.HardExpiry = aws.ToBool(pp.HardExpiry)
	return p
}
