package awstest

import "github.com/awssec/awssec/inventory"

// registerECR serves the region's private repositories (JSON 1.1,
// AmazonEC2ContainerRegistry_V20150921).
func registerECR(s *Server) {
	repos := func(r *Request) []*inventory.ECRRepository {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.ECRRepositories
		}
		return nil
	}
	s.Handle("ecr", "DescribeRepositories", func(r *Request) (any, error) {
		page, next, err := Page(repos(r), r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		items := []any{}
		for _, repo := range page {
			m := M{"repositoryName": repo.Name, "repositoryArn": repo.ARN, "registryId": r.Account,
				"repositoryUri": repo.RepositoryURI, "imageTagMutability": repo.ImageTagMutability}
			if !repo.CreatedAt.IsZero() {
				m["createdAt"] = repo.CreatedAt
			}
			if repo.ScanOnPush != nil {
				m["imageScanningConfiguration"] = M{"scanOnPush": *repo.ScanOnPush}
			}
			if repo.EncryptionType != "" {
				enc := M{"encryptionType": repo.EncryptionType}
				if repo.KMSKey != "" {
					enc["kmsKey"] = repo.KMSKey
				}
				m["encryptionConfiguration"] = enc
			}
			items = append(items, m)
		}
		return M{"repositories": items, "nextToken": nilIfEmpty(next)}, nil
	})
	s.Handle("ecr", "GetRepositoryPolicy", func(r *Request) (any, error) {
		name := r.String("repositoryName")
		for _, repo := range repos(r) {
			if repo.Name != name {
				continue
			}
			if !repo.Known("policy") {
				return nil, AccessDenied(JSON)
			}
			if repo.Policy == "" {
				return nil, &Error{Status: 400, Code: "RepositoryPolicyNotFoundException",
					Message: "Repository policy does not exist for the repository with name '" + name + "' in the registry with id '" + r.Account + "'"}
			}
			return M{"registryId": r.Account, "repositoryName": name, "policyText": repo.Policy}, nil
		}
		return nil, &Error{Status: 400, Code: "RepositoryNotFoundException",
			Message: "The repository with name '" + name + "' does not exist in the registry with id '" + r.Account + "'"}
	})
	// The registry's scanning configuration is derived from its
	// repositories: ENHANCED with one continuous-scan rule naming the
	// repositories the estate says enhanced scanning covers, else BASIC
	// with no rules. A repository whose scan type was not read makes the
	// call fail.
	s.Handle("ecr", "GetRegistryScanningConfiguration", func(r *Request) (any, error) {
		var filters []any
		for _, repo := range repos(r) {
			switch repo.RegistryScanType {
			case "":
				return nil, AccessDenied(JSON)
			case "ENHANCED":
				filters = append(filters, M{"filter": repo.Name, "filterType": "WILDCARD"})
			}
		}
		conf := M{"scanType": "BASIC", "rules": []any{}}
		if filters != nil {
			conf = M{"scanType": "ENHANCED", "rules": []any{M{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": filters}}}
		}
		return M{"registryId": r.Account, "scanningConfiguration": conf}, nil
	})
}
