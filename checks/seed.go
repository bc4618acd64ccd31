package checks

// Topic is a question of the interview guide that the tool answers.
type Topic struct {
	ID       string
	Section  string
	Question string
}

// Topics lists the guide's questions that posture checks can answer, in the
// guide's order. Checks name them in Check.Seed; docs/seed-coverage.md is
// generated from this list and the catalogue.
var Topics = []Topic{
	{"malicious-activity", "General", "How would you find evidence of malicious activity within services like EBS, Lambda, etc.?"},
	{"cloudtrail-vs-cloudwatch", "General", "CloudTrail vs CloudWatch from a security perspective"},
	{"imdsv1-ssrf", "General", "How IMDSv1 is vulnerable to SSRF, and how IMDSv2 fixes it"},
	{"log-storage-monitoring", "General", "How logs are stored in AWS and how you can monitor them"},
	{"elasticsearch-risk", "General", "Risks and security issues of Elasticsearch / OpenSearch services"},
	{"tgw-security", "General", "When to use a Transit Gateway, and its security implications"},
	{"public-database", "General", "Should database access be exposed publicly or to the web application directly?"},
	{"wordpress-posture", "General", "Security posture of a WordPress site hosted in AWS"},
	{"public-api-endpoint", "General", "Issues when an API endpoint is exposed to the public"},
	{"default-sg-ports", "General", "A default security group with ports 22, 25, 53, 80, 443, 3679, 3306, 9001 open"},
	{"backup-security", "General", "Backup security and monitoring"},
	{"sso-third-party", "General", "Enabling SSO and integrating a third-party tool (Trello) securely"},
	{"security-alerting", "General", "How security alerts of AWS resources are captured and sent to security people automatically"},
	{"guardduty-false-positives", "General", "Reducing GuardDuty false positives"},
	{"access-key-vs-principal-id", "General", "Access key id vs principal id"},
	{"guardduty-data-sources", "General", "GuardDuty's data sources"},
	{"guardduty-features", "General", "GuardDuty options and features"},
	{"api-5xx-alerting", "General", "Alerting Slack / mail when backend APIs return 5xx"},
	{"rto-rpo", "General", "RTO vs RPO"},
	{"data-in-transit", "Data Security", "How do you secure data transfer in transit?"},
	{"encryption-at-rest-default", "Data Security", "Should data encryption at rest be enabled by default?"},
	{"scenario1-config-ses", "Data Security", "Scenario 1: non-compliant org Config rules per aggregator, e-mailed with SES"},
	{"cloudtrail-integrity", "Logging and Monitoring", "Data integrity for CloudTrail logs"},
	{"unencrypted-ebs", "Logging and Monitoring", "Finding unencrypted EBS volumes the easy way (Config)"},
	{"metric-filters", "Logging and Monitoring", "CloudWatch metric filters"},
	{"patch-management", "Infrastructure security", "Automated EC2 vulnerability patch management"},
	{"inspector-checks", "Infrastructure security", "What AWS Inspector checks to find instance vulnerabilities"},
	{"kms-s3-access", "Data protection", "S3 object download works but the object cannot be read (KMS key usage)"},
	{"kms-rotation", "Data protection", "CMK rotation and its period"},
	{"rds-security", "Data protection", "Securing an RDS instance"},
	{"encryption-not-enough", "Data protection", "When encryption by default is not enough"},
	{"lambda-iam", "IAM", "An event triggers a Lambda: what to check in IAM"},
	{"mfa-policy", "IAM", "Explain the DenyAllUsersNotUsingMFA policy"},
	{"notresource-policy", "IAM", "What is wrong with the Deny + NotResource payroll policy"},
	{"cspm-top3", "Additional", "Top 3 things when building a CSPM tool from scratch"},
	{"encrypted-channel", "Additional", "Checking that resources use encrypted communication channels"},
	{"org-guidelines", "Additional", "Making sure everyone in the organisation follows AWS security guidelines"},
	{"cross-account-access", "Additional", "What comes to mind when a service needs cross-account access"},
	{"shared-responsibility", "Additional", "The shared responsibility model"},
	{"data-at-rest", "Additional", "Q2: securing data at rest"},
	{"ddos", "Additional", "Q4: mitigating DDoS attacks"},
	{"compliance-best-practices", "Additional", "Q5: ensuring compliance with security best practices"},
	{"incident-response", "Additional", "Q6: handling a security incident or breach"},
	{"secure-configuration", "Additional", "Q7: ensuring secure configuration of AWS resources"},
	{"database-sensitive-data", "Additional", "Q8: protecting sensitive data in a database"},
	{"regulatory-compliance", "Additional", "Q9: compliance with regulatory standards"},
}
