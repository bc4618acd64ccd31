package demo

import "github.com/awssec/awssec/inventory"

// cisFilter is one CIS monitoring metric filter and its alarm as a team
// deployed it; the fields after pattern spoil the alarm.
type cisFilter struct {
	metric  string // metric and filter name
	pattern string
	// noAlarm leaves the metric unwatched; noActions leaves the alarm with no
	// action; actionsOff disables its actions; topic overrides the alarm's
	// SNS topic; threshold overrides 1.
	noAlarm, noActions, actionsOff bool
	topic                          string
	threshold                      float64
}

// The CIS 3.0.0 / 5.0.0 section 4 patterns, as the benchmark gives them.
const (
	patNoMFA        = `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`
	patRoot         = `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`
	patIAM          = `{ ($.eventSource = iam.amazonaws.com) && (($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy)) }`
	patCloudTrail   = `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`
	patAuthFailures = `{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`
	patCMK          = `{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }`
	patS3Policy     = `{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }`
	patConfig       = `{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }`
	patSG           = `{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }`
	patNACL         = `{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }`
	patGateway      = `{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }`
	patRouteTable   = `{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }`
	patVPC          = `{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }`
	patOrgs         = `{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }`
)

// addCISAlarms puts metric filters on a log group and alarms on their
// metrics in one region; alarms notify topic unless a filter says otherwise.
func addCISAlarms(r *inventory.Region, account, logGroup, namespace, topic string, fs []cisFilter) {
	for _, f := range fs {
		r.Resources.MetricFilters = append(r.Resources.MetricFilters, &inventory.MetricFilter{
			Meta:          meta("logs:DescribeMetricFilters", logGroup+":"+f.metric, "", f.metric),
			FilterName:    f.metric,
			LogGroupName:  logGroup,
			FilterPattern: f.pattern,
			MetricTransformations: []inventory.MetricTransformation{
				{MetricNamespace: namespace, MetricName: f.metric, MetricValue: "1", DefaultValue: inventory.Ptr(0.0)}},
			CreationTime: daysAgo(700),
		})
		if f.noAlarm {
			continue
		}
		name := "CIS-" + f.metric
		al := &inventory.Alarm{
			Meta:      meta("cloudwatch:DescribeAlarms", name, arn("cloudwatch", r.Name, account, "alarm:"+name), name),
			Namespace: namespace, MetricName: f.metric, Statistic: "Sum", Period: 300, EvaluationPeriods: 1, DatapointsToAlarm: 1,
			Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold", TreatMissingData: "notBreaching",
			ActionsEnabled: true, AlarmActions: []string{topic}, StateValue: "OK", StateUpdatedTimestamp: daysAgo(3),
		}
		if f.topic != "" {
			al.AlarmActions = []string{f.topic}
		}
		if f.threshold != 0 {
			al.Threshold = f.threshold
		}
		if f.noActions {
			al.AlarmActions = nil
		}
		if f.actionsOff {
			al.ActionsEnabled = false
		}
		r.Resources.Alarms = append(r.Resources.Alarms, al)
	}
}

