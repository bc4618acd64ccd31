// Package asff maps findings to the AWS Security Finding Format (ASFF,
// schema 2018-10-08) that Security Hub imports, within the documented
// limits of each field, and writes them as the JSON body of
// BatchImportFindings requests.
package asff

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/report"
)

// SchemaVersion is the only ASFF schema version.
const SchemaVersion = "2018-10-08"

// BatchSize is the most findings one BatchImportFindings request takes.
const BatchSize = 100

// Documented maximum lengths and counts of ASFF fields.
const (
	maxID            = 512
	maxTitle         = 256
	maxDescription   = 1024
	maxRecommend     = 512
	maxRequirements  = 32
	maxProductFields = 50
	maxFieldValue    = 2048
)

// Finding is one ASFF finding: the required fields and those awssec fills.
type Finding struct {
	SchemaVersion string            `json:"SchemaVersion"`
	ID            string            `json:"Id"`
	ProductARN    string            `json:"ProductArn"`
	GeneratorID   string            `json:"GeneratorId"`
	AwsAccountID  string            `json:"AwsAccountId"`
	Types         []string          `json:"Types"`
	CreatedAt     string            `json:"CreatedAt"`
	UpdatedAt     string            `json:"UpdatedAt"`
	Severity      Severity          `json:"Severity"`
	Title         string            `json:"Title"`
	Description   string            `json:"Description"`
	ProductName   string            `json:"ProductName,omitempty"`
	CompanyName   string            `json:"CompanyName,omitempty"`
	Region        string            `json:"Region,omitempty"`
	Remediation   *Remediation      `json:"Remediation,omitempty"`
	ProductFields map[string]string `json:"ProductFields,omitempty"`
	Resources     []Resource        `json:"Resources"`
	Compliance    *Compliance       `json:"Compliance,omitempty"`
	Workflow      Workflow          `json:"Workflow"`
	RecordState   string            `json:"RecordState"`
	Note          *Note             `json:"Note,omitempty"`
}

// Severity carries the label Security Hub sorts by and awssec's own name.
type Severity struct {
	Label    string `json:"Label"`
	Original string `json:"Original,omitempty"`
}

// Remediation is the recommended fix.
type Remediation struct {
	Recommendation Recommendation `json:"Recommendation"`
}

// Recommendation is the fix's text.
type Recommendation struct {
	Text string `json:"Text"`
}

// Resource is the resource a finding is about.
type Resource struct {
	Type      string `json:"Type"`
	ID        string `json:"Id"`
	Partition string `json:"Partition,omitempty"`
	Region    string `json:"Region,omitempty"`
}

// Compliance is the result of the control.
type Compliance struct {
	Status              string   `json:"Status"`
	RelatedRequirements []string `json:"RelatedRequirements,omitempty"`
}

// Workflow is the finding's triage state: muted findings are suppressed.
type Workflow struct {
	Status string `json:"Status"`
}

// Note says why a finding is suppressed.
type Note struct {
	Text      string `json:"Text"`
	UpdatedBy string `json:"UpdatedBy"`
	UpdatedAt string `json:"UpdatedAt"`
}

// Options say where the findings are imported: the product's account and
// region make its ARN (the account's default product for custom findings).
// Zero values take each finding's own account and region.
type Options struct {
	Partition string
	Account   string
	Region    string
	// DefaultRegion is used for findings about global resources when no
	// Region is set.
	DefaultRegion string
}

// ProductARN is the default product ARN that receives an account's own
// findings in a region.
func ProductARN(partition, region, account string) string {
	return fmt.Sprintf("arn:%s:securityhub:%s:%s:product/%s/default", orElse(partition, "aws"), region, account, account)
}

