package event

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"net/url"

	"github.com/awssec/awssec/alert"
	"github.com/awssec/awssec/finding"
)

type keyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func tagMap(kvs []keyValue) map[string]string {
	if len(kvs) == 0 {
		return nil
	}
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}

// GuardDuty finding format:
// https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-summary.html
type gdFinding struct {
	AccountID   string   `json:"accountId"`
	Region      string   `json:"region"`
	ID          string   `json:"id"`
	Arn         string   `json:"arn"`
	Type        string   `json:"type"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Severity    *float64 `json:"severity"`
	CreatedAt   string   `json:"createdAt"`
	UpdatedAt   string   `json:"updatedAt"`
	Resource    struct {
		ResourceType    string `json:"resourceType"`
		InstanceDetails *struct {
			InstanceID string     `json:"instanceId"`
			Tags       []keyValue `json:"tags"`
		} `json:"instanceDetails"`
		AccessKeyDetails *struct {
			AccessKeyID string `json:"accessKeyId"`
			PrincipalID string `json:"principalId"`
			UserName    string `json:"userName"`
			UserType    string `json:"userType"`
		} `json:"accessKeyDetails"`
		S3BucketDetails []struct {
			Arn  string     `json:"arn"`
			Name string     `json:"name"`
			Tags []keyValue `json:"tags"`
		} `json:"s3BucketDetails"`
		EksClusterDetails *struct {
			Name string     `json:"name"`
			Arn  string     `json:"arn"`
			Tags []keyValue `json:"tags"`
		} `json:"eksClusterDetails"`
		LambdaDetails *struct {
			FunctionName string     `json:"functionName"`
			FunctionArn  string     `json:"functionArn"`
			Tags         []keyValue `json:"tags"`
		} `json:"lambdaDetails"`
		RdsDbInstanceDetails *struct {
			DBInstanceIdentifier string     `json:"dbInstanceIdentifier"`
			DBInstanceArn        string     `json:"dbInstanceArn"`
			Tags                 []keyValue `json:"tags"`
		} `json:"rdsDbInstanceDetails"`
	} `json:"resource"`
	Service struct {
		Archived       bool   `json:"archived"`
		Count          int    `json:"count"`
		EventFirstSeen string `json:"eventFirstSeen"`
		EventLastSeen  string `json:"eventLastSeen"`
		ResourceRole   string `json:"resourceRole"`
		Action         struct {
			ActionType string `json:"actionType"`
			// The remote address of the actions that have one: an API
			// call (instance credentials used from outside), a
			// connection, a Kubernetes API call.
			AwsAPICallAction *struct {
				RemoteIPDetails remoteIP `json:"remoteIpDetails"`
			} `json:"awsApiCallAction"`
			NetworkConnectionAction *struct {
				RemoteIPDetails remoteIP `json:"remoteIpDetails"`
			} `json:"networkConnectionAction"`
			KubernetesAPICallAction *struct {
				RemoteIPDetails remoteIP `json:"remoteIpDetails"`
			} `json:"kubernetesApiCallAction"`
		} `json:"action"`
	} `json:"service"`
}

type remoteIP struct {
	IPAddressV4 string `json:"ipAddressV4"`
	IPAddressV6 string `json:"ipAddressV6"`
}

// remoteAddress is the action's remote IP address, "" when it has none.
func (f *gdFinding) remoteAddress() string {
	act := &f.Service.Action
	var r *remoteIP
	switch {
	case act.AwsAPICallAction != nil:
		r = &act.AwsAPICallAction.RemoteIPDetails
	case act.NetworkConnectionAction != nil:
		r = &act.NetworkConnectionAction.RemoteIPDetails
	case act.KubernetesAPICallAction != nil:
		r = &act.KubernetesAPICallAction.RemoteIPDetails
	default:
		return ""
	}
	return or(r.IPAddressV4, r.IPAddressV6)
}

func guardDuty(a alert.Alert, env envelope) ([]alert.Alert, error) {
	var f gdFinding
	if err := json.Unmarshal(env.Detail, &f, opts); err != nil {
		return nil, err
	}
	if f.ID == "" {
		return nil, fmt.Errorf("detail/id: missing finding id")
	}
	a.ID, a.Type, a.Title, a.Description = f.ID, f.Type, f.Title, f.Description
	a.Key = "aws.guardduty/" + f.ID
	if f.AccountID != "" {
		a.Account = f.AccountID
	}
	if f.Region != "" {
		a.Region = f.Region
	}
	if f.Severity != nil {
		a.Score = *f.Severity
	}
	if f.Service.Count > 0 {
		a.Count = f.Service.Count
	}
	if t := parseTime(f.Service.EventFirstSeen); !t.IsZero() {
		a.FirstSeen = t
	}
	if t := parseTime(f.Service.EventLastSeen); !t.IsZero() {
		a.LastSeen = t
	}
	if f.Service.Archived {
		a.Status = alert.Resolved
		a.SetLabel("workflow", "ARCHIVED")
	}
	r := &f.Resource
	a.Resource.Type = r.ResourceType
	a.Resource.ARN = ""
	switch {
	case r.InstanceDetails != nil:
		a.Resource.ID = r.InstanceDetails.InstanceID
		a.Resource.Tags = tagMap(r.InstanceDetails.Tags)
		if a.Resource.ID != "" && a.Account != "" {
			a.Resource.ARN = fmt.Sprintf("arn:aws:ec2:%s:%s:instance/%s", a.Region, a.Account, a.Resource.ID)
		}
	case r.AccessKeyDetails != nil:
		a.Resource.ID = r.AccessKeyDetails.AccessKeyID
		a.SetLabel("user", r.AccessKeyDetails.UserName)
	case len(r.S3BucketDetails) > 0:
		a.Resource.ID = r.S3BucketDetails[0].Name
		a.Resource.ARN = r.S3BucketDetails[0].Arn
		a.Resource.Tags = tagMap(r.S3BucketDetails[0].Tags)
	case r.EksClusterDetails != nil:
		a.Resource.ID, a.Resource.ARN = r.EksClusterDetails.Name, r.EksClusterDetails.Arn
		a.Resource.Tags = tagMap(r.EksClusterDetails.Tags)
	case r.LambdaDetails != nil:
		a.Resource.ID, a.Resource.ARN = r.LambdaDetails.FunctionName, r.LambdaDetails.FunctionArn
		a.Resource.Tags = tagMap(r.LambdaDetails.Tags)
	case r.RdsDbInstanceDetails != nil:
		a.Resource.ID, a.Resource.ARN = r.RdsDbInstanceDetails.DBInstanceIdentifier, r.RdsDbInstanceDetails.DBInstanceArn
		a.Resource.Tags = tagMap(r.RdsDbInstanceDetails.Tags)
	}
	a.SetLabel("action", f.Service.Action.ActionType)
	a.SetLabel("resource_role", f.Service.ResourceRole)
	a.SetLabel("source_ip", f.remoteAddress())
	a.Link = console("guardduty", a.Region, "/findings?macros=current&fId="+esc(f.ID))
	return []alert.Alert{a}, nil
}

// ASFF: https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html
type asffFinding struct {
	ID              string   `json:"Id"`
	ProductArn      string   `json:"ProductArn"`
	ProductName     string   `json:"ProductName"`
	GeneratorID     string   `json:"GeneratorId"`
	AwsAccountID    string   `json:"AwsAccountId"`
	AwsAccountName  string   `json:"AwsAccountName"`
	Region          string   `json:"Region"`
	Types           []string `json:"Types"`
	FirstObservedAt string   `json:"FirstObservedAt"`
	LastObservedAt  string   `json:"LastObservedAt"`
	CreatedAt       string   `json:"CreatedAt"`
	UpdatedAt       string   `json:"UpdatedAt"`
	Severity        struct {
		Label      string   `json:"Label"`
		Normalized *float64 `json:"Normalized"`
	} `json:"Severity"`
	Title       string `json:"Title"`
	Description string `json:"Description"`
	Resources   []struct {
		Type   string            `json:"Type"`
		ID     string            `json:"Id"`
		Region string            `json:"Region"`
		Tags   map[string]string `json:"Tags"`
	} `json:"Resources"`
	Compliance struct {
		Status string `json:"Status"`
	} `json:"Compliance"`
	Workflow struct {
		Status string `json:"Status"`
	} `json:"Workflow"`
	WorkflowState string `json:"WorkflowState"`
	RecordState   string `json:"RecordState"`
}

// labelScores puts AWS's severity labels on the 0–10 scale.
var labelScores = map[string]float64{"INFORMATIONAL": 0, "LOW": 1, "MEDIUM": 4, "HIGH": 7, "CRITICAL": 9}

func securityHubASFF(base alert.Alert, env envelope) ([]alert.Alert, error) {
	var d struct {
		Findings []asffFinding `json:"findings"`
	}
	if err := json.Unmarshal(env.Detail, &d, opts); err != nil {
		return nil, err
	}
	if len(d.Findings) == 0 {
		return nil, fmt.Errorf("detail/findings: no findings")
	}
	out := make([]alert.Alert, 0, len(d.Findings))
	for i, f := range d.Findings {
		if f.ID == "" {
			return nil, fmt.Errorf("detail/findings/%d/Id: missing finding id", i)
		}
		a := base
		a.Labels = nil
		a.ID, a.Title, a.Description = f.ID, f.Title, f.Description
		a.Key = "aws.securityhub/" + f.ID
		a.Type = f.GeneratorID
		if len(f.Types) > 0 {
			a.Type = f.Types[0]
		}
		a.Account, a.AccountName = or(f.AwsAccountID, a.Account), f.AwsAccountName
		a.Region = or(f.Region, a.Region)
		switch {
		case f.Severity.Normalized != nil:
			a.Score = *f.Severity.Normalized / 10
		default:
			if s, ok := labelScores[f.Severity.Label]; ok {
				a.Score = s
			}
		}
		if t := parseTime(or(f.FirstObservedAt, f.CreatedAt)); !t.IsZero() {
			a.FirstSeen = t
		}
		if t := parseTime(or(f.LastObservedAt, f.UpdatedAt)); !t.IsZero() {
			a.LastSeen = t
		}
		if len(f.Resources) > 0 {
			r := f.Resources[0]
			a.Resource = alert.Resource{Type: r.Type, ID: r.ID, Tags: r.Tags}
			if strings.HasPrefix(r.ID, "arn:") {
				a.Resource.ARN = r.ID
			}
		}
		workflow := or(f.Workflow.Status, f.WorkflowState)
		// A finding someone resolved or suppressed, an archived record, or
		// a control that passes again closes the alert.
		if workflow == "RESOLVED" || workflow == "SUPPRESSED" || f.RecordState == "ARCHIVED" || f.Compliance.Status == "PASSED" {
			a.Status = alert.Resolved
		}
		a.SetLabel("workflow", workflow)
		a.SetLabel("record_state", f.RecordState)
		a.SetLabel("compliance", f.Compliance.Status)
		a.SetLabel("product", f.ProductName)
		a.SetLabel("generator", f.GeneratorID)
		a.Link = console("securityhub", a.Region, "/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A"+esc(esc(f.ID)))
		out = append(out, a)
	}
	return out, nil
}

// OCSF findings in Security Hub:
// https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-v2-cwe-event-formats.html
type ocsfFinding struct {
	FindingInfo struct {
		UID             string   `json:"uid"`
		Title           string   `json:"title"`
		Desc            string   `json:"desc"`
		Types           []string `json:"types"`
		FirstSeenTimeDT string   `json:"first_seen_time_dt"`
		LastSeenTimeDT  string   `json:"last_seen_time_dt"`
	} `json:"finding_info"`
	ClassName  string `json:"class_name"`
	Severity   string `json:"severity"`
	SeverityID int    `json:"severity_id"`
	Status     string `json:"status"`
	Count      int    `json:"count"`
	Cloud      struct {
		Account struct {
			UID  string `json:"uid"`
			Name string `json:"name"`
		} `json:"account"`
		Region string `json:"region"`
	} `json:"cloud"`
	Resources []struct {
		UID    string `json:"uid"`
		Type   string `json:"type"`
		Region string `json:"region"`
		Tags   []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"tags"`
	} `json:"resources"`
	Metadata struct {
		Product struct {
			Name string `json:"name"`
		} `json:"product"`
	} `json:"metadata"`
}

