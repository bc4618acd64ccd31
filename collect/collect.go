// Package collect holds what every live collector shares: the Service a
// collector describes, the Scope it fills (one account, and one region for
// regional services), and how a failed API call becomes a Gap instead of
// an empty list.
package collect

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/awssec/awssec/inventory"
)

// Service is the collector of one AWS service.
type Service struct {
	// Name is the service's short name ("ec2", "iam"), as checks use it.
	Name string
	// Global services are collected once per account, in the account's
	// home region (IAM, S3's bucket list, CloudFront, Organizations).
	Global bool
	// Types are the resource types (inventory JSON keys, AWS type names) the
	// collector fills. For the organizations service, the estate's
	// Organization is filled too.
	Types []string
	// Collect reads the service's resources in scope into the inventory. It
	// never fails: every call that fails becomes a Gap (Scope.Gap).
	Collect func(ctx context.Context, s *Scope)
	// Operations lists every API call Collect may make, as "service:Op" in
	// IAM action form ("ec2:DescribeInstances"). awssec's least-privilege
	// policy is built from these lists.
	Operations []string
}

// Scope is one (account, region) — or one account, for global services —
// that a collector fills.
type Scope struct {
	// Config has the account's credentials and the region set.
	Config aws.Config
	// Estate is the estate being built; only organization-level collectors
	// write to it, under Lock.
	Estate  *inventory.Estate
	Account *inventory.Account
	// Region is nil for global services.
	Region *inventory.Region

	mu *sync.Mutex // guards gaps and estate-level writes shared across tasks
}

// NewScope returns a scope. mu must be shared by every scope of the same
// account.
func NewScope(cfg aws.Config, e *inventory.Estate, a *inventory.Account, r *inventory.Region, mu *sync.Mutex) *Scope {
	return &Scope{Config: cfg, Estate: e, Account: a, Region: r, mu: mu}
}

// Lock and Unlock guard writes that several tasks share (the estate's
// organization, account-level fields written by regional collectors).
func (s *Scope) Lock()   { s.mu.Lock() }
func (s *Scope) Unlock() { s.mu.Unlock() }

// AccountID is the id of the scope's account.
func (s *Scope) AccountID() string { return s.Account.ID }

// RegionName is the scope's region (the config's region for global services).
func (s *Scope) RegionName() string {
	if s.Region != nil {
		return s.Region.Name
	}
	return s.Config.Region
}

// Meta is the metadata of a resource read with call ("ec2:DescribeInstances").
func (s *Scope) Meta(call, id, arn, name string) inventory.Meta {
	return inventory.Meta{ID: id, ARN: arn, Name: name, Source: inventory.Source{Kind: "aws", Call: call}}
}

// Gap records that resourceType could not be read in the scope because
// call failed with err. Global scopes record it on the account.
func (s *Scope) Gap(resourceType, call string, err error) {
	g := inventory.Gap{ResourceType: resourceType, Call: call}
	g.Code, g.Message = ErrorCode(err)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Region != nil {
		s.Region.Gaps = append(s.Region.Gaps, g)
	} else {
		s.Account.Gaps = append(s.Account.Gaps, g)
	}
}

// ErrorCode returns the AWS error code and message of err ("AccessDenied",
// "User ... is not authorized ..."); for other errors, a generic code and
// the error text.
func ErrorCode(err error) (code, message string) {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode(), ae.ErrorMessage()
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return "Canceled", err.Error()
	}
	return "RequestFailed", err.Error()
}

// IsCode reports whether err is an AWS error with one of the given codes.
func IsCode(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.ErrorCode() == c {
			return true
		}
	}
	return false
}

type expectedKey struct{}

// Expect returns a context for calls whose errors with the given codes are
// answers, not failures: a 404 NoSuchBucketPolicy, Security Hub's
// InvalidAccessException where it is not enabled. The call statistics do
// not count them as failed.
func Expect(ctx context.Context, codes ...string) context.Context {
	return context.WithValue(ctx, expectedKey{}, codes)
}

// Expected reports whether err has a code that ctx expects (see Expect).
func Expected(ctx context.Context, err error) bool {
	codes, _ := ctx.Value(expectedKey{}).([]string)
	return len(codes) > 0 && IsCode(err, codes...)
}