// FromFinding maps one finding to ASFF; at is the scan's time.
func FromFinding(f *finding.Finding, at time.Time, o Options) Finding {
	region := o.Region
	if region == "" {
		region = f.Region
	}
	if region == "" || region == finding.Global {
		region = orElse(o.DefaultRegion, "us-east-1")
	}
	account := orElse(o.Account, f.Account)
	partition := orElse(o.Partition, partitionOf(f.ResourceARN))
	ts := at.UTC().Format("2006-01-02T15:04:05.000Z")
	out := Finding{
		SchemaVersion: SchemaVersion,
		ID:            ID(f),
		ProductARN:    ProductARN(partition, region, account),
		GeneratorID:   "awssec/" + f.CheckID,
		AwsAccountID:  f.Account,
		Types:         []string{"Software and Configuration Checks/AWS Security Best Practices"},
		CreatedAt:     ts,
		UpdatedAt:     ts,
		Severity:      Severity{Label: Label(f.Severity), Original: f.Severity.String()},
		Title:         truncate(orElse(f.Title, f.CheckID), maxTitle),
		Description:   truncate(orElse(f.Message, orElse(f.Title, f.CheckID)), maxDescription),
		ProductName:   "awssec",
		CompanyName:   "awssec",
		Region:        region,
		ProductFields: productFields(f),
		Resources:     []Resource{resource(f, partition)},
		Compliance:    &Compliance{Status: ComplianceStatus(f.Status), RelatedRequirements: requirements(f.Compliance)},
		Workflow:      Workflow{Status: "NEW"},
		RecordState:   "ACTIVE",
	}
	if len(f.Compliance) > 0 {
		out.Types = append(out.Types, "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark")
	}
	if f.Remediation != "" {
		out.Remediation = &Remediation{Recommendation: Recommendation{Text: truncate(f.Remediation, maxRecommend)}}
	}
	if f.Muted {
		out.Workflow.Status = "SUPPRESSED"
		out.Note = &Note{Text: truncate(orElse(f.MuteReason, "muted by the mutelist"), 512), UpdatedBy: "awssec mutelist", UpdatedAt: ts}
	}
	return out
}

// FromReport maps every finding of a report.
func FromReport(r *report.Report, o Options) []Finding {
	out := make([]Finding, len(r.Findings))
	for i := range r.Findings {
		out[i] = FromFinding(&r.Findings[i], r.GeneratedAt, o)
	}
	return out
}

// Write writes the report's findings as a JSON array of ASFF findings.
func Write(w io.Writer, r *report.Report) error {
	fs := FromReport(r, Options{})
	if err := json.MarshalWrite(w, fs, json.Deterministic(true), jsontext.EscapeForHTML(false), jsontext.AllowInvalidUTF8(true), jsontext.WithIndent("  ")); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// Batches splits findings into BatchImportFindings requests of at most
// BatchSize.
func Batches(fs []Finding) [][]Finding {
	var out [][]Finding
	for len(fs) > 0 {
		n := min(len(fs), BatchSize)
		out = append(out, fs[:n:n])
		fs = fs[n:]
	}
	return out
}

// ID is the finding's identity across scans, so that a later import
// updates the earlier finding instead of adding another.
func ID(f *finding.Finding) string {
	res := f.ResourceARN
	if res == "" {
		res = f.ResourceType + "/" + f.ResourceID
	}
	id := "awssec/" + f.Account + "/" + f.Region + "/" + f.CheckID + "/" + res
	if len(id) > maxID {
		sum := sha256.Sum256([]byte(id))
		id = "awssec/" + f.Account + "/" + f.Region + "/" + f.CheckID + "/sha256:" + hex.EncodeToString(sum[:])
	}
	return id
}

// Label maps a severity to ASFF's Severity.Label.
func Label(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "CRITICAL"
	case finding.High:
		return "HIGH"
	case finding.Medium:
		return "MEDIUM"
	case finding.Low:
		return "LOW"
	}
	return "INFORMATIONAL"
}

// ComplianceStatus maps a status to Compliance.Status: a result that could
// not be assessed is NOT_AVAILABLE, never PASSED.
func ComplianceStatus(s finding.Status) string {
	switch s {
	case finding.Pass:
		return "PASSED"
	case finding.Error:
		return "NOT_AVAILABLE"
	}
	return "FAILED"
}