// ocsfScores maps OCSF severity_id (1 Informational … 6 Fatal) to 0–10;
// 0 Unknown and 99 Other have no score.
var ocsfScores = map[int]float64{1: 0, 2: 1, 3: 4, 4: 7, 5: 9, 6: 10}

func securityHubOCSF(base alert.Alert, env envelope) ([]alert.Alert, error) {
	var d struct {
		Findings []ocsfFinding `json:"findings"`
	}
	if err := json.Unmarshal(env.Detail, &d, opts); err != nil {
		return nil, err
	}
	if len(d.Findings) == 0 {
		return nil, fmt.Errorf("detail/findings: no findings")
	}
	var out []alert.Alert
	for i, f := range d.Findings {
		if f.FindingInfo.UID == "" {
			return nil, fmt.Errorf("detail/findings/%d/finding_info/uid: missing finding id", i)
		}
		a := base
		a.Labels = nil
		a.ID, a.Title, a.Description = f.FindingInfo.UID, f.FindingInfo.Title, f.FindingInfo.Desc
		a.Key = "aws.securityhub/" + a.ID
		a.Type = f.ClassName
		if len(f.FindingInfo.Types) > 0 {
			a.Type = f.FindingInfo.Types[0]
		}
		a.Account, a.AccountName = or(f.Cloud.Account.UID, a.Account), f.Cloud.Account.Name
		a.Region = or(f.Cloud.Region, a.Region)
		if s, ok := ocsfScores[f.SeverityID]; ok {
			a.Score = s
		}
		if f.Count > 0 {
			a.Count = f.Count
		}
		if t := parseTime(f.FindingInfo.FirstSeenTimeDT); !t.IsZero() {
			a.FirstSeen = t
		}
		if t := parseTime(f.FindingInfo.LastSeenTimeDT); !t.IsZero() {
			a.LastSeen = t
		}
		if len(f.Resources) > 0 {
			r := f.Resources[0]
			a.Resource = alert.Resource{Type: r.Type, ID: r.UID}
			if strings.HasPrefix(r.UID, "arn:") {
				a.Resource.ARN = r.UID
			}
			for _, t := range r.Tags {
				if a.Resource.Tags == nil {
					a.Resource.Tags = map[string]string{}
				}
				a.Resource.Tags[t.Name] = t.Value
			}
		}
		switch f.Status {
		case "Resolved", "Suppressed", "Archived":
			a.Status = alert.Resolved
		}
		a.SetLabel("workflow", f.Status)
		a.SetLabel("product", f.Metadata.Product.Name)
		a.Link = console("securityhub", a.Region, "/findings")
		out = append(out, a)
	}
	return out, nil
}

