package awstest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/awssec/awssec/inventory"
)

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
	registerSecurityHubImport(s, hub)
	registerSecurityHubAutomation(s, hub)
}

// imports holds what each server's Security Hub accepted through
// BatchImportFindings, and the findings tests ask it to refuse.
var imports = struct {
	sync.Mutex
	accepted map[*Server][]M
	refuse   map[*Server]map[string]*Error // finding Id → error
}{accepted: map[*Server][]M{}, refuse: map[*Server]map[string]*Error{}}

// ImportedFindings returns the ASFF findings BatchImportFindings accepted,
// in order, as decoded JSON.
func (s *Server) ImportedFindings() []M {
	imports.Lock()
	defer imports.Unlock()
	return slices.Clone(imports.accepted[s])
}

// RefuseFinding makes BatchImportFindings report the finding with this Id
// among its FailedFindings, with the given code and message.
func (s *Server) RefuseFinding(id, code, message string) {
	imports.Lock()
	defer imports.Unlock()
	if imports.refuse[s] == nil {
		imports.refuse[s] = map[string]*Error{}
	}
	imports.refuse[s][id] = &Error{Code: code, Message: message}
}

// asffRequired are the top-level attributes the ASFF documentation requires
// in every imported finding.
var asffRequired = []string{"AwsAccountId", "CreatedAt", "Description", "GeneratorId", "Id", "ProductArn",
	"Resources", "SchemaVersion", "Severity", "Title", "Types", "UpdatedAt"}

// registerSecurityHubImport serves BatchImportFindings as Security Hub
// documents it: at most 100 findings a request (more is an
// InvalidInputException), each checked on its own: a finding without a
// required attribute fails with InvalidInput, one whose product ARN is not
// the caller's own default product in this region fails with
// AccessDeniedException; the rest are imported.
func registerSecurityHubImport(s *Server, hub func(*Request) (*inventory.SecurityHub, error)) {
	s.t.Cleanup(func() {
		imports.Lock()
		defer imports.Unlock()
		delete(imports.accepted, s)
		delete(imports.refuse, s)
	})
	s.Route("securityhub", "POST", "/findings/import", "BatchImportFindings", func(r *Request) (any, error) {
		if _, err := hub(r); err != nil {
			return nil, err
		}
		fs, _ := r.Params["Findings"].([]any)
		if len(fs) == 0 || len(fs) > 100 {
			return nil, &Error{Status: 400, Code: "InvalidInputException",
				Message: fmt.Sprintf("Findings must contain between 1 and 100 items, got %d", len(fs))}
		}
		product := "arn:aws:securityhub:" + r.Region + ":" + r.Account + ":product/" + r.Account + "/default"
		failed := []any{}
		imports.Lock()
		defer imports.Unlock()
		for _, raw := range fs {
			f, _ := raw.(map[string]any)
			id, _ := f["Id"].(string)
			fail := func(code, msg string) { failed = append(failed, M{"Id": id, "ErrorCode": code, "ErrorMessage": msg}) }
			if missing := slices.IndexFunc(asffRequired, func(k string) bool { v, ok := f[k]; return !ok || v == "" || v == nil }); missing >= 0 {
				fail("InvalidInput", "Finding does not adhere to Amazon Security Finding Format. data should have required property '"+asffRequired[missing]+"'")
				continue
			}
			if f["SchemaVersion"] != "2018-10-08" {
				fail("InvalidInput", "Finding does not adhere to Amazon Security Finding Format. data.SchemaVersion should be equal to one of the allowed values")
				continue
			}
			if f["ProductArn"] != product || f["AwsAccountId"] != r.Account {
				fail("AccessDeniedException", "User is not authorized to import findings for product "+fmt.Sprint(f["ProductArn"])+" in account "+fmt.Sprint(f["AwsAccountId"]))
				continue
			}
			if e := imports.refuse[s][id]; e != nil {
				fail(e.Code, e.Message)
				continue
			}
			imports.accepted[s] = append(imports.accepted[s], f)
		}
		return M{"FailedCount": len(failed), "SuccessCount": len(fs) - len(failed), "FailedFindings": failed}, nil
	})
}

// automationRules holds the CreateAutomationRule requests each server's
// Security Hub accepted.
var automationRules = struct {
	sync.Mutex
	byServer map[*Server][]M
}{byServer: map[*Server][]M{}}

// AutomationRules returns the automation rules CreateAutomationRule
// created, in order, as the decoded request bodies.
func (s *Server) AutomationRules() []M {
	automationRules.Lock()
	defer automationRules.Unlock()
	return slices.Clone(automationRules.byServer[s])
}

// registerSecurityHubAutomation serves CreateAutomationRule with the
// constraints its API reference documents: RuleName, RuleOrder (1–1000),
// Description, Criteria and Actions are required, a name is at most 256
// characters and a description at most 1024, and there is exactly one
// action.
func registerSecurityHubAutomation(s *Server, hub func(*Request) (*inventory.SecurityHub, error)) {
	s.t.Cleanup(func() {
		automationRules.Lock()
		defer automationRules.Unlock()
		delete(automationRules.byServer, s)
	})
	s.Route("securityhub", "POST", "/automationrules/create", "CreateAutomationRule", func(r *Request) (any, error) {
		if _, err := hub(r); err != nil {
			return nil, err
		}
		invalid := func(msg string) *Error { return &Error{Status: 400, Code: "InvalidInputException", Message: msg} }
		name, desc := r.String("RuleName"), r.String("Description")
		order, _ := strconv.Atoi(r.String("RuleOrder"))
		criteria, _ := r.Params["Criteria"].(map[string]any)
		actions, _ := r.Params["Actions"].([]any)
		switch {
		case name == "" || len(name) > 256:
			return nil, invalid("RuleName must be between 1 and 256 characters")
		case desc == "" || len(desc) > 1024:
			return nil, invalid("Description must be between 1 and 1024 characters")
		case order < 1 || order > 1000:
			return nil, invalid("RuleOrder must be between 1 and 1000")
		case len(criteria) == 0:
			return nil, invalid("Criteria is required")
		case len(actions) != 1:
			return nil, invalid("Actions must contain exactly 1 item")
		}
		automationRules.Lock()
		defer automationRules.Unlock()
		var body M
		if err := json.Unmarshal(r.Body, &body); err != nil {
			return nil, invalid(err.Error())
		}
		automationRules.byServer[s] = append(automationRules.byServer[s], body)
		n := len(automationRules.byServer[s])
		return M{"RuleArn": fmt.Sprintf("arn:aws:securityhub:%s:%s:automation-rule/awstest-%08d", r.Region, r.Account, n)}, nil
	})
}
