package checks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func cloudwatchChecks() []*Check {
	return slices.Concat(cloudwatchAlarmChecks, []*Check{cloudwatchTrailLogRetention, cloudwatchTrailLogKMS})
}

const (
	logGroupType     = "AWS::Logs::LogGroup"
	metricFilterType = "AWS::Logs::MetricFilter"
	alarmType        = "AWS::CloudWatch::Alarm"
	snsTopicType     = "AWS::SNS::Topic"
)

// The CIS monitoring controls (CIS AWS Foundations Benchmark 3.0.0 and 5.0.0
// section 4 use the same numbers, 4.1 to 4.15). Each is decided by
// evaluating the metric filters of a CloudTrail log group against sample
// CloudTrail records of every event the control targets.
var (
	cloudwatchAlarmUnauthorizedAPICalls = alarmCheck(alarmSpec{
		slug: "unauthorized-api-calls", what: "unauthorized API calls", cis: "4.1", sev: finding.Medium, metric: "UnauthorizedAPICalls",
		risk: "Bursts of AccessDenied and UnauthorizedOperation errors are what an attacker with stolen, narrowly " +
			"scoped credentials produces while enumerating what the key may do, and what a broken deployment " +
			"produces after a policy change. Either deserves a look within minutes, not at the next audit.",
		pattern: `{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }`,
		events:  []cisEvent{unauthorizedEC2, unauthorizedIAM},
		seed:    []string{"malicious-activity"},
	})
	cloudwatchAlarmConsoleLoginNoMFA = alarmCheck(alarmSpec{
		slug: "console-login-no-mfa", what: "console sign-ins without MFA", cis: "4.2", sev: finding.Medium, metric: "ConsoleSigninWithoutMFA",
		risk: "A console sign-in with only a password is how a phished or reused password becomes an AWS " +
			"session. Alerting on every sign-in without MFA finds users who never enrolled a device and " +
			"sessions an attacker opened with a stolen password.",
		pattern: `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }`,
		events:  []cisEvent{consoleLoginNoMFA},
		seed:    []string{"mfa-policy"},
	})
	cloudwatchAlarmRootUsage = alarmCheck(alarmSpec{
		slug: "root-usage", what: "use of the root user", cis: "4.3", sev: finding.High, metric: "RootAccountUsage",
		risk: "The root user cannot be limited by IAM policies or permission boundaries (only by SCPs in member " +
			"accounts), and legitimate use is rare: a handful of billing and account tasks. Any root sign-in or " +
			"root API call is either a planned, announced task or an account takeover.",
		pattern: `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
		events:  []cisEvent{rootConsoleLogin, rootCreateAccessKey},
		seed:    []string{"incident-response", "malicious-activity"},
	})
	cloudwatchAlarmIAMPolicyChanges = alarmCheck(alarmSpec{
		slug: "iam-policy-changes", what: "IAM policy changes", cis: "4.4", sev: finding.Medium, metric: "IAMPolicyChanges",
		risk: "Attaching AdministratorAccess to a user, adding an inline policy to a role or publishing a new " +
			"policy version is how privileges escalate and how persistence is set up after a compromise.",
		pattern: `{ ($.eventSource = iam.amazonaws.com) && (($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy)) }`,
		events: apiCalls("iam.amazonaws.com", "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
			"PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
			"AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"),
		seed: []string{"lambda-iam"},
	})
	cloudwatchAlarmCloudTrailChanges = alarmCheck(alarmSpec{
		slug: "cloudtrail-changes", what: "CloudTrail configuration changes", cis: "4.5", sev: finding.High, metric: "CloudTrailConfigChanges",
		risk: "StopLogging, DeleteTrail and an UpdateTrail that drops regions or events are the first moves of " +
			"an intruder who wants to work unseen. The alarm is the last event the trail records before it " +
			"goes quiet.",
		pattern: `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`,
		events:  apiCalls("cloudtrail.amazonaws.com", "CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"),
		seed:    []string{"cloudtrail-integrity", "malicious-activity"},
	})
	cloudwatchAlarmConsoleAuthFailures = alarmCheck(alarmSpec{
		slug: "console-auth-failures", what: "console authentication failures", cis: "4.6", sev: finding.Low, metric: "ConsoleSigninFailures",
		risk: "Repeated failed console sign-ins are password guessing or credential stuffing against IAM users; " +
			"seeing them early gives time to lock the user and check whether one attempt succeeded.",
		pattern: `{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`,
		events:  []cisEvent{consoleLoginFailed},
		seed:    []string{"malicious-activity"},
	})
	cloudwatchAlarmCMKDisableDelete = alarmCheck(alarmSpec{
		slug: "cmk-disable-delete", what: "disabling or scheduled deletion of customer managed KMS keys", cis: "4.7", sev: finding.Medium, metric: "DisableOrDeleteCMK",
		risk: "Data encrypted under a KMS key is lost for good once the key is deleted: scheduling deletion is a " +
			"ransom and sabotage technique, and disabling a key stops every service that depends on it. The " +
			"7-to-30-day deletion window is only useful if someone is told.",
		pattern: `{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }`,
		events:  apiCalls("kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion"),
		seed:    []string{"kms-rotation", "incident-response"},
	})
	cloudwatchAlarmS3BucketPolicyChanges = alarmCheck(alarmSpec{
		slug: "s3-bucket-policy-changes", what: "S3 bucket policy and ACL changes", cis: "4.8", sev: finding.Medium, metric: "S3BucketPolicyChanges",
		risk: "A bucket policy or ACL change is how buckets become public or readable by an outside account, " +
			"and replication changes can copy every object elsewhere. These changes should be rare and reviewed.",
		pattern: `{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }`,
		events: apiCalls("s3.amazonaws.com", "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
			"DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"),
		seed: []string{"data-at-rest"},
	})
	cloudwatchAlarmConfigChanges = alarmCheck(alarmSpec{
		slug: "config-changes", what: "AWS Config configuration changes", cis: "4.9", sev: finding.Medium, metric: "AWSConfigChanges",
		risk: "Stopping the configuration recorder or deleting the delivery channel blinds compliance " +
			"monitoring and the configuration history an investigation relies on, exactly when a change is " +
			"being hidden.",
		pattern: `{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }`,
		events:  apiCalls("config.amazonaws.com", "StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"),
		seed:    []string{"compliance-best-practices"},
	})
	cloudwatchAlarmSecurityGroupChanges = alarmCheck(alarmSpec{
		slug: "security-group-changes", what: "security group changes", cis: "4.10", sev: finding.Medium, metric: "SecurityGroupChanges",
		risk: "One AuthorizeSecurityGroupIngress opening 3306 or 22 to 0.0.0.0/0 exposes a database or a host " +
			"to the internet; attackers also add their own address for access. Knowing within minutes limits " +
			"the exposure window.",
		pattern: `{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }`,
		events: apiCalls("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
			"RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"),
		seed: []string{"default-sg-ports"},
	})
	cloudwatchAlarmNACLChanges = alarmCheck(alarmSpec{
		slug: "nacl-changes", what: "network ACL changes", cis: "4.11", sev: finding.Low, metric: "NACLChanges",
		risk: "Network ACLs are the subnet-wide, stateless layer behind security groups; an allow-all entry or a " +
			"changed association silently removes a control that several teams rely on.",
		pattern: `{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }`,
		events: apiCalls("ec2.amazonaws.com", "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
			"ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"),
		seed: []string{"secure-configuration"},
	})
	cloudwatchAlarmNetworkGatewayChanges = alarmCheck(alarmSpec{
		slug: "network-gateway-changes", what: "network gateway changes", cis: "4.12", sev: finding.Low, metric: "NetworkGatewayChanges",
		risk: "Attaching an internet gateway to a private VPC or adding a customer gateway opens a path in or out " +
			"of the network that bypasses the designed egress and inspection points.",
		pattern: `{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }`,
		events: apiCalls("ec2.amazonaws.com", "CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway",
			"CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"),
		seed: []string{"tgw-security"},
	})
	cloudwatchAlarmRouteTableChanges = alarmCheck(alarmSpec{
		slug: "route-table-changes", what: "route table changes", cis: "4.13", sev: finding.Low, metric: "RouteTableChanges",
		risk: "A new route can send a private subnet's traffic to an internet gateway or an attacker-controlled " +
			"instance, or around a firewall; route changes should be planned and seen.",
		pattern: `{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }`,
		events: apiCalls("ec2.amazonaws.com", "CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation",
			"DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"),
		seed: []string{"tgw-security"},
	})
	cloudwatchAlarmVPCChanges = alarmCheck(alarmSpec{
		slug: "vpc-changes", what: "VPC changes", cis: "4.14", sev: finding.Low, metric: "VPCChanges",
		risk: "New VPCs, peering connections and VPC attribute changes create network paths between environments " +
			"(a dev VPC peered into prod) that no security review has seen.",
		pattern: `{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }`,
		events: apiCalls("ec2.amazonaws.com", "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection",
			"CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc",
			"DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"),
		seed: []string{"tgw-security"},
	})
	cloudwatchAlarmOrganizationsChanges = alarmCheck(alarmSpec{
		slug: "organizations-changes", what: "AWS Organizations changes", cis: "4.15", sev: finding.Medium, metric: "OrganizationsChanges",
		risk: "Changes in the management account reshape every account at once: detaching an SCP removes " +
			"guardrails everywhere, LeaveOrganization takes an account out of central logging and control, and " +
			"a new account or invitation can bring in infrastructure nobody watches.",
		pattern: `{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }`,
		events: apiCalls("organizations.amazonaws.com", "AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit",
			"CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy",
			"DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount",
			"RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit"),
		seed: []string{"org-guidelines"},
	})

	cloudwatchAlarmChecks = []*Check{
		cloudwatchAlarmUnauthorizedAPICalls, cloudwatchAlarmConsoleLoginNoMFA, cloudwatchAlarmRootUsage,
		cloudwatchAlarmIAMPolicyChanges, cloudwatchAlarmCloudTrailChanges, cloudwatchAlarmConsoleAuthFailures,
		cloudwatchAlarmCMKDisableDelete, cloudwatchAlarmS3BucketPolicyChanges, cloudwatchAlarmConfigChanges,
		cloudwatchAlarmSecurityGroupChanges, cloudwatchAlarmNACLChanges, cloudwatchAlarmNetworkGatewayChanges,
		cloudwatchAlarmRouteTableChanges, cloudwatchAlarmVPCChanges, cloudwatchAlarmOrganizationsChanges,
	}
)

// --- sample CloudTrail records ---

// cisEvent is a sample CloudTrail record of one event a CIS control targets.
type cisEvent struct {
	name string // "DeleteNetworkAclEntry", "ConsoleLogin without MFA"
	raw  []byte
	doc  any
}

// record builds a CloudTrail record: an IAM user's successful API call,
// changed by edit.
func record(name, source, eventName string, edit func(m map[string]any)) cisEvent {
	m := map[string]any{
		"eventVersion": "1.09",
		"userIdentity": map[string]any{
			"type": "IAMUser", "principalId": "AIDAEXAMPLEPRINCIPAL1", "arn": "arn:aws:iam::123456789012:user/alice",
			"accountId": "123456789012", "userName": "alice",
		},
		"eventTime": "2026-10-31T12:00:00Z", "eventSource": source, "eventName": eventName,
		"awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.23", "userAgent": "aws-cli/2.17.0",
		"requestParameters": map[string]any{}, "responseElements": nil,
		"requestID": "c0ffee00-0000-4000-8000-000000000001", "eventID": "c0ffee00-0000-4000-8000-000000000002",
		"readOnly": false, "eventType": "AwsApiCall", "managementEvent": true,
		"recipientAccountId": "123456789012", "eventCategory": "Management",
	}
	if edit != nil {
		edit(m)
	}
	raw, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		panic(err)
	}
	return cisEvent{name: name, raw: raw, doc: doc}
}

// apiCalls builds one successful call by an IAM user per event name.
func apiCalls(source string, names ...string) []cisEvent {
	out := make([]cisEvent, len(names))
	for i, n := range names {
		out[i] = record(n, source, n, nil)
	}
	return out
}

func consoleLogin(m map[string]any, result, mfa string) {
	m["eventType"] = "AwsConsoleSignIn"
	m["userAgent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"
	m["responseElements"] = map[string]any{"ConsoleLogin": result}
	m["additionalEventData"] = map[string]any{
		"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": mfa,
	}
}

var (
	unauthorizedEC2 = record("RunInstances denied (Client.UnauthorizedOperation)", "ec2.amazonaws.com", "RunInstances", func(m map[string]any) {
		m["errorCode"] = "Client.UnauthorizedOperation"
		m["errorMessage"] = "You are not authorized to perform this operation."
	})
	unauthorizedIAM = record("ListUsers denied (AccessDenied)", "iam.amazonaws.com", "ListUsers", func(m map[string]any) {
		m["errorCode"] = "AccessDenied"
		m["errorMessage"] = "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ListUsers"
		m["readOnly"] = true
	})
	consoleLoginNoMFA = record("ConsoleLogin without MFA", "signin.amazonaws.com", "ConsoleLogin", func(m map[string]any) {
		consoleLogin(m, "Success", "No")
	})
	consoleLoginFailed = record("ConsoleLogin with a wrong password", "signin.amazonaws.com", "ConsoleLogin", func(m map[string]any) {
		consoleLogin(m, "Failure", "No")
		m["errorMessage"] = "Failed authentication"
	})
	rootConsoleLogin = record("root ConsoleLogin", "signin.amazonaws.com", "ConsoleLogin", func(m map[string]any) {
		consoleLogin(m, "Success", "Yes")
		m["userIdentity"] = map[string]any{"type": "Root", "principalId": "123456789012", "arn": "arn:aws:iam::123456789012:root", "accountId": "123456789012"}
	})
	rootCreateAccessKey = record("root CreateAccessKey", "iam.amazonaws.com", "CreateAccessKey", func(m map[string]any) {
		m["userIdentity"] = map[string]any{"type": "Root", "principalId": "123456789012", "arn": "arn:aws:iam::123456789012:root", "accountId": "123456789012"}
	})
)

// eventNames lists up to limit event names, then how many more.
func eventNames(evs []cisEvent, limit int) string {
	var names []string
	for i, e := range evs {
		if i == limit {
			names = append(names, fmt.Sprintf("and %d more", len(evs)-limit))
			break
		}
		names = append(names, e.name)
	}
	return strings.Join(names, ", ")
}

// --- the checks ---

// alarmSpec describes one CIS monitoring control.
type alarmSpec struct {
	slug, what, cis, metric string
	sev                     finding.Severity
	risk                    string
	pattern                 string // the CIS filter pattern, for remediation
	events                  []cisEvent
	seed                    []string
}

// alarmSpecs maps each monitoring check's id to its control.
var alarmSpecs = map[string]*alarmSpec{}

func alarmCheck(s alarmSpec) *Check {
	names := make([]string, len(s.events))
	for i, e := range s.events {
		names[i] = e.name
	}
	p := s.pattern
	quoted := strings.ReplaceAll(p, `'`, `'\''`)
	spec := &s
	alarmSpecs["cloudwatch-alarm-"+s.slug] = spec
	return &Check{
		ID:           "cloudwatch-alarm-" + s.slug,
		Service:      "cloudwatch",
		Title:        "A CloudWatch alarm notifies a confirmed SNS subscriber of " + s.what,
		Severity:     s.sev,
		ResourceType: logGroupType,
		Needs:        []string{metricFilterType, alarmType, trailType, snsTopicType},
		Rationale: s.risk + " CloudTrail records these calls, but only a metric filter on the log group that a " +
			"multi-region, logging trail delivers to, a CloudWatch alarm on the filter's metric, and an SNS topic " +
			"someone has actually subscribed to turn them into a notification. awssec evaluates each filter " +
			"pattern against sample CloudTrail records of every event the control targets (" +
			strings.Join(names, ", ") + "), so a filter that misses one of them, an alarm with no action, or a " +
			"topic whose only subscription was never confirmed is reported.",
		Verify: "aws cloudtrail describe-trails --query 'trailList[?IsMultiRegionTrail].CloudWatchLogsLogGroupArn'\n" +
			"aws logs describe-metric-filters --log-group-name LOG_GROUP --query 'metricFilters[].[filterName,filterPattern,metricTransformations[0].metricName]'\n" +
			"aws cloudwatch describe-alarms-for-metric --namespace CISBenchmark --metric-name " + s.metric + "\n" +
			"aws sns list-subscriptions-by-topic --topic-arn TOPIC_ARN — at least one SubscriptionArn that is not PendingConfirmation.",
		Remediation: Remediation{
			Summary: "Add a metric filter for " + s.what + " to the CloudTrail log group, an alarm on its metric, and an SNS action whose subscription is confirmed.",
			Console: "CloudWatch > Log groups > select the CloudTrail log group > Metric filters > Create metric filter: paste the CIS " + s.cis +
				" pattern, namespace CISBenchmark, metric " + s.metric + ", value 1. Then select the filter > Create alarm: Sum >= 1 over 5 minutes, " +
				"notification to an SNS topic; confirm the subscription e-mail.",
			CLI: "aws logs put-metric-filter --log-group-name aws-cloudtrail-logs-org --filter-name " + s.metric + " \\\n" +
				"  --metric-transformations metricName=" + s.metric + ",metricNamespace=CISBenchmark,metricValue=1 \\\n" +
				"  --filter-pattern '" + quoted + "'\n" +
				"aws cloudwatch put-metric-alarm --alarm-name cis-" + s.slug + " --namespace CISBenchmark --metric-name " + s.metric +
				" --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold" +
				" --treat-missing-data notBreaching --alarm-actions arn:aws:sns:us-east-1:111122223333:security-alerts\n" +
				"aws sns subscribe --topic-arn arn:aws:sns:us-east-1:111122223333:security-alerts --protocol email --notification-endpoint security@example.com",
			Terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"" + strings.ReplaceAll(s.slug, "-", "_") + "\" {\n" +
				"  name           = \"" + s.metric + "\"\n  log_group_name = aws_cloudwatch_log_group.cloudtrail.name\n" +
				"  pattern        = " + strconv.Quote(p) + "\n\n  metric_transformation {\n    name      = \"" + s.metric + "\"\n" +
				"    namespace = \"CISBenchmark\"\n    value     = \"1\"\n  }\n}\n\n" +
				"resource \"aws_cloudwatch_metric_alarm\" \"" + strings.ReplaceAll(s.slug, "-", "_") + "\" {\n" +
				"  alarm_name          = \"cis-" + s.slug + "\"\n  namespace           = \"CISBenchmark\"\n  metric_name         = \"" + s.metric + "\"\n" +
				"  statistic           = \"Sum\"\n  period              = 300\n  evaluation_periods  = 1\n  threshold           = 1\n" +
				"  comparison_operator = \"GreaterThanOrEqualToThreshold\"\n  treat_missing_data  = \"notBreaching\"\n" +
				"  alarm_actions       = [aws_sns_topic.security_alerts.arn]\n}",
		},
		CIS:  map[string][]string{"3.0.0": {s.cis}, "5.0.0": {s.cis}},
		Seed: slices.Concat([]string{"metric-filters", "security-alerting", "cloudtrail-vs-cloudwatch"}, s.seed),
		Run:  func(c *Context) { runAlarmCheck(c, spec) },
	}
}

// trailLogGroup is a log group that a multi-region, logging trail
// recording all management events delivers to.
type trailLogGroup struct {
	a        *inventory.Account
	r        *inventory.Region
	lg       *inventory.LogGroup
	trails   []*inventory.Trail
	accounts []string // the accounts whose events reach it
	result   alarmResult
}

type alarmResult struct {
	status finding.Status
	msg    string
	ev     []finding.Evidence
}

func runAlarmCheck(c *Context, s *alarmSpec) {
	var groups []*trailLogGroup
	maybe := map[string]bool{} // accounts a trail of unknown settings may cover
	for a, r := range c.Regions() {
		for _, lg := range r.Resources.LogGroups {
			trails, unknown := feedingTrails(a, r, lg)
			switch {
			case len(trails) > 0:
				g := &trailLogGroup{a: a, r: r, lg: lg, trails: trails, accounts: coveredAccounts(c.Estate, a, trails)}
				g.result = evalAlarmChain(c.Estate, r, lg, s)
				groups = append(groups, g)
			case unknown != nil:
				for _, id := range coveredAccounts(c.Estate, a, []*inventory.Trail{unknown}) {
					maybe[id] = true
				}
				c.Unknown(At(a, r, lg), "a trail delivers to this log group but whether it is multi-region, logging and records all management events is unknown: "+unknown.DisplayName(),
					Ev(unknown, "Status", unknown.Status))
			}
		}
	}
	for _, g := range groups {
		loc := At(g.a, g.r, g.lg)
		res := g.result
		switch res.status {
		case finding.Pass:
			c.Pass(loc, res.msg, res.ev...)
		case finding.Error:
			c.Unknown(loc, res.msg, res.ev...)
		default:
			if other := alertingPeer(groups, g); other != nil {
				c.FailAt(finding.Low, loc, res.msg+fmt.Sprintf("; these events also reach log group %s (account %s), which does alert on them",
					other.lg.ID, other.a.ID), res.ev...)
			} else {
				c.Fail(loc, res.msg, res.ev...)
			}
		}
	}
	// Accounts whose events reach no such log group at all.
	covered := map[string]bool{}
	for _, g := range groups {
		for _, id := range g.accounts {
			covered[id] = true
		}
	}
	// Accounts whose trails or log groups could not be read, counted once:
	// with an organization, one of them may hide an organization trail.
	gapped := 0
	for _, o := range c.Estate.Accounts {
		if hasGap(o, logGroupType) || hasGap(o, trailType) {
			gapped++
		}
	}
	for _, a := range c.Estate.Accounts {
		if covered[a.ID] || maybe[a.ID] || hasGap(a, logGroupType) || hasGap(a, trailType) || hasGap(a, metricFilterType) ||
			hasGap(a, alarmType) || hasGap(a, snsTopicType) {
			continue
		}
		loc := AtScope(a, nil, logGroupType)
		if c.Estate.Organization != nil && gapped > 0 { // a itself is not gapped: it was skipped above
			c.Unknown(loc, "no trail is known to deliver this account's events to CloudWatch Logs, and another account's trails or log groups could not be read")
			continue
		}
		c.Fail(loc, "no multi-region, logging trail delivers this account's management events to CloudWatch Logs: nothing can alert on "+s.what)
	}
}

// feedingTrails returns the trails owned by a that deliver to lg and
// qualify (multi-region, logging, all management events). unknown is a
// trail that delivers to lg but could not be judged.
func feedingTrails(a *inventory.Account, r *inventory.Region, lg *inventory.LogGroup) (trails []*inventory.Trail, unknown *inventory.Trail) {
	for _, tr := range a.Regions {
		for _, t := range ownedTrails(a, tr) {
			arn := t.CloudWatchLogsLogGroupARN
			if arn == nil || *arn == "" || logGroupName(*arn) != lg.ID {
				continue
			}
			if reg := arnPart(*arn, 3); reg != "" && reg != r.Name {
				continue
			}
			if acct := arnPart(*arn, 4); acct != "" && acct != a.ID {
				continue
			}
			ok, known, _ := qualifies(t)
			switch {
			case ok:
				trails = append(trails, t)
			case !known:
				unknown = t
			}
		}
	}
	return trails, unknown
}

// coveredAccounts lists the accounts whose events the trails record.
func coveredAccounts(e *inventory.Estate, a *inventory.Account, trails []*inventory.Trail) []string {
	for _, t := range trails {
		if t.IsOrganizationTrail && e.Organization != nil {
			ids := make([]string, len(e.Accounts))
			for i, o := range e.Accounts {
				ids[i] = o.ID
			}
			return ids
		}
	}
	return []string{a.ID}
}

// alertingPeer returns another log group that passes and carries the
// events of every account g carries, if any.
func alertingPeer(groups []*trailLogGroup, g *trailLogGroup) *trailLogGroup {
	for _, o := range groups {
		if o == g || o.result.status != finding.Pass {
			continue
		}
		all := true
		for _, id := range g.accounts {
			all = all && slices.Contains(o.accounts, id)
		}
		if all {
			return o
		}
	}
	return nil
}

// evalAlarmChain decides one control on one CloudTrail log group: a filter
// that matches every target event, a metric it publishes, an alarm on
// that metric that would fire on one event and whose actions are on, and
// an SNS action whose topic has a confirmed subscription.
func evalAlarmChain(e *inventory.Estate, r *inventory.Region, lg *inventory.LogGroup, s *alarmSpec) alarmResult {
	var full []*inventory.MetricFilter
	var best *inventory.MetricFilter
	var bestMissing []string
	var unreadable []string
	for _, f := range r.Resources.MetricFilters {
		if f.LogGroupName != lg.ID {
			continue
		}
		p, err := ParseFilterPattern(f.FilterPattern)
		if err != nil {
			unreadable = append(unreadable, fmt.Sprintf("filter %s: %v", f.FilterName, err))
			continue
		}
		var missing []string
		for _, ev := range s.events {
			if !p.match(ev.raw, ev.doc) {
				missing = append(missing, ev.name)
			}
		}
		switch {
		case len(missing) == 0:
			full = append(full, f)
		case len(missing) < len(s.events) && (best == nil || len(missing) < len(bestMissing)):
			best, bestMissing = f, missing
		}
	}
	if len(full) == 0 {
		var msg string
		var ev []finding.Evidence
		if best != nil {
			msg = fmt.Sprintf("metric filter %s on log group %s does not match %s (%d of %d %s events)",
				best.FilterName, lg.ID, strings.Join(bestMissing, ", "), len(bestMissing), len(s.events), "CIS "+s.cis)
			ev = append(ev, Ev(best, "FilterPattern", best.FilterPattern))
		} else {
			msg = fmt.Sprintf("no metric filter on log group %s matches %s (CIS %s: %s)", lg.ID, s.what, s.cis, eventNames(s.events, 3))
		}
		if len(unreadable) > 0 {
			msg += "; unreadable: " + strings.Join(unreadable, "; ")
		}
		return alarmResult{status: finding.Fail, msg: msg, ev: ev}
	}

	// Prefer the most specific filters: those matching fewest sample events
	// of the other controls (a ConsoleLogin-without-MFA filter also matches
	// failed sign-ins, but a dedicated filter is the one to report).
	slices.SortStableFunc(full, func(x, y *inventory.MetricFilter) int { return breadth(x) - breadth(y) })

	// Follow each matching filter to its alarms; keep the furthest failure.
	var problems []string
	var unknowns []string
	for _, f := range full {
		watched := false
		for _, mt := range f.MetricTransformations {
			for _, al := range r.Resources.Alarms {
				if !alarmWatches(al, mt.MetricNamespace, mt.MetricName) {
					continue
				}
				watched = true
				st, detail := alarmNotifies(e, al, mt)
				switch st {
				case finding.Pass:
					return alarmResult{status: finding.Pass,
						msg: fmt.Sprintf("filter %s on log group %s matches every CIS %s event; alarm %s on %s/%s notifies %s",
							f.FilterName, lg.ID, s.cis, al.ID, mt.MetricNamespace, mt.MetricName, detail),
						ev: []finding.Evidence{Ev(f, "FilterPattern", f.FilterPattern), Ev(al, "AlarmActions", al.AlarmActions)}}
				case finding.Error:
					unknowns = append(unknowns, detail)
				default:
					problems = append(problems, detail)
				}
			}
		}
		if !watched {
			names := make([]string, len(f.MetricTransformations))
			for i, mt := range f.MetricTransformations {
				names[i] = mt.MetricNamespace + "/" + mt.MetricName
			}
			problems = append(problems, fmt.Sprintf("filter %s publishes %s but no alarm watches it", f.FilterName, orNone(strings.Join(names, ", "))))
		}
	}
	ev := []finding.Evidence{Ev(full[0], "FilterPattern", full[0].FilterPattern)}
	if len(unknowns) > 0 {
		return alarmResult{status: finding.Error, msg: "filter matches every CIS " + s.cis + " event but whether its alarm reaches anyone is unknown: " +
			strings.Join(unknowns, "; "), ev: ev}
	}
	return alarmResult{status: finding.Fail, msg: fmt.Sprintf("log group %s has a metric filter for %s but nobody is notified: %s",
		lg.ID, s.what, strings.Join(problems, "; ")), ev: ev}
}

// breadth counts the sample events of every control that a filter's
// pattern matches.
func breadth(f *inventory.MetricFilter) int {
	p, err := ParseFilterPattern(f.FilterPattern)
	if err != nil {
		return 0
	}
	n := 0
	for _, spec := range alarmSpecs {
		for _, ev := range spec.events {
			if p.match(ev.raw, ev.doc) {
				n++
			}
		}
	}
	return n
}

// alarmWatches reports whether an alarm reads the metric ns/name, directly
// or in a metric math query.
func alarmWatches(al *inventory.Alarm, ns, name string) bool {
	if al.Namespace == ns && al.MetricName == name {
		return true
	}
	for _, q := range al.Metrics {
		if q.MetricStat != nil && q.MetricStat.Namespace == ns && q.MetricStat.MetricName == name {
			return true
		}
	}
	return false
}

// alarmNotifies follows an alarm to a confirmed SNS subscriber. It returns
// Pass with what it found, Fail with what is wrong, or Error with what is
// unknown.
func alarmNotifies(e *inventory.Estate, al *inventory.Alarm, mt inventory.MetricTransformation) (finding.Status, string) {
	if !al.ActionsEnabled {
		return finding.Fail, "alarm " + al.ID + " has its actions disabled"
	}
	if al.Namespace != "" && !firesOnOneEvent(al, mt) {
		return finding.Fail, fmt.Sprintf("alarm %s fires only when %s %s %s: a single event does not trigger it",
			al.ID, orNone(al.Statistic), comparisonSymbol(al.ComparisonOperator), strconv.FormatFloat(al.Threshold, 'f', -1, 64))
	}
	var topics []string
	for _, act := range al.AlarmActions {
		if strings.HasPrefix(act, "arn:aws:sns:") || strings.HasPrefix(act, "arn:aws-") && strings.Contains(act, ":sns:") {
			topics = append(topics, act)
		}
	}
	if len(topics) == 0 {
		return finding.Fail, "alarm " + al.ID + " has no SNS action with a confirmed subscriber (alarm actions: " + orNone(strings.Join(al.AlarmActions, ", ")) + ")"
	}
	var problems, unknowns []string
	for _, arn := range topics {
		t, known := findTopic(e, arn)
		switch {
		case t == nil && !known:
			unknowns = append(unknowns, "topic "+arn+" of alarm "+al.ID+" is not in the scanned estate")
		case t == nil:
			problems = append(problems, "alarm "+al.ID+" notifies topic "+arn+", which does not exist")
		case t.Subscriptions == nil:
			unknowns = append(unknowns, "subscriptions of topic "+arn+" were not read")
		default:
			confirmed, pending := 0, 0
			var protos []string
			for _, sub := range t.Subscriptions {
				if sub.Pending || sub.ARN == "PendingConfirmation" {
					pending++
					continue
				}
				confirmed++
				if !slices.Contains(protos, sub.Protocol) {
					protos = append(protos, sub.Protocol)
				}
			}
			if confirmed > 0 {
				return finding.Pass, fmt.Sprintf("topic %s (%d confirmed %s subscription%s)", t.DisplayName(), confirmed, strings.Join(protos, "/"), plural(confirmed))
			}
			problems = append(problems, fmt.Sprintf("alarm %s notifies topic %s, which has no confirmed subscription (%d pending)", al.ID, t.DisplayName(), pending))
		}
	}
	if len(unknowns) > 0 {
		return finding.Error, strings.Join(unknowns, "; ")
	}
	return finding.Fail, strings.Join(problems, "; ")
}

// findTopic looks an SNS topic up by ARN. known is false when the topic's
// account and region are not in the estate, or its topics were not read.
func findTopic(e *inventory.Estate, arn string) (t *inventory.SNSTopic, known bool) {
	a := e.Account(arnPart(arn, 4))
	if a == nil {
		return nil, false
	}
	r := a.Region(arnPart(arn, 3))
	if r == nil {
		return nil, false
	}
	if _, gap := inventory.GapFor(r.Gaps, snsTopicType); gap {
		return nil, false
	}
	for _, t := range r.Resources.SNSTopics {
		if t.ARN == arn {
			return t, true
		}
	}
	return nil, true
}

// firesOnOneEvent reports whether one matching event (one datapoint of the
// filter's metric value) breaches the alarm's threshold.
func firesOnOneEvent(al *inventory.Alarm, mt inventory.MetricTransformation) bool {
	v := 1.0
	if f, err := strconv.ParseFloat(mt.MetricValue, 64); err == nil && f > 0 {
		v = f
	}
	switch al.ComparisonOperator {
	case "GreaterThanOrEqualToThreshold":
		return v >= al.Threshold
	case "GreaterThanThreshold":
		return v > al.Threshold
	default:
		return false
	}
}

func comparisonSymbol(op string) string {
	switch op {
	case "GreaterThanOrEqualToThreshold":
		return ">="
	case "GreaterThanThreshold":
		return ">"
	case "LessThanThreshold":
		return "<"
	case "LessThanOrEqualToThreshold":
		return "<="
	}
	return op
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// --- CloudTrail log group storage ---

// trailLogGroupNames is a log group and the names of the trails (owned by its
// account) that deliver to it.
type trailLogGroupNames struct {
	lg     *inventory.LogGroup
	trails []string
}

// trailLogGroups returns the log groups in r that a trail owned by a
// delivers to, multi-region or not.
func trailLogGroups(a *inventory.Account, r *inventory.Region) []trailLogGroupNames {
	var out []trailLogGroupNames
	for _, lg := range r.Resources.LogGroups {
		var names []string
		for _, tr := range a.Regions {
			for _, t := range ownedTrails(a, tr) {
				if arn := t.CloudWatchLogsLogGroupARN; arn != nil && *arn != "" && logGroupName(*arn) == lg.ID &&
					(arnPart(*arn, 3) == "" || arnPart(*arn, 3) == r.Name) {
					names = append(names, t.DisplayName())
				}
			}
		}
		if len(names) > 0 {
			out = append(out, trailLogGroupNames{lg, names})
		}
	}
	return out
}

// minTrailRetention is the shortest retention, in days, that keeps a year
// of CloudTrail events searchable in CloudWatch Logs.
const minTrailRetention = 365

var cloudwatchTrailLogRetention = &Check{
	ID:           "cloudwatch-trail-log-retention",
	Service:      "cloudwatch",
	Title:        "Log groups that receive CloudTrail events keep them for at least a year",
	Severity:     finding.Low,
	ResourceType: logGroupType,
	Needs:        []string{trailType},
	Rationale: "Intrusions are found late: the median dwell time is weeks and many are found months after the " +
		"first access. CloudWatch Logs is where the security team queries CloudTrail events quickly (Logs " +
		"Insights) and where metric filters read them; a log group kept 14 or 30 days has already lost the " +
		"start of most incidents. PCI DSS asks for a year of audit history with three months immediately " +
		"available.",
	Verify: "aws logs describe-log-groups --log-group-name-prefix aws-cloudtrail --query 'logGroups[].[logGroupName,retentionInDays]' " +
		"— retentionInDays absent (never expire) or at least 365.",
	Remediation: Remediation{
		Summary: "Set the CloudTrail log group's retention to 365 days or more (and keep the S3 copy for longer).",
		Console: "CloudWatch > Log groups > select the log group > Actions > Edit retention setting(s) > 1 year (or more) > Save.",
		CLI:     "aws logs put-retention-policy --log-group-name aws-cloudtrail-logs-legacy-prod --retention-in-days 400",
		Terraform: "resource \"aws_cloudwatch_log_group\" \"cloudtrail\" {\n  name              = \"aws-cloudtrail-logs-org\"\n" +
			"  retention_in_days = 400\n  kms_key_id        = aws_kms_key.logs.arn\n}",
	},
	Seed: []string{"log-storage-monitoring", "incident-response", "regulatory-compliance"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, g := range trailLogGroups(a, r) {
				loc := At(a, r, g.lg)
				d := g.lg.RetentionInDays
				switch {
				case d == nil:
					c.Unknown(loc, "retention of the log group was not read", Ev(g.lg, "retentionInDays", d))
				case *d == 0:
					c.Pass(loc, "events from trail "+strings.Join(g.trails, ", ")+" never expire", Ev(g.lg, "retentionInDays", "never expire"))
				case *d >= minTrailRetention:
					c.Pass(loc, fmt.Sprintf("events from trail %s are kept %d days", strings.Join(g.trails, ", "), *d), Ev(g.lg, "retentionInDays", d))
				default:
					c.Fail(loc, fmt.Sprintf("events from trail %s are deleted after %d days (less than %d)", strings.Join(g.trails, ", "), *d, minTrailRetention),
						Ev(g.lg, "retentionInDays", d))
				}
			}
		}
	},
}

var cloudwatchTrailLogKMS = &Check{
	ID:           "cloudwatch-trail-log-kms",
	Service:      "cloudwatch",
	Title:        "Log groups that receive CloudTrail events are encrypted with a customer managed KMS key",
	Severity:     finding.Low,
	ResourceType: logGroupType,
	Needs:        []string{trailType},
	Rationale: "CloudWatch Logs encrypts every log group, but with a key AWS owns: anyone with logs:GetLogEvents or " +
		"logs:StartQuery on the group reads every event. CloudTrail events name users, roles, source IPs and " +
		"request parameters. Encrypting the log group with a customer managed key adds a second, separately " +
		"governed permission (kms:Decrypt), logs each use of it, and lets the security team cut off access " +
		"by disabling a grant.",
	Verify: "aws logs describe-log-groups --log-group-name-prefix aws-cloudtrail --query 'logGroups[].[logGroupName,kmsKeyId]' — kmsKeyId must be set.",
	Remediation: Remediation{
		Summary: "Associate a customer managed KMS key (whose policy allows logs.REGION.amazonaws.com) with the log group.",
		Console: "The console cannot change a log group's key: use the CLI or recreate the log group with a KMS key under CloudWatch > Log groups > Create log group.",
		CLI:     "aws logs associate-kms-key --log-group-name aws-cloudtrail-logs-legacy-prod --kms-key-id arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Terraform: "resource \"aws_cloudwatch_log_group\" \"cloudtrail\" {\n  name              = \"aws-cloudtrail-logs-org\"\n" +
			"  retention_in_days = 400\n  kms_key_id        = aws_kms_key.logs.arn\n}",
	},
	Seed: []string{"log-storage-monitoring", "data-at-rest"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, g := range trailLogGroups(a, r) {
				loc := At(a, r, g.lg)
				switch k := g.lg.KMSKeyID; {
				case k == nil:
					c.Unknown(loc, "encryption of the log group was not read", Ev(g.lg, "kmsKeyId", k))
				case *k != "":
					c.Pass(loc, "encrypted with KMS key "+*k, Ev(g.lg, "kmsKeyId", k))
				default:
					c.Fail(loc, "events from trail "+strings.Join(g.trails, ", ")+" are encrypted only with a CloudWatch Logs owned key",
						Ev(g.lg, "kmsKeyId", "none"))
				}
			}
		}
	},
}