// Alarm state change events:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
type alarmDetail struct {
	AlarmName string `json:"alarmName"`
	State     struct {
		Value     string `json:"value"`
		Reason    string `json:"reason"`
		Timestamp string `json:"timestamp"`
	} `json:"state"`
	PreviousState struct {
		Value string `json:"value"`
	} `json:"previousState"`
	Configuration struct {
		Description string `json:"description"`
		Metrics     []struct {
			MetricStat struct {
				Metric struct {
					Namespace  string            `json:"namespace"`
					Name       string            `json:"name"`
					Dimensions map[string]string `json:"dimensions"`
				} `json:"metric"`
				Stat string `json:"stat"`
			} `json:"metricStat"`
		} `json:"metrics"`
	} `json:"configuration"`
	AlarmTags map[string]string `json:"alarmTags"`
}

// alarmScores: an alarm in ALARM is high; missing data is medium, OK
// resolves it.
var alarmScores = map[string]float64{"ALARM": 7, "INSUFFICIENT_DATA": 4, "OK": 0}

func cloudWatchAlarm(a alert.Alert, env envelope) ([]alert.Alert, error) {
	var d alarmDetail
	if err := json.Unmarshal(env.Detail, &d, opts); err != nil {
		return nil, err
	}
	if d.AlarmName == "" {
		return nil, fmt.Errorf("detail/alarmName: missing alarm name")
	}
	a.ID = d.AlarmName
	a.Key = fmt.Sprintf("aws.cloudwatch/%s/%s/%s", a.Account, a.Region, d.AlarmName)
	a.Type = "CloudWatch Alarm"
	a.Title = fmt.Sprintf("%s is %s", d.AlarmName, d.State.Value)
	a.Description = strings.TrimSpace(d.Configuration.Description + "\n" + d.State.Reason)
	if s, ok := alarmScores[d.State.Value]; ok {
		a.Score = s
	}
	if d.State.Value == "OK" {
		a.Status = alert.Resolved
	}
	if t := parseTime(d.State.Timestamp); !t.IsZero() {
		a.LastSeen = t
	}
	a.Resource = alert.Resource{Type: "AWS::CloudWatch::Alarm", ID: d.AlarmName, ARN: a.Resource.ARN, Tags: d.AlarmTags}
	a.SetLabel("alarm", d.AlarmName)
	a.SetLabel("state", d.State.Value)
	a.SetLabel("previous_state", d.PreviousState.Value)
	if len(d.Configuration.Metrics) > 0 {
		m := d.Configuration.Metrics[0].MetricStat.Metric
		a.SetLabel("namespace", m.Namespace)
		a.SetLabel("metric", m.Name)
		for k, v := range m.Dimensions {
			a.SetLabel("dimension."+k, v)
		}
	}
	a.Link = console("cloudwatch", a.Region, "alarmsV2:alarm/"+url.PathEscape(d.AlarmName))
	return []alert.Alert{a}, nil
}

