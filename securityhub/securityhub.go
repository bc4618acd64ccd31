// Package securityhub imports findings into AWS Security Hub: it maps them
// to ASFF (report/asff) under the caller's default product in each
// finding's own region (findings about global resources go to the client's
// region) and sends them with BatchImportFindings, 100 at a time, region by
// region, reporting every finding Security Hub refused and every batch that
// failed.
package securityhub

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	sh "github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report/asff"
)

// Result is what an import did.
type Result struct {
	Account string
	// Regions are the regions findings were sent to, in order (the
	// importer's own when there was nothing to send).
	Regions []string
	// Sent findings went to Security Hub; Imported of them were accepted.
	Sent, Imported int
	// OtherAccounts counts findings of accounts other than the caller's:
	// Security Hub accepts an account's findings for its default product
	// only from that account, so they were not sent.
	OtherAccounts int
	Batches       int
	// Failures lists each finding that was not imported and why.
	Failures []Failure
}

// Failure is one finding Security Hub did not import.
type Failure struct {
	ID, Code, Message string
}

// Summary is a one-line account of the import.
func (r *Result) Summary() string {
	batches := "batches"
	if r.Batches == 1 {
		batches = "batch"
	}
	s := fmt.Sprintf("Security Hub %s/%s: %d of %d findings imported in %d %s", r.Account, strings.Join(r.Regions, ","), r.Imported, r.Sent, r.Batches, batches)
	if n := len(r.Failures); n > 0 {
		s += fmt.Sprintf(", %d failed", n)
	}
	if r.OtherAccounts > 0 {
		s += fmt.Sprintf(", %d of other accounts not sent (import them with those accounts' credentials)", r.OtherAccounts)
	}
	return s
}

// Importer sends findings to one account's Security Hub.
type Importer struct {
	Account   string // the caller's account
	Partition string
	// Region receives the findings about global resources (IAM, S3
	// account settings, Organizations).
	Region string
	// Progress, when set, hears after each batch how many of the findings
	// to send have been sent.
	Progress func(sent, total int)

	cfg aws.Config
}

// New builds an importer from an AWS configuration: it asks STS who the
// caller is, since Security Hub takes an account's own findings only.
func New(ctx context.Context, cfg aws.Config) (*Importer, error) {
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("security hub import: who am I (sts:GetCallerIdentity): %w", err)
	}
	partition := "aws"
	if a, err := arn.Parse(aws.ToString(id.Arn)); err == nil {
		partition = a.Partition
	}
	return &Importer{Account: aws.ToString(id.Account), Partition: partition, Region: cfg.Region, cfg: cfg}, nil
}

// regionOf is the region a finding is imported into.
func (im *Importer) regionOf(f *finding.Finding) string {
	if f.Region == "" || f.Region == finding.Global {
		return im.Region
	}
	return f.Region
}

// Import sends the caller's account's findings; at is the scan's time. A
// batch that fails as a whole (after the SDK's retries) counts each of its
// findings as failed and the import goes on with the next batch. The error
// is non-nil only when the context ends.
func (im *Importer) Import(ctx context.Context, fs []finding.Finding, at time.Time) (*Result, error) {
	res := &Result{Account: im.Account}
	byRegion := map[string][]asff.Finding{}
	total := 0
	for i := range fs {
		if fs[i].Account != im.Account {
			res.OtherAccounts++
			continue
		}
		region := im.regionOf(&fs[i])
		byRegion[region] = append(byRegion[region], asff.FromFinding(&fs[i], at, asff.Options{Partition: im.Partition, Account: im.Account, Region: region}))
		total++
	}
	res.Regions = slices.Sorted(maps.Keys(byRegion))
	if len(res.Regions) == 0 {
		res.Regions = []string{im.Region}
	}
	for _, region := range res.Regions {
		client := sh.NewFromConfig(im.cfg, func(o *sh.Options) { o.Region = region })
		if err := im.send(ctx, client, byRegion[region], res, total); err != nil {
			return res, err
		}
	}
	return res, nil
}

