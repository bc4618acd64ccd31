package awstest

import "github.com/awssec/awssec/inventory"

// registerSecurityHub serves the region's Security Hub (REST-JSON,
// PascalCase members). A region without a hub answers
// InvalidAccessException, as Security Hub does for an account that is not
// subscribed; standards or an administrator the inventory did not read
// answer AccessDenied.
func registerSecurityHub(s *Server) {
	hub := func(r *Request) (*inventory.SecurityHub, error) {
		if _, reg := r.Scope(s); reg != nil && len(reg.Resources.SecurityHubs) > 0 {
			return reg.Resources.SecurityHubs[0], nil
		}
		return nil, &Error{Status: 401, Code: "InvalidAccessException",
			Message: "Account " + r.Account + " is not subscribed to AWS Security Hub"}
	}
	s.Route("securityhub", "GET", "/accounts", "DescribeHub", func(r *Request) (any, error) {
		h, err := hub(r)
		if err != nil {
			return nil, err
		}
		out := M{"HubArn": h.ARN, "AutoEnableControls": h.AutoEnableControls}
		if !h.SubscribedAt.IsZero() {
			out["SubscribedAt"] = h.SubscribedAt.UTC().Format("2006-01-02T15:04:05.000Z") // a string in this API
		}
		if h.ControlFindingGenerator != "" {
			out["ControlFindingGenerator"] = h.ControlFindingGenerator
		}
		return out, nil
	})
	s.Route("securityhub", "POST", "/standards/get", "GetEnabledStandards", func(r *Request) (any, error) {
		h, err := hub(r)
		if err != nil {
			return nil, err
		}
		if h.Standards == nil {
			return nil, AccessDenied(RESTJSON)
		}
		page, next, err := Page(h.Standards, r.String("NextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		subs := []any{}
		for _, st := range page {
			subs = append(subs, M{"StandardsArn": st.StandardsARN, "StandardsSubscriptionArn": st.StandardsSubscriptionARN,
				"StandardsStatus": st.Status, "StandardsInput": M{}, "StandardsControlsUpdatable": "READY_FOR_UPDATES"})
		}
		return M{"StandardsSubscriptions": subs, "NextToken": nilIfEmpty(next)}, nil
	})
	s.Route("securityhub", "GET", "/administrator", "GetAdministratorAccount", func(r *Request) (any, error) {
		h, err := hub(r)
		if err != nil {
			return nil, err
		}
		if h.Administrator == nil {
			return nil, AccessDenied(RESTJSON)
		}
		if h.Administrator.AccountID == "" {
			return M{}, nil
		}
		return M{"Administrator": M{"AccountId": h.Administrator.AccountID, "MemberStatus": h.Administrator.MemberStatus,
			"InvitationId": "awstest-invitation-" + h.Administrator.AccountID}}, nil
	})
}