// Config rule compliance change events:
// https://docs.aws.amazon.com/config/latest/developerguide/monitor-config-with-cloudwatchevents.html
type configDetail struct {
	ResourceID          string `json:"resourceId"`
	ResourceType        string `json:"resourceType"`
	AwsRegion           string `json:"awsRegion"`
	AwsAccountID        string `json:"awsAccountId"`
	ConfigRuleName      string `json:"configRuleName"`
	ConfigRuleARN       string `json:"configRuleARN"`
	NewEvaluationResult struct {
		ComplianceType     string `json:"complianceType"`
		Annotation         string `json:"annotation"`
		ResultRecordedTime string `json:"resultRecordedTime"`
	} `json:"newEvaluationResult"`
	OldEvaluationResult *struct {
		ComplianceType string `json:"complianceType"`
	} `json:"oldEvaluationResult"`
}

func configCompliance(a alert.Alert, env envelope) ([]alert.Alert, error) {
	var d configDetail
	if err := json.Unmarshal(env.Detail, &d, opts); err != nil {
		return nil, err
	}
	if d.ConfigRuleName == "" {
		return nil, fmt.Errorf("detail/configRuleName: missing rule name")
	}
	a.Account, a.Region = or(d.AwsAccountID, a.Account), or(d.AwsRegion, a.Region)
	a.ID = d.ConfigRuleName + "/" + d.ResourceType + "/" + d.ResourceID
	a.Key = fmt.Sprintf("aws.config/%s/%s/%s", a.Account, a.Region, a.ID)
	a.Type = d.ConfigRuleName
	ct := d.NewEvaluationResult.ComplianceType
	a.Title = fmt.Sprintf("%s %s is %s", d.ResourceType, d.ResourceID, ct)
	a.Description = d.NewEvaluationResult.Annotation
	switch ct {
	case "NON_COMPLIANT":
		// Config rules carry no severity: a rule the account chose to run
		// failing is treated as medium.
		a.Score = 4
	case "COMPLIANT", "NOT_APPLICABLE":
		a.Score = 0
		a.Status = alert.Resolved
	}
	a.Resource = alert.Resource{Type: d.ResourceType, ID: d.ResourceID}
	a.SetLabel("rule", d.ConfigRuleName)
	a.SetLabel("compliance", ct)
	if d.OldEvaluationResult != nil {
		a.SetLabel("previous_compliance", d.OldEvaluationResult.ComplianceType)
	}
	a.Link = console("config", a.Region, "/rules/details?configRuleName="+esc(d.ConfigRuleName))
	return []alert.Alert{a}, nil
}