// send imports one region's findings; the error is the context's.
func (im *Importer) send(ctx context.Context, client *sh.Client, out []asff.Finding, res *Result, total int) error {
	for _, batch := range asff.Batches(out) {
		res.Batches++
		res.Sent += len(batch)
		resp, err := client.BatchImportFindings(ctx, &sh.BatchImportFindingsInput{Findings: toSDK(batch)})
		if im.Progress != nil {
			im.Progress(res.Sent, total)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			code, msg := "RequestFailed", err.Error()
			var ae smithy.APIError
			if errors.As(err, &ae) {
				code, msg = ae.ErrorCode(), ae.ErrorMessage()
			}
			for _, f := range batch {
				res.Failures = append(res.Failures, Failure{ID: f.ID, Code: code, Message: msg})
			}
			continue
		}
		for _, e := range resp.FailedFindings {
			res.Failures = append(res.Failures, Failure{ID: aws.ToString(e.Id), Code: aws.ToString(e.ErrorCode), Message: aws.ToString(e.ErrorMessage)})
		}
		res.Imported += int(aws.ToInt32(resp.SuccessCount))
	}
	return nil
}

// FailureLines describes up to n failures, one a line, and how many more.
func (r *Result) FailureLines(n int) string {
	var b strings.Builder
	for i, f := range r.Failures {
		if i == n {
			fmt.Fprintf(&b, "... and %d more\n", len(r.Failures)-n)
			break
		}
		fmt.Fprintf(&b, "%s: %s: %s\n", f.ID, f.Code, f.Message)
	}
	return b.String()
}

func toSDK(fs []asff.Finding) []types.AwsSecurityFinding {
	out := make([]types.AwsSecurityFinding, len(fs))
	for i, f := range fs {
		a := types.AwsSecurityFinding{
			SchemaVersion: aws.String(f.SchemaVersion),
			Id:            aws.String(f.ID),
			ProductArn:    aws.String(f.ProductARN),
			GeneratorId:   aws.String(f.GeneratorID),
			AwsAccountId:  aws.String(f.AwsAccountID),
			Types:         f.Types,
			CreatedAt:     aws.String(f.CreatedAt),
			UpdatedAt:     aws.String(f.UpdatedAt),
			Severity:      &types.Severity{Label: types.SeverityLabel(f.Severity.Label), Original: aws.String(f.Severity.Original)},
			Title:         aws.String(f.Title),
			Description:   aws.String(f.Description),
			ProductName:   aws.String(f.ProductName),
			CompanyName:   aws.String(f.CompanyName),
			Region:        aws.String(f.Region),
			ProductFields: f.ProductFields,
			Workflow:      &types.Workflow{Status: types.WorkflowStatus(f.Workflow.Status)},
			RecordState:   types.RecordState(f.RecordState),
		}
		for _, r := range f.Resources {
			res := types.Resource{Type: aws.String(r.Type), Id: aws.String(r.ID), Partition: types.Partition(r.Partition)}
			if r.Region != "" {
				res.Region = aws.String(r.Region)
			}
			a.Resources = append(a.Resources, res)
		}
		if f.Remediation != nil {
			a.Remediation = &types.Remediation{Recommendation: &types.Recommendation{Text: aws.String(f.Remediation.Recommendation.Text)}}
		}
		if f.Compliance != nil {
			a.Compliance = &types.Compliance{Status: types.ComplianceStatus(f.Compliance.Status), RelatedRequirements: f.Compliance.RelatedRequirements}
		}
		if f.Note != nil {
			a.Note = &types.Note{Text: aws.String(f.Note.Text), UpdatedBy: aws.String(f.Note.UpdatedBy), UpdatedAt: aws.String(f.Note.UpdatedAt)}
		}
		out[i] = a
	}
	return out
}
