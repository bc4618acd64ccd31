package threat

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/threat/model"
)

// Rule is one entry of the threat catalogue: which subjects it looks at,
// the STRIDE category and impact of what it finds, why it matters, and what
// to do about it on AWS.
type Rule struct {
	ID       string
	Category Category
	// Applies lists the subject kinds the rule looks at: "actor",
	// "process", "store", "flow".
	Applies []string
	Title   string
	// Impact is the severity before the subject's data classification and
	// exposure scale it (see Generate).
	Impact      finding.Severity
	Rationale   string
	Mitigations []string
	// Checks are the awssec scan checks whose failures on the subject's
	// resource (or account) are evidence for the threat.
	Checks []string
	// Baseline marks the STRIDE-per-element questions every subject of a
	// kind gets, whatever its properties.
	Baseline bool
	titles   map[string]string
	match    func(*subject) (string, bool)
}

func (r *Rule) title(s *subject) string {
	kind := FlowKind
	if s.e != nil {
		kind = s.e.Type
	}
	if t, ok := r.titles[kind]; ok {
		return t
	}
	return r.Title
}

// Rules returns the catalogue: the STRIDE-per-element baseline first, then
// the specific rules, in a fixed order.
func Rules() []*Rule { return slices.Clone(catalogue) }

const (
	actor   = model.Actor
	process = model.Process
	store   = model.Store
	flow    = FlowKind
)

func kinds(k ...string) []string { return k }

func name(e *model.Element) string {
	if e == nil {
		return "?"
	}
	return nameOf(e.Name, e.ID)
}

func (s *subject) name() string {
	if s.e != nil {
		return name(s.e)
	}
	return nameOf(s.f.Name, s.f.ID)
}

func (s *subject) route() string {
	r := fmt.Sprintf("%s → %s", name(s.from), name(s.to))
	if s.f.Protocol != "" {
		r += " over " + s.f.Protocol
	}
	if s.f.Port != 0 {
		r += fmt.Sprintf(" port %d", s.f.Port)
	}
	return r
}

func notTrue(b *bool) bool { return b == nil || !*b }
func isFalse(b *bool) bool { return b != nil && !*b }

// unless says what the model states about a safeguard that is off or
// missing: "it is not encrypted at rest", or, when it says nothing, that
// it does not say so.
func unless(b *bool, yes, no string) string {
	if b == nil {
		return "the model does not say it " + yes
	}
	return "it " + no
}

// onFindings fires when one of the rule's checks failed on the subject;
// the detail quotes the findings.
func onFindings(checks ...string) func(*subject) (string, bool) {
	return func(s *subject) (string, bool) {
		fs := s.failed(checks...)
		if len(fs) == 0 {
			return "", false
		}
		msgs := make([]string, 0, len(fs))
		for _, f := range fs {
			msgs = append(msgs, f.Message)
		}
		return s.name() + ": " + strings.Join(msgs, "; "), true
	}
}

// either fires on a property of the model or on the rule's findings.
func either(prop func(*subject) (string, bool), checks ...string) func(*subject) (string, bool) {
	f := onFindings(checks...)
	return func(s *subject) (string, bool) {
		if d, ok := prop(s); ok {
			return d, true
		}
		return f(s)
	}
}

func always(text string) func(*subject) (string, bool) {
	return func(s *subject) (string, bool) { return fmt.Sprintf(text, s.name()), true }
}