// CloudTrail record fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
type trailDetail struct {
	EventSource  string `json:"eventSource"`
	EventName    string `json:"eventName"`
	EventTime    string `json:"eventTime"`
	EventID      string `json:"eventID"`
	AwsRegion    string `json:"awsRegion"`
	SourceIP     string `json:"sourceIPAddress"`
	ErrorCode    string `json:"errorCode"`
	UserIdentity struct {
		Type        string `json:"type"`
		Arn         string `json:"arn"`
		AccountID   string `json:"accountId"`
		UserName    string `json:"userName"`
		PrincipalID string `json:"principalId"`
	} `json:"userIdentity"`
	RequestParameters   jsontext.Value `json:"requestParameters"`
	ResponseElements    jsontext.Value `json:"responseElements"`
	AdditionalEventData jsontext.Value `json:"additionalEventData"`
	RecipientAccountID  string         `json:"recipientAccountId"`
}

// riskyCalls are API calls that blind or weaken detection: high by
// themselves. Other calls reach the router with no severity.
var riskyCalls = map[string]float64{
	"StopLogging": 8, "DeleteTrail": 8, "UpdateTrail": 7, "PutEventSelectors": 6,
	"DeleteDetector": 8, "DisassociateFromMasterAccount": 7, "DisassociateFromAdministratorAccount": 7,
	"UpdateDetector": 5, "CreateFilter": 5, "DeleteFlowLogs": 7,
	"StopConfigurationRecorder": 8, "DeleteConfigurationRecorder": 8, "DeleteDeliveryChannel": 7,
	"DisableSecurityHub": 8, "DeleteBucketPolicy": 5, "PutBucketPolicy": 5, "DeletePublicAccessBlock": 7,
	"CreateAccessKey": 5, "AttachUserPolicy": 5, "PutUserPolicy": 5, "CreateLoginProfile": 5,
	"ScheduleKeyDeletion": 7, "DisableKey": 6,
}