func addCloudWatch(b *builder) {
	mgmtEast, prodEast := b.region(ManagementAccount, East), b.region(ProdAccount, East)

	// The organization trail's log group (management us-east-1): kept 400
	// days, encrypted with the trail key: passes cloudwatch-trail-log-retention
	// and cloudwatch-trail-log-kms.
	mgmtEast.Resources.LogGroups = append(mgmtEast.Resources.LogGroups,
		&inventory.LogGroup{
			Meta:            meta("logs:DescribeLogGroups", orgTrailLogGroup, arn("logs", East, ManagementAccount, "log-group:"+orgTrailLogGroup), orgTrailLogGroup),
			RetentionInDays: inventory.Ptr(400), KMSKeyID: inventory.Ptr(kmsMgmtTrailKey), LogGroupClass: "STANDARD",
			StoredBytes: 48_318_382_080, CreationTime: daysAgo(820),
		},
		// An application log group no trail delivers to: not assessed.
		&inventory.LogGroup{
			Meta:            meta("logs:DescribeLogGroups", "/aws/lambda/security-alert-router", arn("logs", East, ManagementAccount, "log-group:/aws/lambda/security-alert-router"), "/aws/lambda/security-alert-router"),
			RetentionInDays: inventory.Ptr(30), KMSKeyID: inventory.Ptr(""), LogGroupClass: "STANDARD", StoredBytes: 52_428_800, CreationTime: daysAgo(400),
		},
	)

	// The legacy prod trail's log group: 14 days, no KMS key: fails both
	// log group checks.
	prodEast.Resources.LogGroups = append(prodEast.Resources.LogGroups, &inventory.LogGroup{
		Meta:            meta("logs:DescribeLogGroups", legacyTrailLogGroup, arn("logs", East, ProdAccount, "log-group:"+legacyTrailLogGroup), legacyTrailLogGroup),
		RetentionInDays: inventory.Ptr(14), KMSKeyID: inventory.Ptr(""), LogGroupClass: "STANDARD", StoredBytes: 2_147_483_648, CreationTime: daysAgo(1900),
	})

	// The CIS monitoring alarms. Both trail log groups receive events of a
	// multi-region, logging trail with all management events, so each is
	// assessed on its own; org-trail's log group carries every account's
	// events, so prod and dev need no filters of their own.
	//
	// Management: the security team's filters, alarming to security-alerts
	// (confirmed e-mail and Slack subscriptions, see sns.go). They pass CIS
	// 4.1-4.9 and 4.15; the network controls were left half-done and fail:
	//   4.10 security groups: the alarm has no action;
	//   4.11 NACLs: the pattern misses DeleteNetworkAclEntry and ReplaceNetworkAclAssociation;
	//   4.12 gateways: a filter, but no alarm on its metric;
	//   4.13 route tables: the alarm notifies network-alerts, whose only subscription was never confirmed;
	//   4.14 VPCs: the alarm's actions are disabled.
	mgmtTopic := arn("sns", East, ManagementAccount, "security-alerts")
	networkTopic := arn("sns", East, ManagementAccount, "network-alerts")
	addCISAlarms(mgmtEast, ManagementAccount, orgTrailLogGroup, "CISBenchmark", mgmtTopic, []cisFilter{
		{metric: "UnauthorizedAPICalls", pattern: `{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`},
		{metric: "ConsoleSigninWithoutMFA", pattern: patNoMFA},
		{metric: "RootAccountUsage", pattern: patRoot},
		{metric: "IAMPolicyChanges", pattern: patIAM},
		{metric: "CloudTrailConfigChanges", pattern: patCloudTrail},
		{metric: "ConsoleSigninFailures", pattern: patAuthFailures},
		{metric: "DisableOrDeleteCMK", pattern: patCMK},
		{metric: "S3BucketPolicyChanges", pattern: patS3Policy},
		{metric: "AWSConfigChanges", pattern: patConfig},
		{metric: "SecurityGroupChanges", pattern: patSG, noActions: true},
		{metric: "NACLChanges", pattern: `{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = ReplaceNetworkAclEntry) }`},
		{metric: "NetworkGatewayChanges", pattern: patGateway, noAlarm: true},
		{metric: "RouteTableChanges", pattern: patRouteTable, topic: networkTopic},
		{metric: "VPCChanges", pattern: patVPC, actionsOff: true},
		{metric: "OrganizationsChanges", pattern: patOrgs},
	})
	nt := snsTopic(ManagementAccount, East, "network-alerts",
		inventory.SNSSubscription{ARN: "PendingConfirmation", Protocol: "email", Endpoint: "netops@acme.example", Pending: true})
	mgmtEast.Resources.SNSTopics = append(mgmtEast.Resources.SNSTopics, nt)

	// Prod: the network team's own alarms on the legacy trail's log group
	// pass the five network controls (4.10-4.14) that fail in management.
	// Everything else fails there, at low severity, because org-trail's log
	// group alerts on it: a root-usage alarm that fires only at 3 events, a
	// sign-in filter that compares MFAUsed with "no" (CloudTrail writes "No"),
	// and no filter at all for the other controls.
	prodTopic := arn("sns", East, ProdAccount, "security-alerts")
	addCISAlarms(prodEast, ProdAccount, legacyTrailLogGroup, "ProdSecurity", prodTopic, []cisFilter{
		{metric: "SecurityGroupChanges", pattern: patSG},
		{metric: "NACLChanges", pattern: patNACL},
		{metric: "NetworkGatewayChanges", pattern: patGateway},
		{metric: "RouteTableChanges", pattern: `{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "*Route*") }`},
		{metric: "VPCChanges", pattern: patVPC},
		{metric: "RootAccountUsage", pattern: patRoot, threshold: 3},
		{metric: "ConsoleSigninWithoutMFA", pattern: `{ $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed = "no" }`},
	})
}
