package awstest

// SetQueryResults makes SelectAggregateResourceConfig on aggregator answer
// with results (configuration items as JSON text), paged.
func (s *Server) SetQueryResults(aggregator string, results []string) {
	s.Handle("config", "SelectAggregateResourceConfig", func(r *Request) (any, error) {
		if r.String("ConfigurationAggregatorName") != aggregator {
			return nil, &Error{Status: 400, Code: "NoSuchConfigurationAggregatorException",
				Message: "The configuration aggregator does not exist: " + r.String("ConfigurationAggregatorName")}
		}
		page, next, err := Page(results, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"Results": page, "NextToken": nilIfEmpty(next),
			"QueryInfo": M{"SelectFields": []any{M{"Name": "resourceId"}, M{"Name": "configuration"}}}}, nil
	})
}