func cloudTrailCall(a alert.Alert, env envelope) ([]alert.Alert, error) {
	var d trailDetail
	if err := json.Unmarshal(env.Detail, &d, opts); err != nil {
		return nil, err
	}
	if d.EventName == "" {
		return nil, fmt.Errorf("detail/eventName: missing event name")
	}
	trailCommon(&a, &d, env)
	if s, ok := riskyCalls[d.EventName]; ok {
		a.Score = s
	}
	if d.UserIdentity.Type == "Root" {
		// Anything the root user does is worth a look.
		a.Score = max(nanZero(a.Score), 9)
	}
	if d.ErrorCode != "" && !isNaN(a.Score) {
		// A refused call did not happen; it is still worth knowing about.
		a.Score = min(a.Score, 4)
	}
	a.Title = fmt.Sprintf("%s called %s", principal(&d), d.EventName)
	if d.ErrorCode != "" {
		a.Title += " (" + d.ErrorCode + ")"
	}
	if name := stringField(d.RequestParameters, "name"); name != "" && a.Resource.ID == "" {
		a.Resource.ID = name
		if strings.HasPrefix(name, "arn:") {
			a.Resource.ARN = name
		}
	}
	return []alert.Alert{a}, nil
}

func consoleSignIn(a alert.Alert, env envelope) ([]alert.Alert, error) {
	var d trailDetail
	if err := json.Unmarshal(env.Detail, &d, opts); err != nil {
		return nil, err
	}
	if d.EventName == "" {
		d.EventName = "ConsoleLogin"
	}
	trailCommon(&a, &d, env)
	result := stringField(d.ResponseElements, "ConsoleLogin")
	mfa := stringField(d.AdditionalEventData, "MFAUsed")
	a.SetLabel("result", result)
	a.SetLabel("mfa", mfa)
	switch {
	case d.UserIdentity.Type == "Root" && result == "Success":
		a.Score = 9
	case d.UserIdentity.Type == "Root":
		a.Score = 7
	case result == "Success" && mfa == "No":
		a.Score = 5
	case result == "Failure":
		a.Score = 3
	default:
		a.Score = 0
	}
	what := "console sign-in"
	if result != "" {
		what += " " + strings.ToLower(result)
	}
	if mfa == "No" {
		what += " without MFA"
	}
	a.Title = fmt.Sprintf("%s %s from %s", principal(&d), what, d.SourceIP)
	return []alert.Alert{a}, nil
}

