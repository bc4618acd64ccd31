package inventory

// OpenSearchDomain is an AWS::OpenSearchService::Domain.
type OpenSearchDomain struct {
	Meta `json:",inline"`
}

// Type returns "AWS::OpenSearchService::Domain".
func (*OpenSearchDomain) Type() string { return "AWS::OpenSearchService::Domain" }