// resourceTypes maps AWS resource types to ASFF's resource types. Types
// ASFF does not list become "Other", as the documentation asks; settings
// of a whole account are the account.
var resourceTypes = map[string]string{
	"AWS::S3::Bucket":                           "AwsS3Bucket",
	"AWS::S3::AccountPublicAccessBlock":         "AwsS3AccountPublicAccessBlock",
	"AWS::IAM::Role":                            "AwsIamRole",
	"AWS::IAM::User":                            "AwsIamUser",
	"AWS::IAM::Group":                           "AwsIamGroup",
	"AWS::IAM::Policy":                          "AwsIamPolicy",
	"AWS::IAM::Root":                            "AwsAccount",
	"AWS::IAM::PasswordPolicy":                  "AwsAccount",
	"AWS::Organizations::Account":               "AwsAccount",
	"AWS::EC2::EBSEncryptionByDefault":          "AwsAccount",
	"AWS::RDS::DBInstance":                      "AwsRdsDbInstance",
	"AWS::RDS::DBCluster":                       "AwsRdsDbCluster",
	"AWS::RDS::DBSnapshot":                      "AwsRdsDbSnapshot",
	"AWS::CloudTrail::Trail":                    "AwsCloudTrailTrail",
	"AWS::OpenSearchService::Domain":            "AwsOpenSearchServiceDomain",
	"AWS::EC2::SecurityGroup":                   "AwsEc2SecurityGroup",
	"AWS::EC2::Instance":                        "AwsEc2Instance",
	"AWS::EC2::Volume":                          "AwsEc2Volume",
	"AWS::EC2::Subnet":                          "AwsEc2Subnet",
	"AWS::EC2::VPC":                             "AwsEc2Vpc",
	"AWS::EC2::NetworkAcl":                      "AwsEc2NetworkAcl",
	"AWS::EC2::TransitGateway":                  "AwsEc2TransitGateway",
	"AWS::Lambda::Function":                     "AwsLambdaFunction",
	"AWS::KMS::Key":                             "AwsKmsKey",
	"AWS::GuardDuty::Detector":                  "AwsGuardDutyDetector",
	"AWS::CloudFront::Distribution":             "AwsCloudFrontDistribution",
	"AWS::SNS::Topic":                           "AwsSnsTopic",
	"AWS::SQS::Queue":                           "AwsSqsQueue",
	"AWS::ECR::Repository":                      "AwsEcrRepository",
	"AWS::Backup::BackupVault":                  "AwsBackupBackupVault",
	"AWS::Backup::BackupPlan":                   "AwsBackupBackupPlan",
	"AWS::ApiGateway::Stage":                    "AwsApiGatewayStage",
	"AWS::ApiGateway::RestApi":                  "AwsApiGatewayRestApi",
	"AWS::ApiGatewayV2::Api":                    "AwsApiGatewayV2Api",
	"AWS::ApiGatewayV2::Stage":                  "AwsApiGatewayV2Stage",
	"AWS::ElasticLoadBalancingV2::LoadBalancer": "AwsElbv2LoadBalancer",
	"AWS::SecretsManager::Secret":               "AwsSecretsManagerSecret",
}

// ResourceType is the ASFF resource type of an AWS resource type.
func ResourceType(awsType string) string {
	if t, ok := resourceTypes[awsType]; ok {
		return t
	}
	return "Other"
}

func resource(f *finding.Finding, partition string) Resource {
	r := Resource{Type: ResourceType(f.ResourceType), ID: orElse(f.ResourceARN, f.ResourceID), Partition: partition}
	if r.Type == "AwsAccount" {
		r.ID = "AWS::::Account:" + f.Account
	}
	if r.ID == "" {
		r.ID = orElse(f.Account, "unknown")
	}
	if f.Region != "" && f.Region != finding.Global {
		r.Region = f.Region
	}
	return r
}

// productFields carry what ASFF has no field for: the check, the service,
// the original resource type, and the evidence, within the documented
// limit of 50 fields.
func productFields(f *finding.Finding) map[string]string {
	pf := map[string]string{"awssec/CheckId": f.CheckID, "awssec/Status": string(f.Status)}
	if f.Service != "" {
		pf["awssec/Service"] = f.Service
	}
	if f.ResourceType != "" {
		pf["awssec/ResourceType"] = f.ResourceType
	}
	for i, e := range f.Evidence {
		if len(pf) >= maxProductFields {
			break
		}
		v := e.Field + "=" + e.Value
		if e.Source != "" {
			v += " (" + e.Source + ")"
		}
		pf[fmt.Sprintf("awssec/Evidence/%d", i+1)] = truncate(v, maxFieldValue)
	}
	return pf
}

// requirements lists compliance ids as "framework id", at most 32.
func requirements(c map[string][]string) []string {
	var out []string
	for _, fw := range slices.Sorted(maps.Keys(c)) {
		for _, id := range c[fw] {
			out = append(out, fw+" "+id)
		}
	}
	if len(out) > maxRequirements {
		out = out[:maxRequirements]
	}
	return out
}

func partitionOf(arn string) string {
	if p, ok := strings.CutPrefix(arn, "arn:"); ok {
		if i := strings.IndexByte(p, ':'); i > 0 {
			return p[:i]
		}
	}
	return "aws"
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