func trailCommon(a *alert.Alert, d *trailDetail, env envelope) {
	a.ID = d.EventID
	if a.ID == "" {
		a.ID = env.ID
	}
	a.Key = "cloudtrail/" + a.ID
	service, _, _ := strings.Cut(d.EventSource, ".")
	a.Type = service + ":" + d.EventName
	a.Account = or(d.RecipientAccountID, or(a.Account, d.UserIdentity.AccountID))
	a.Region = or(d.AwsRegion, a.Region)
	if t := parseTime(d.EventTime); !t.IsZero() {
		a.FirstSeen, a.LastSeen = t, t
	}
	a.SetLabel("event_name", d.EventName)
	a.SetLabel("event_source", d.EventSource)
	a.SetLabel("user", principal(d))
	a.SetLabel("user_type", d.UserIdentity.Type)
	a.SetLabel("source_ip", d.SourceIP)
	a.SetLabel("error_code", d.ErrorCode)
	a.Link = console("cloudtrailv2", a.Region, "/events/"+url.PathEscape(a.ID))
}

func principal(d *trailDetail) string {
	switch {
	case d.UserIdentity.Type == "Root":
		return "root"
	case d.UserIdentity.Arn != "":
		return d.UserIdentity.Arn
	case d.UserIdentity.UserName != "":
		return d.UserIdentity.UserName
	}
	return or(d.UserIdentity.PrincipalID, "unknown principal")
}

// Inspector finding events:
// https://docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.html
type inspectorDetail struct {
	AwsAccountID    string   `json:"awsAccountId"`
	FindingArn      string   `json:"findingArn"`
	Title           string   `json:"title"`
	Description     string   `json:"description"`
	Severity        string   `json:"severity"`
	InspectorScore  *float64 `json:"inspectorScore"`
	Status          string   `json:"status"`
	Type            string   `json:"type"`
	FirstObservedAt string   `json:"firstObservedAt"`
	LastObservedAt  string   `json:"lastObservedAt"`
	Resources       []struct {
		ID     string            `json:"id"`
		Type   string            `json:"type"`
		Region string            `json:"region"`
		Tags   map[string]string `json:"tags"`
	} `json:"resources"`
	PackageVulnerabilityDetails struct {
		VulnerabilityID string `json:"vulnerabilityId"`
	} `json:"packageVulnerabilityDetails"`
}