var catalogue = []*Rule{
	// STRIDE per element: actors S, R; processes all six; stores T, R, I, D; flows T, I, D.
	{ID: "stride", Category: Spoofing, Applies: kinds(actor, process), Baseline: true, Impact: finding.Low,
		Title:  "Identity spoofed",
		titles: map[string]string{actor: "Someone impersonates this actor", process: "Someone impersonates this process to its peers"},
		Rationale: "STRIDE per element: whoever talks to an actor or a process must be able to tell it is genuine. Weak or shared " +
			"credentials, unsigned requests and missing mutual authentication let an attacker take its place.",
		Mitigations: []string{"Authenticate every caller: IAM (SigV4) between AWS services, Amazon Cognito or an OIDC provider for users, mutual TLS (ACM Private CA) between services",
			"IAM Identity Center with MFA for people; no long-lived access keys (awssec checks iam-user-console-without-mfa, iam-access-key-rotation)"},
		match: always("%s: can a caller prove it is who it claims, and can %[1]s prove itself to its peers?")},
	{ID: "stride", Category: Tampering, Applies: kinds(process, store, flow), Baseline: true, Impact: finding.Low,
		Title: "Data or code tampered with",
		titles: map[string]string{process: "The process's code, configuration or inputs are modified",
			store: "Data at rest is modified", flow: "Data in transit is modified"},
		Rationale: "STRIDE per element: processes, stores and flows hold or carry data an attacker may change: code and configuration, " +
			"records at rest, messages on the wire.",
		Mitigations: []string{"Least-privilege write access (IAM, resource policies); S3 Object Lock or versioning for what must not change",
			"TLS on every flow; signed artifacts (AWS Signer, ECR image signing) and immutable tags (awssec check ecr-repository-immutable-tags)",
			"Integrity monitoring: AWS Config rules and CloudTrail log file validation (awssec check cloudtrail-log-file-validation)"},
		match: always("%s: who can change it, and would anyone notice?")},
	{ID: "stride", Category: Repudiation, Applies: kinds(actor, process, store), Baseline: true, Impact: finding.Low,
		Title: "Actions cannot be traced", titles: map[string]string{actor: "The actor denies an action it performed",
			process: "The process's actions leave no trustworthy record", store: "Access to the store leaves no trustworthy record"},
		Rationale: "STRIDE per element: without logs an attacker can deny what they did, and responders cannot reconstruct an incident.",
		Mitigations: []string{"AWS CloudTrail in every region with log file validation, delivered to a separate log archive account (awssec checks cloudtrail-multi-region-logging, cloudtrail-log-file-validation)",
			"Application audit logs to CloudWatch Logs with retention and KMS encryption; S3 server access logs or CloudTrail data events for stores"},
		match: always("%s: is every action attributable to an identity, in logs the actor cannot alter?")},
	{ID: "stride", Category: InformationDisclosure, Applies: kinds(process, store, flow), Baseline: true, Impact: finding.Low,
		Title: "Information disclosed", titles: map[string]string{process: "The process leaks data (errors, logs, memory, side channels)",
			store: "Data at rest is read by someone not entitled to it", flow: "Data in transit is read by someone not entitled to it"},
		Rationale: "STRIDE per element: data can leak where it is processed, where it rests and where it travels.",
		Mitigations: []string{"Encryption at rest with AWS KMS customer managed keys and key policies that name the readers",
			"TLS 1.2+ in transit; least-privilege read access; Amazon Macie to find sensitive data in S3",
			"Keep secrets out of logs and error messages; AWS Secrets Manager for credentials"},
		match: always("%s: who can read the data it holds or carries, and what leaks in logs and errors?")},
	{ID: "stride", Category: DenialOfService, Applies: kinds(process, store, flow), Baseline: true, Impact: finding.Low,
		Title: "Service denied", titles: map[string]string{process: "The process is overwhelmed or crashed",
			store: "The store is filled, deleted or made unavailable", flow: "The flow is interrupted or flooded"},
		Rationale: "STRIDE per element: anything reachable can be flooded, and anything deletable can be deleted.",
		Mitigations: []string{"AWS Shield (Advanced for critical public endpoints), AWS WAF rate-based rules, API Gateway throttling, Auto Scaling",
			"Service quotas and reserved concurrency; backups in AWS Backup with vault lock (awssec check backup-vault-lock)"},
		match: always("%s: what happens when it is flooded or deleted, and how fast does it come back?")},
	{ID: "stride", Category: ElevationOfPrivilege, Applies: kinds(process), Baseline: true, Impact: finding.Low,
		Title:     "A caller gains the process's privileges",
		Rationale: "STRIDE per element: a process runs with permissions its callers do not have; a flaw in it hands those permissions to them.",
		Mitigations: []string{"Least-privilege execution roles (IAM Access Analyzer policy generation), permissions boundaries, SCPs",
			"Patch and scan (Amazon Inspector); isolate the workload (separate accounts, security groups)"},
		match: always("%s: what could a caller do with this process's permissions if they took it over?")},

	// Flows.
	{ID: "plaintext", Category: InformationDisclosure, Applies: kinds(flow), Impact: finding.High,
		Title:     "Plaintext flow crosses a trust boundary",
		Rationale: "Data that crosses a trust boundary unencrypted can be read by anyone on the path: other tenants of a network, a compromised host, the internet.",
		Mitigations: []string{"Use TLS 1.2+ end to end: ACM certificates on ALB/CloudFront/API Gateway, HTTP→HTTPS redirects, TLS to the backend",
			"Enforce it: S3 aws:SecureTransport deny, RDS rds.force_ssl, OpenSearch enforce HTTPS (awssec checks elbv2-http-listener-no-redirect, cloudfront-viewer-protocol-allow-all, cloudfront-origin-http-only, s3-bucket-secure-transport)"},
		Checks: []string{"elbv2-http-listener-no-redirect", "cloudfront-viewer-protocol-allow-all", "cloudfront-origin-http-only", "ec2-instance-public-http-without-tls"},
		match: func(s *subject) (string, bool) {
			if s.f.IsEncrypted() || !s.crosses() {
				return "", false
			}
			return fmt.Sprintf("%s is not encrypted and crosses from %s to %s", s.route(), boundaryName(s.from), boundaryName(s.to)), true
		}},
	{ID: "mitm", Category: Tampering, Applies: kinds(flow), Impact: finding.High,
		Title:     "Plaintext flow across a trust boundary can be altered in transit",
		Rationale: "Without TLS nothing protects a message's integrity: an attacker on the path can change requests and responses (inject scripts, alter orders).",
		Mitigations: []string{"TLS with certificate validation on both legs (viewer and origin); HSTS on web responses (CloudFront response headers policy)",
			"Sign messages where TLS ends early (SigV4, signed JWTs)"},
		Checks: []string{"elbv2-http-listener-no-redirect", "cloudfront-viewer-protocol-allow-all", "cloudfront-origin-http-only"},
		match: func(s *subject) (string, bool) {
			if s.f.IsEncrypted() || !s.crosses() {
				return "", false
			}
			return fmt.Sprintf("%s can be modified on the way: it is not encrypted", s.route()), true
		}},
	{ID: "plaintext-internal", Category: InformationDisclosure, Applies: kinds(flow), Impact: finding.Medium,
		Title:     "Sensitive data travels unencrypted inside a boundary",
		Rationale: "Inside a VPC traffic is still visible to anything that compromises a host or mirrors traffic; confidential data deserves TLS everywhere.",
		Mitigations: []string{"TLS between services inside the VPC (ACM Private CA), rds.force_ssl / require_secure_transport on databases",
			"Nitro instances encrypt traffic between supported instance types automatically: choose them where TLS is impractical"},
		match: func(s *subject) (string, bool) {
			if s.f.IsEncrypted() || s.crosses() || s.sens < model.Confidential {
				return "", false
			}
			return fmt.Sprintf("%s carries %s data unencrypted", s.route(), s.sens), true
		}},
	{ID: "cleartext-credentials", Category: Spoofing, Applies: kinds(flow), Impact: finding.High,
		Title:       "Credentials sent over an unencrypted flow",
		Rationale:   "An authenticated flow without encryption hands its passwords, tokens or session cookies to anyone who can see the traffic, who can then replay them.",
		Mitigations: []string{"Never authenticate over plaintext: TLS first, then credentials; short-lived tokens (STS, Cognito) limit replay"},
		match: func(s *subject) (string, bool) {
			if s.f.IsEncrypted() || !s.f.IsAuthenticated() {
				return "", false
			}
			return fmt.Sprintf("%s authenticates without encryption: the credentials can be captured and replayed", s.route()), true
		}},
	{ID: "unauthenticated-store-access", Category: Spoofing, Applies: kinds(flow), Impact: finding.High,
		Title:     "A store accepts unauthenticated access",
		Rationale: "A store that does not authenticate its callers serves anyone who can reach it.",
		Mitigations: []string{"IAM authentication to AWS data services; RDS IAM database authentication (awssec check rds-instance-iam-auth)",
			"Bucket, queue and topic policies that deny principals outside the account or organization (aws:PrincipalOrgID)"},
		Checks: []string{"rds-instance-iam-auth", "s3-bucket-policy-public", "sqs-queue-public", "sns-topic-public", "opensearch-domain-open-access"},
		match: func(s *subject) (string, bool) {
			if s.to == nil || s.to.Type != model.Store || s.f.IsAuthenticated() {
				return "", false
			}
			return fmt.Sprintf("%s reaches store %s without authentication", s.route(), name(s.to)), true
		}},
	{ID: "unauthenticated-write", Category: Tampering, Applies: kinds(flow), Impact: finding.High,
		Title:     "Unauthenticated writes into a store",
		Rationale: "Whoever can write to a store unauthenticated can poison what everyone downstream reads (queue poisoning, planted objects).",
		Mitigations: []string{"Require authenticated, authorized writers (IAM policies, resource policies scoped to the producer's role)",
			"Validate messages on read; dead-letter queues for what fails validation"},
		match: func(s *subject) (string, bool) {
			if s.to == nil || s.to.Type != model.Store || s.f.IsAuthenticated() || s.from == nil || s.from.Type == model.Store {
				return "", false
			}
			return fmt.Sprintf("%s can write into %s without proving who it is", name(s.from), name(s.to)), true
		}},
	{ID: "cross-account-external-id", Category: Spoofing, Applies: kinds(flow), Impact: finding.High,
		Title:     "Cross-account access without an ExternalId (confused deputy)",
		Rationale: "A third party that assumes a role in your account on behalf of many customers can be tricked by another customer into using your role, unless the trust policy requires an sts:ExternalId the vendor issued to you alone.",
		Mitigations: []string{"Require sts:ExternalId (the value the vendor generated for you) in the role's trust policy; trust the vendor's role ARN, not its account root",
			"Review roles trusted outside the organization with IAM Access Analyzer (awssec check iam-role-cross-account-without-external-id)"},
		Checks: []string{"iam-role-cross-account-without-external-id"},
		match: func(s *subject) (string, bool) {
			if s.from == nil || s.to == nil {
				return "", false
			}
			cross := s.g.inPartner(s.from) || (s.g.account(s.from.Boundary) != "" && s.g.account(s.to.Boundary) != "" &&
				s.g.account(s.from.Boundary) != s.g.account(s.to.Boundary))
			if !cross || s.f.ExternalID == nil || *s.f.ExternalID {
				return "", false
			}
			return fmt.Sprintf("%s crosses accounts and its role trust has no sts:ExternalId", s.route()), true
		}},
	{ID: "partner-data", Category: InformationDisclosure, Applies: kinds(flow), Impact: finding.Medium,
		Title:     "Sensitive data leaves for a partner",
		Rationale: "Data handed to a third party is protected only by the third party's controls; confidential data needs a contract, minimisation and encryption the partner cannot bypass.",
		Mitigations: []string{"Share the minimum (tokenise or redact); encrypt with a KMS key whose policy you control and grant per use",
			"Prefer AWS PrivateLink or cross-account roles with ExternalId over copies in the partner's account"},
		match: func(s *subject) (string, bool) {
			if s.to == nil || !s.g.inPartner(s.to) || s.sens < model.Confidential {
				return "", false
			}
			return fmt.Sprintf("%s sends %s data to partner %s", s.route(), s.sens, name(s.to)), true
		}},
	{ID: "internet-egress", Category: InformationDisclosure, Applies: kinds(flow), Impact: finding.High,
		Title:     "Restricted data flows out to the internet",
		Rationale: "Restricted data (credentials, keys, regulated data) should never leave for the internet; a flow that does is either an exfiltration path or a design mistake.",
		Mitigations: []string{"Egress through a NAT gateway with AWS Network Firewall domain allow-lists; VPC endpoints for AWS services",
			"Amazon GuardDuty exfiltration findings; Macie on the source buckets"},
		match: func(s *subject) (string, bool) {
			if s.to == nil || !s.g.inInternet(s.to) || s.from == nil || s.g.inInternet(s.from) || s.sens < model.Restricted {
				return "", false
			}
			return fmt.Sprintf("%s carries restricted data to the internet", s.route()), true
		}},
	{ID: "flow-flood", Category: DenialOfService, Applies: kinds(flow), Impact: finding.Medium,
		Title:     "Internet flow can be flooded",
		Rationale: "A flow from the internet is open to volumetric (layer 3/4) and request floods; the receiving end needs to absorb or shed them.",
		Mitigations: []string{"Put CloudFront or Global Accelerator in front (AWS Shield Standard at the edge); Shield Advanced for critical endpoints",
			"AWS WAF rate-based rules; API Gateway usage plans and throttling"},
		match: func(s *subject) (string, bool) {
			if s.from == nil || s.to == nil || !s.g.inInternet(s.from) || s.to.Type != model.Process {
				return "", false
			}
			if !notTrue(s.to.RateLimited) || !notTrue(s.to.WAF) {
				return "", false
			}
			return fmt.Sprintf("%s comes from the internet and %s has neither rate limiting nor WAF stated", s.route(), name(s.to)), true
		}},

	// Processes.
	{ID: "unauthenticated-entry", Category: Spoofing, Applies: kinds(process), Impact: finding.High,
		Title:     "Unauthenticated entry point",
		Rationale: "A process that accepts requests from the internet without authenticating them lets anyone act as a legitimate client.",
		Mitigations: []string{"API Gateway authorizers (Cognito, JWT, Lambda, IAM) on every method; ALB authenticate-oidc / authenticate-cognito actions",
			"Lambda function URLs with AuthType AWS_IAM (awssec checks apigateway-rest-method-no-authorization, apigateway-http-route-no-authorization, lambda-function-url-public)"},
		Checks: []string{"apigateway-rest-method-no-authorization", "apigateway-http-route-no-authorization", "lambda-function-url-public", "apigateway-rest-api-public-no-policy"},
		match: func(s *subject) (string, bool) {
			var open []string
			for _, f := range s.entryFlows() {
				if !f.IsAuthenticated() {
					open = append(open, f.ID)
				}
			}
			if len(open) == 0 {
				return "", false
			}
			return fmt.Sprintf("%s accepts unauthenticated requests from the internet (flows %s)", s.name(), strings.Join(open, ", ")), true
		}},
	{ID: "no-waf", Category: Tampering, Applies: kinds(process), Impact: finding.High,
		Title:     "Internet-facing entry point without a web application firewall",
		Rationale: "Requests from the internet carry injection, XSS and exploit payloads; without AWS WAF every one of them reaches the application.",
		Mitigations: []string{"Associate an AWS WAF web ACL with the ALB, API Gateway stage or CloudFront distribution, with the AWS managed rule groups (Core rule set, Known bad inputs, SQL database)",
			"Validate input in the application; parameterised queries (awssec checks elbv2-alb-waf, apigateway-rest-stage-waf, cloudfront-waf)"},
		Checks: []string{"elbv2-alb-waf", "apigateway-rest-stage-waf", "cloudfront-waf"},
		match: either(func(s *subject) (string, bool) {
			if !s.internetFacing() || !notTrue(s.e.WAF) {
				return "", false
			}
			return fmt.Sprintf("%s is reachable from the internet and %s", s.name(), unless(s.e.WAF, "is behind AWS WAF", "has no AWS WAF")), true
		}, "elbv2-alb-waf", "apigateway-rest-stage-waf", "cloudfront-waf")},
	{ID: "no-rate-limit", Category: DenialOfService, Applies: kinds(process), Impact: finding.Medium,
		Title:     "Internet-facing entry point without rate limiting",
		Rationale: "Without throttling, a single client can exhaust the process (and the bill): credential stuffing, scraping, application-layer floods.",
		Mitigations: []string{"AWS WAF rate-based rules; API Gateway stage and usage-plan throttling; Lambda reserved concurrency",
			"AWS Shield Advanced with automatic application-layer DDoS mitigation for critical endpoints"},
		match: func(s *subject) (string, bool) {
			if !s.internetFacing() || !notTrue(s.e.RateLimited) {
				return "", false
			}
			return fmt.Sprintf("%s is reachable from the internet and %s", s.name(), unless(s.e.RateLimited, "is rate limited", "is not rate limited")), true
		}},
	{ID: "no-logging", Category: Repudiation, Applies: kinds(process), Impact: finding.Medium,
		Title:     "Process handling sensitive data without audit logging",
		Rationale: "When a process that handles confidential data keeps no audit log, misuse cannot be attributed and incidents cannot be scoped.",
		Mitigations: []string{"API Gateway access logs and execution logs, ALB access logs, CloudFront standard logs, application audit logs to CloudWatch Logs",
			"CloudTrail data events for the data it touches (awssec checks apigateway-stage-logging, elbv2-access-logs, cloudtrail-s3-data-events-read)"},
		Checks: []string{"apigateway-stage-logging", "elbv2-access-logs"},
		match: either(func(s *subject) (string, bool) {
			if s.sens < model.Confidential || !notTrue(s.e.Logging) {
				return "", false
			}
			return fmt.Sprintf("%s handles %s data and %s", s.name(), s.sens, unless(s.e.Logging, "keeps audit logs", "keeps no audit logs")), true
		}, "apigateway-stage-logging", "elbv2-access-logs")},
	{ID: "privileged-internet", Category: ElevationOfPrivilege, Applies: kinds(process), Impact: finding.Critical,
		Title:     "Privileged process reachable from the internet",
		Rationale: "Any flaw in an internet-facing process that holds administrative permissions becomes administrative access for the attacker.",
		Mitigations: []string{"Split the privileged work into a separate internal service behind a queue; give the internet-facing role only what it needs",
			"Permissions boundaries and SCPs cap what the role can do; IAM Access Analyzer unused-access findings (awssec checks iam-policy-full-admin, iam-inline-policy-admin)"},
		Checks: []string{"iam-policy-full-admin", "iam-inline-policy-admin", "iam-passrole-wildcard"},
		match: func(s *subject) (string, bool) {
			if !s.e.Privileged || !s.internetFacing() {
				return "", false
			}
			return fmt.Sprintf("%s holds administrative permissions and is reachable from the internet", s.name()), true
		}},
	{ID: "ssrf", Category: ElevationOfPrivilege, Applies: kinds(process), Impact: finding.High,
		Title:     "SSRF to the instance metadata service (IMDSv1)",
		Rationale: "With IMDSv1 a single server-side request forgery (a URL fetch the attacker controls) returns the instance role's credentials from 169.254.169.254, as in the Capital One breach.",
		Mitigations: []string{"Require IMDSv2 (HttpTokens=required, hop limit 1); set it as the account default with ec2:ModifyInstanceMetadataDefaults",
			"SCP/IAM condition ec2:MetadataHttpTokens on RunInstances; GuardDuty InstanceCredentialExfiltration findings (awssec check ec2-imdsv1-allowed)"},
		Checks: []string{"ec2-imdsv1-allowed"},
		match: func(s *subject) (string, bool) {
			v1 := s.e.IMDS == "v1" || len(s.failed("ec2-imdsv1-allowed")) > 0
			if !v1 || !s.internetFacing() {
				return "", false
			}
			var ports []string
			for _, f := range s.entryFlows() {
				if f.Port != 0 {
					ports = append(ports, fmt.Sprint(f.Port))
				}
			}
			reach := "is reachable from the internet"
			if len(ports) > 0 {
				reach = "is reachable on " + strings.Join(ports, ", ") + " from the internet"
			}
			return fmt.Sprintf("%s allows IMDSv1 and %s", s.name(), reach), true
		}},
	{ID: "imds-v1", Category: ElevationOfPrivilege, Applies: kinds(process), Impact: finding.Medium,
		Title:       "IMDSv1 allowed on an internal process",
		Rationale:   "IMDSv1 answers any request from the instance, so any SSRF or proxying bug, even reachable only from inside, hands out the role's credentials.",
		Mitigations: []string{"Require IMDSv2 (HttpTokens=required) on every instance and launch template (awssec check ec2-imdsv1-allowed)"},
		Checks:      []string{"ec2-imdsv1-allowed"},
		match: func(s *subject) (string, bool) {
			v1 := s.e.IMDS == "v1" || len(s.failed("ec2-imdsv1-allowed")) > 0
			if !v1 || s.internetFacing() {
				return "", false
			}
			return fmt.Sprintf("%s allows IMDSv1", s.name()), true
		}},
	{ID: "secrets-in-env", Category: InformationDisclosure, Applies: kinds(process), Impact: finding.High,
		Title:     "Secrets in environment variables",
		Rationale: "Environment variables are readable by anyone with lambda:GetFunctionConfiguration or ecs:DescribeTaskDefinition, end up in crash dumps and logs, and are never rotated.",
		Mitigations: []string{"Store secrets in AWS Secrets Manager (with rotation) or SSM Parameter Store SecureString and read them at runtime; pass only the secret's ARN",
			"Lambda: the AWS Parameters and Secrets Lambda Extension (awssec checks lambda-env-secrets, secretsmanager-secret-rotation)"},
		Checks: []string{"lambda-env-secrets"},
		match: either(func(s *subject) (string, bool) {
			if !s.e.SecretsInEnv {
				return "", false
			}
			return fmt.Sprintf("%s keeps secrets in plain environment variables", s.name()), true
		}, "lambda-env-secrets")},
	{ID: "least-privilege", Category: ElevationOfPrivilege, Applies: kinds(process), Impact: finding.Medium,
		Title:     "Process runs with administrative permissions",
		Rationale: "A process rarely needs administrator rights; when it has them, any bug or stolen credential is a full account compromise.",
		Mitigations: []string{"Scope the role to the actions and resources it uses (IAM Access Analyzer policy generation from CloudTrail)",
			"No iam:PassRole on * (awssec check iam-passrole-wildcard)"},
		match: func(s *subject) (string, bool) {
			if !s.e.Privileged || s.internetFacing() {
				return "", false
			}
			return fmt.Sprintf("%s holds administrative permissions", s.name()), true
		}},
	{ID: "direct-data-access", Category: ElevationOfPrivilege, Applies: kinds(process), Impact: finding.Medium,
		Title:     "Internet-facing process reaches restricted data directly",
		Rationale: "When the process the internet talks to also holds the keys to restricted data, one compromise is enough; an internal service in between adds a second barrier.",
		Mitigations: []string{"Put an internal service (behind a queue or private API) between the edge and restricted stores",
			"Scope the edge role to the records it needs (DynamoDB leading-key conditions, S3 prefixes)"},
		match: func(s *subject) (string, bool) {
			if !s.internetFacing() {
				return "", false
			}
			for _, f := range s.g.out[s.e.ID] {
				to := s.g.el[f.To]
				if to == nil || to.Type != model.Store {
					continue
				}
				for _, d := range to.Stores {
					if s.g.class[d] == model.Restricted {
						return fmt.Sprintf("%s is reachable from the internet and reads %s, which holds restricted data", s.name(), name(to)), true
					}
				}
			}
			return "", false
		}},
	{ID: "admin-port-exposed", Category: ElevationOfPrivilege, Applies: kinds(process), Impact: finding.Critical,
		Title:     "Administration port open to the internet",
		Rationale: "SSH and RDP open to 0.0.0.0/0 are scanned within minutes; password guessing and unpatched daemons turn them into shells.",
		Mitigations: []string{"Close 22/3389 to the internet; use AWS Systems Manager Session Manager or EC2 Instance Connect Endpoint",
			"(awssec checks ec2-sg-admin-ports-ipv4, ec2-sg-admin-ports-ipv6, ec2-instance-in-public-subnet-with-admin-port, vpc-nacl-admin-ports-open)"},
		Checks: []string{"ec2-sg-admin-ports-ipv4", "ec2-sg-admin-ports-ipv6", "ec2-instance-in-public-subnet-with-admin-port"},
		match: either(func(s *subject) (string, bool) {
			for _, f := range s.entryFlows() {
				if f.Port == 22 || f.Port == 3389 {
					return fmt.Sprintf("%s accepts port %d from the internet", s.name(), f.Port), true
				}
			}
			return "", false
		}, "ec2-instance-in-public-subnet-with-admin-port")},
	{ID: "unpatched", Category: ElevationOfPrivilege, Applies: kinds(process), Impact: finding.High,
		Title:     "Process runs unpatched or unscanned software",
		Rationale: "Known vulnerabilities in the OS or the runtime are the cheapest way in; without patch management and scanning nobody knows they are there.",
		Mitigations: []string{"AWS Systems Manager Patch Manager; Amazon Inspector for EC2, ECR and Lambda",
			"(awssec checks ssm-instance-managed, ssm-patch-compliance, inspector-ec2-scanning-enabled)"},
		Checks: []string{"ssm-instance-managed", "ssm-patch-compliance", "inspector-ec2-scanning-enabled", "inspector-lambda-scanning-enabled"},
		match:  onFindings("ssm-instance-managed", "ssm-patch-compliance")},
	{ID: "deprecated-runtime", Category: ElevationOfPrivilege, Applies: kinds(process), Impact: finding.High,
		Title:       "Function on a deprecated runtime",
		Rationale:   "A deprecated Lambda runtime no longer receives security patches.",
		Mitigations: []string{"Upgrade to a supported runtime (awssec check lambda-runtime-deprecated); Amazon Inspector Lambda scanning"},
		Checks:      []string{"lambda-runtime-deprecated"},
		match:       onFindings("lambda-runtime-deprecated")},
	{ID: "public-invoke", Category: Spoofing, Applies: kinds(process), Impact: finding.High,
		Title:     "Function invocable by anyone",
		Rationale: "A function URL with AuthType NONE or a resource policy allowing \"*\" lets anyone run the function as if they were a trusted caller.",
		Mitigations: []string{"AuthType AWS_IAM on function URLs; scope lambda:InvokeFunction to specific principals with aws:SourceArn/aws:SourceAccount",
			"(awssec checks lambda-function-url-public, lambda-policy-public-invoke)"},
		Checks: []string{"lambda-function-url-public", "lambda-policy-public-invoke"},
		match:  onFindings("lambda-function-url-public", "lambda-policy-public-invoke")},
	{ID: "weak-tls", Category: InformationDisclosure, Applies: kinds(process), Impact: finding.Medium,
		Title:     "Outdated TLS policy on an entry point",
		Rationale: "TLS 1.0/1.1 and weak ciphers allow downgrade and decryption attacks, and fail PCI DSS.",
		Mitigations: []string{"ELBSecurityPolicy-TLS13-1-2-2021-06 on ALB/NLB listeners; CloudFront TLSv1.2_2021; OpenSearch Policy-Min-TLS-1-2",
			"(awssec checks elbv2-listener-tls-policy-outdated, cloudfront-viewer-tls-outdated, opensearch-https-tls12)"},
		Checks: []string{"elbv2-listener-tls-policy-outdated", "cloudfront-viewer-tls-outdated", "opensearch-https-tls12"},
		match:  onFindings("elbv2-listener-tls-policy-outdated", "cloudfront-viewer-tls-outdated", "opensearch-https-tls12")},
	{ID: "request-smuggling", Category: Tampering, Applies: kinds(process), Impact: finding.Medium,
		Title:       "HTTP desync / request smuggling at the load balancer",
		Rationale:   "A load balancer that forwards malformed headers lets an attacker smuggle a request past it into another user's connection.",
		Mitigations: []string{"routing.http.drop_invalid_header_fields.enabled=true and desync mitigation mode defensive or strictest (awssec check elbv2-alb-drop-invalid-headers)"},
		Checks:      []string{"elbv2-alb-drop-invalid-headers"},
		match:       onFindings("elbv2-alb-drop-invalid-headers")},
	{ID: "no-audit-trail", Category: Repudiation, Applies: kinds(process, store), Impact: finding.High,
		Title:       "The account has no complete CloudTrail",
		Rationale:   "Without a multi-region CloudTrail, API calls that change or read this element leave no record anyone can trust.",
		Mitigations: []string{"An organization trail in every region with log file validation, to a log archive account (awssec checks cloudtrail-multi-region-logging, cloudtrail-organization-trail)"},
		Checks:      []string{"cloudtrail-multi-region-logging", "cloudtrail-log-file-validation"},
		match:       onFindings("cloudtrail-multi-region-logging")},
	{ID: "no-threat-detection", Category: Repudiation, Applies: kinds(process), Impact: finding.Medium,
		Title:       "No threat detection in the element's account",
		Rationale:   "Without GuardDuty, credential exfiltration, crypto-mining and reconnaissance against this element go unnoticed.",
		Mitigations: []string{"Enable Amazon GuardDuty in every region with the protection plans for the workloads (awssec checks guardduty-enabled, guardduty-protection-plans); Security Hub to collect findings"},
		Checks:      []string{"guardduty-enabled", "securityhub-enabled"},
		match:       onFindings("guardduty-enabled")},

	// Stores.
	{ID: "unencrypted", Category: InformationDisclosure, Applies: kinds(store), Impact: finding.High,
		Title:     "Store without encryption holding confidential data",
		Rationale: "Unencrypted storage is readable from snapshots, backups, decommissioned media and any copy an attacker makes; KMS encryption adds a second permission (kms:Decrypt) the attacker must also hold.",
		Mitigations: []string{"Encrypt with AWS KMS customer managed keys: S3 SSE-KMS, EBS encryption by default, RDS/Aurora storage encryption (at creation: copy the snapshot encrypted), SQS/SNS SSE",
			"(awssec checks rds-instance-storage-encrypted, ebs-volume-encrypted, ebs-encryption-by-default, s3-bucket-cmk-encryption, sqs-queue-encrypted, sns-topic-encrypted, opensearch-encryption-at-rest)"},
		Checks: []string{"rds-instance-storage-encrypted", "rds-cluster-storage-encrypted", "ebs-volume-encrypted", "s3-bucket-cmk-encryption", "sqs-queue-encrypted", "sns-topic-encrypted", "opensearch-encryption-at-rest"},
		match: either(func(s *subject) (string, bool) {
			if !notTrue(s.e.Encrypted) || s.sens < model.Confidential {
				return "", false
			}
			return fmt.Sprintf("%s holds %s data and %s", s.name(), s.sens, unless(s.e.Encrypted, "is encrypted at rest", "is not encrypted at rest")), true
		}, "rds-instance-storage-encrypted", "rds-cluster-storage-encrypted", "sqs-queue-encrypted", "sns-topic-encrypted", "opensearch-encryption-at-rest")},
	{ID: "public-store", Category: InformationDisclosure, Applies: kinds(store), Impact: finding.High,
		Title:     "Store readable by anyone",
		Rationale: "A public bucket, queue, topic, database or search domain is found by scanners within hours.",
		Mitigations: []string{"S3 Block Public Access at account and bucket level; no \"*\" principals without conditions; RDS PubliclyAccessible=false; OpenSearch in a VPC",
			"(awssec checks s3-account-public-access-block, s3-bucket-policy-public, s3-bucket-acl-public, rds-instance-public-access, opensearch-domain-open-access, sqs-queue-public, sns-topic-public)"},
		Checks: []string{"s3-bucket-policy-public", "s3-bucket-acl-public", "rds-instance-public-access", "opensearch-domain-open-access", "sqs-queue-public", "sns-topic-public", "ecr-repository-policy-public"},
		match: either(func(s *subject) (string, bool) {
			if !s.e.Public {
				return "", false
			}
			return fmt.Sprintf("%s is readable by anyone", s.name()), true
		}, "s3-bucket-policy-public", "s3-bucket-acl-public", "rds-instance-public-access", "opensearch-domain-open-access", "sqs-queue-public", "sns-topic-public", "ecr-repository-policy-public")},
	{ID: "public-snapshot", Category: InformationDisclosure, Applies: kinds(store), Impact: finding.Critical,
		Title:       "Snapshots of the store are public",
		Rationale:   "A public EBS or RDS snapshot can be restored by any AWS account: the whole data set leaks.",
		Mitigations: []string{"Remove the all group from snapshot permissions; EBS and RDS block public access for snapshots (awssec checks ebs-snapshot-public, rds-snapshot-public)"},
		Checks:      []string{"ebs-snapshot-public", "rds-snapshot-public"},
		match:       onFindings("ebs-snapshot-public", "rds-snapshot-public")},
	{ID: "no-secure-transport", Category: Tampering, Applies: kinds(store), Impact: finding.Medium,
		Title:       "Store accepts requests without TLS",
		Rationale:   "A bucket policy without an aws:SecureTransport deny accepts plain HTTP requests, exposing data and credentials on the way.",
		Mitigations: []string{"Deny s3:* when aws:SecureTransport is false; rds.force_ssl=1 (awssec check s3-bucket-secure-transport)"},
		Checks:      []string{"s3-bucket-secure-transport"},
		match:       onFindings("s3-bucket-secure-transport")},
	{ID: "tenant-isolation", Category: InformationDisclosure, Applies: kinds(store), Impact: finding.High,
		Title:     "Store shared between tenants",
		Rationale: "When tenants share a store, one missing tenant filter in one query shows one customer another's data.",
		Mitigations: []string{"Enforce isolation below the application: IAM policies with dynamic tenant conditions (dynamodb:LeadingKeys, S3 prefixes with ${aws:PrincipalTag/tenant}), PostgreSQL row-level security",
			"Per-tenant KMS keys, or a store (or account) per tenant for the most sensitive tiers"},
		match: func(s *subject) (string, bool) {
			if !s.e.MultiTenant {
				return "", false
			}
			return fmt.Sprintf("%s holds several tenants' data in one store", s.name()), true
		}},
	{ID: "backup-same-principals", Category: DenialOfService, Applies: kinds(store), Impact: finding.High,
		Title:     "Backups deletable by the principals that can delete the store",
		Rationale: "Ransomware and a malicious insider delete backups first; backups the same role can delete are not a recovery plan.",
		Mitigations: []string{"AWS Backup vault lock (compliance mode) and a vault access policy denying backup:DeleteRecoveryPoint; cross-account copies to a backup account",
			"(awssec checks backup-vault-lock, backup-vault-deny-delete, backup-plan-cross-copy)"},
		Checks: []string{"backup-vault-lock", "backup-vault-deny-delete", "backup-plan-cross-copy"},
		match: func(s *subject) (string, bool) {
			if s.e.Backup != model.BackupSame {
				return "", false
			}
			return fmt.Sprintf("%s's backups can be deleted by the same principals that can delete %[1]s", s.name()), true
		}},
	{ID: "no-backup", Category: DenialOfService, Applies: kinds(store), Impact: finding.High,
		Title:     "Store without backups",
		Rationale: "Without backups, deletion, corruption or encryption by ransomware is permanent.",
		Mitigations: []string{"An AWS Backup plan covering the store, with retention and cross-account copy; RDS automated backups with retention ≥ 7 days",
			"(awssec checks backup-resource-recent, rds-instance-backup-retention)"},
		Checks: []string{"backup-resource-recent", "rds-instance-backup-retention"},
		match: either(func(s *subject) (string, bool) {
			if s.e.Backup != model.BackupNone {
				return "", false
			}
			return fmt.Sprintf("%s has no backups", s.name()), true
		}, "backup-resource-recent", "rds-instance-backup-retention")},
	{ID: "no-versioning", Category: Tampering, Applies: kinds(store), Impact: finding.Medium,
		Title:     "Store keeps no previous versions",
		Rationale: "Without versioning an overwrite or delete destroys the only copy, and nobody can tell what was there before.",
		Mitigations: []string{"S3 versioning (with MFA delete or Object Lock for critical data); DynamoDB point-in-time recovery",
			"(awssec checks s3-bucket-versioning, s3-bucket-mfa-delete)"},
		Checks: []string{"s3-bucket-versioning", "s3-bucket-mfa-delete"},
		match: either(func(s *subject) (string, bool) {
			if !isFalse(s.e.Versioning) {
				return "", false
			}
			return fmt.Sprintf("%s does not keep previous versions", s.name()), true
		}, "s3-bucket-versioning")},
	{ID: "no-deletion-protection", Category: DenialOfService, Applies: kinds(store), Impact: finding.Medium,
		Title:       "Store can be deleted in one call",
		Rationale:   "A database without deletion protection is one API call (or one mistaken terraform destroy) from gone.",
		Mitigations: []string{"DeletionProtection on RDS, Aurora and DynamoDB; SCPs denying deletes outside a break-glass role (awssec check rds-instance-deletion-protection)"},
		Checks:      []string{"rds-instance-deletion-protection"},
		match: either(func(s *subject) (string, bool) {
			if !isFalse(s.e.DeletionProtection) {
				return "", false
			}
			return fmt.Sprintf("%s has no deletion protection", s.name()), true
		}, "rds-instance-deletion-protection")},
	{ID: "no-access-logging", Category: Repudiation, Applies: kinds(store), Impact: finding.Medium,
		Title:     "Store without access logs",
		Rationale: "Without access logs nobody can say who read or changed confidential records, or scope a breach.",
		Mitigations: []string{"S3 server access logs or CloudTrail S3 data events; RDS database activity streams or pgaudit; OpenSearch audit logs",
			"(awssec checks s3-bucket-access-logging, cloudtrail-s3-data-events-read, cloudtrail-s3-data-events-write, opensearch-audit-logs)"},
		Checks: []string{"s3-bucket-access-logging", "opensearch-audit-logs"},
		match: either(func(s *subject) (string, bool) {
			if s.sens < model.Confidential || !notTrue(s.e.Logging) {
				return "", false
			}
			return fmt.Sprintf("%s holds %s data and %s", s.name(), s.sens, unless(s.e.Logging, "logs access", "does not log access")), true
		}, "s3-bucket-access-logging", "opensearch-audit-logs")},
	{ID: "internet-store", Category: Tampering, Applies: kinds(store), Impact: finding.High,
		Title:     "Store reached directly from the internet",
		Rationale: "A store the internet talks to directly has no application in front to authenticate, validate and rate-limit requests.",
		Mitigations: []string{"Front stores with an application or API; S3 behind CloudFront with origin access control (awssec check cloudfront-s3-origin-no-oac)",
			"Databases in private subnets, never PubliclyAccessible (awssec check rds-instance-public-access)"},
		Checks: []string{"cloudfront-s3-origin-no-oac", "rds-instance-public-access"},
		match: func(s *subject) (string, bool) {
			for _, f := range s.g.in[s.e.ID] {
				if src := s.g.el[f.From]; src != nil && s.g.inInternet(src) {
					return fmt.Sprintf("%s receives flow %s straight from %s on the internet", s.name(), f.ID, name(src)), true
				}
			}
			return "", false
		}},
	{ID: "log-tampering", Category: Tampering, Applies: kinds(store), Impact: finding.High,
		Title:     "Audit logs can be altered or deleted",
		Rationale: "An attacker who can edit or delete logs erases the evidence; logs need integrity protection and a home outside the workload's reach.",
		Mitigations: []string{"CloudTrail log file validation; S3 Object Lock (compliance mode) on the log bucket in a separate log archive account",
			"(awssec checks cloudtrail-log-file-validation, cloudtrail-bucket-access-logging)"},
		Checks: []string{"cloudtrail-log-file-validation"},
		match: func(s *subject) (string, bool) {
			if !s.e.Log || !notTrue(s.e.Versioning) {
				return "", false
			}
			return fmt.Sprintf("%s holds audit logs and %s", s.name(), unless(s.e.Versioning, "keeps previous versions", "keeps no previous versions")), true
		}},

	// Actors.
	{ID: "no-mfa", Category: Spoofing, Applies: kinds(actor), Impact: finding.High,
		Title:     "Person signs in without MFA",
		Rationale: "Passwords are phished, reused and guessed; without a second factor the password is the identity.",
		Mitigations: []string{"IAM Identity Center with MFA required (phishing-resistant FIDO2 for administrators); hardware MFA on the root user",
			"(awssec checks iam-user-console-without-mfa, iam-root-mfa, iam-root-hardware-mfa)"},
		Checks: []string{"iam-user-console-without-mfa", "iam-root-mfa"},
		match: func(s *subject) (string, bool) {
			if !s.e.Human || !notTrue(s.e.MFA) {
				return "", false
			}
			return fmt.Sprintf("%s is a person and %s", s.name(), unless(s.e.MFA, "signs in with MFA", "signs in without MFA")), true
		}},
	{ID: "long-lived-keys", Category: Spoofing, Applies: kinds(actor), Impact: finding.Medium,
		Title:     "Actor authenticates with long-lived access keys",
		Rationale: "Access keys that never expire leak through repositories, laptops and CI logs, and work from anywhere until someone notices.",
		Mitigations: []string{"Roles and temporary credentials: IAM Identity Center, OIDC federation for CI (GitHub Actions), IAM Roles Anywhere",
			"Rotate or remove keys (awssec checks iam-access-key-rotation, iam-user-unused-credentials, iam-root-access-keys)"},
		Checks: []string{"iam-access-key-rotation", "iam-user-unused-credentials", "iam-root-access-keys"},
		match:  onFindings("iam-access-key-rotation", "iam-root-access-keys")},
}

func boundaryName(e *model.Element) string {
	if e == nil || e.Boundary == "" {
		return "no boundary"
	}
	return e.Boundary
}
