package awstest

import "github.com/awssec/awssec/inventory"

// registerInspector serves Amazon Inspector's account status and delegated
// administrator (REST-JSON, inspector2). A region whose status the inventory
// did not read answers AccessDenied.
func registerInspector(s *Server) {
	status := func(r *Request) *inventory.InspectorStatus {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.Inspector
		}
		return nil
	}
	s.Route("inspector2", "POST", "/status/batch/get", "BatchGetAccountStatus", func(r *Request) (any, error) {
		st := status(r)
		if st == nil {
			return nil, AccessDenied(RESTJSON)
		}
		// Without accountIds, Inspector answers for the caller.
		ids := r.Strings("accountIds")
		if len(ids) == 0 {
			ids = []string{r.Account}
		}
		accounts, failed := []any{}, []any{}
		for _, id := range ids {
			if id != r.Account {
				// Only an administrator sees other accounts; the served estate
				// has no such relationships for Inspector.
				failed = append(failed, M{"accountId": id, "errorCode": "ACCESS_DENIED",
					"errorMessage": "Caller is not the delegated administrator of account " + id})
				continue
			}
			rs := M{}
			for key, v := range map[string]*string{"ec2": st.EC2, "ecr": st.ECR, "lambda": st.Lambda, "lambdaCode": st.LambdaCode} {
				if v != nil {
					rs[key] = M{"status": *v}
				}
			}
			accounts = append(accounts, M{"accountId": id, "state": M{"status": st.Status}, "resourceState": rs})
		}
		return M{"accounts": accounts, "failedAccounts": failed}, nil
	})
	s.Route("inspector2", "POST", "/delegatedadminaccounts/get", "GetDelegatedAdminAccount", func(r *Request) (any, error) {
		st := status(r)
		if st == nil {
			return nil, AccessDenied(RESTJSON)
		}
		if st.DelegatedAdmin == "" {
			return M{}, nil
		}
		return M{"delegatedAdmin": M{"accountId": st.DelegatedAdmin, "relationshipStatus": "ENABLED"}}, nil
	})
}