func inspector(a alert.Alert, env envelope) ([]alert.Alert, error) {
	var d inspectorDetail
	if err := json.Unmarshal(env.Detail, &d, opts); err != nil {
		return nil, err
	}
	if d.FindingArn == "" {
		return nil, fmt.Errorf("detail/findingArn: missing finding ARN")
	}
	a.ID, a.Title, a.Description, a.Type = d.FindingArn, d.Title, d.Description, d.Type
	a.Key = "aws.inspector2/" + d.FindingArn
	a.Account = or(d.AwsAccountID, a.Account)
	switch {
	case d.InspectorScore != nil:
		a.Score = *d.InspectorScore
	default:
		if s, ok := labelScores[d.Severity]; ok {
			a.Score = s
		}
	}
	if d.Status == "CLOSED" || d.Status == "SUPPRESSED" {
		a.Status = alert.Resolved
	}
	if t := parseTime(d.FirstObservedAt); !t.IsZero() {
		a.FirstSeen = t
	}
	if t := parseTime(d.LastObservedAt); !t.IsZero() {
		a.LastSeen = t
	}
	if len(d.Resources) > 0 {
		r := d.Resources[0]
		a.Resource = alert.Resource{Type: r.Type, ID: r.ID, Tags: r.Tags}
		if strings.HasPrefix(r.ID, "arn:") {
			a.Resource.ARN = r.ID
		}
		a.Region = or(r.Region, a.Region)
	}
	a.SetLabel("vulnerability", d.PackageVulnerabilityDetails.VulnerabilityID)
	a.SetLabel("workflow", d.Status)
	a.Link = console("inspector/v2", a.Region, "/findings/all?findingArn="+esc(d.FindingArn))
	return []alert.Alert{a}, nil
}

// fromAwssec reads one of awssec's own findings (the JSON report's
// finding objects). Only failures fire; a pass resolves.
func fromAwssec(raw []byte) ([]alert.Alert, error) {
	var f finding.Finding
	if err := json.Unmarshal(raw, &f, opts); err != nil {
		return nil, err
	}
	return []alert.Alert{FromFinding(f, raw)}, nil
}

// FromFinding turns an awssec finding into an alert.
func FromFinding(f finding.Finding, raw []byte) alert.Alert {
	a := alert.Alert{
		Source: "awssec", DetailType: "awssec Finding", Type: f.CheckID, Title: f.Message, Description: f.Title,
		Account: f.Account, Region: f.Region, Count: 1, Status: alert.Firing, Raw: raw,
		Resource: alert.Resource{Type: f.ResourceType, ID: f.ResourceID, ARN: f.ResourceARN},
	}
	if a.Title == "" {
		// Check titles describe the passing state; the message says what failed.
		a.Title = f.Title
	}
	a.ID = f.CheckID + "/" + f.Account + "/" + f.Region + "/" + f.ResourceID
	a.Key = "awssec/" + a.ID
	a.Score = map[finding.Severity]float64{finding.Critical: 9, finding.High: 7, finding.Medium: 4, finding.Low: 1, finding.Info: 0}[f.Severity]
	if f.Severity == 0 {
		a.Score = alert.Unknown
	}
	if f.Status == finding.Pass {
		a.Status = alert.Resolved
	}
	a.SetLabel("check", f.CheckID)
	a.SetLabel("service", f.Service)
	a.SetLabel("finding_status", string(f.Status))
	return a
}

func stringField(v jsontext.Value, name string) string {
	if len(v) == 0 || v.Kind() != '{' {
		return ""
	}
	var m map[string]any
	if json.Unmarshal(v, &m) != nil {
		return ""
	}
	switch x := m[name].(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func isNaN(f float64) bool { return f != f }

func nanZero(f float64) float64 {
	if isNaN(f) {
		return 0
	}
	return f
}
