package exercise

import (
	"fmt"

	"github.com/awssec/awssec/iam/eval"
	"github.com/awssec/awssec/iam/policy"
)

// iamTask is an exercise whose answer is a policy, graded by evaluating
// hidden requests with iam/eval: each must come out allowed or denied as
// the task says.
type iamTask struct {
	id, title, prompt, seed string
	kind                    policy.Kind
	// alongside are identity policies every request is evaluated with, as
	// the task describes them (an allow-all policy beside a guard-rail).
	alongside []string
	requests  []iamRequest
	// model is an answer that passes; the tests hold the grader to it.
	model string
}

type iamRequest struct {
	name  string
	req   eval.Request
	allow bool
}

const (
	acct      = "111122223333"
	otherAcct = "444455556666"
	alice     = "arn:aws:iam::" + acct + ":user/alice"
	allowAll  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	fullSCP   = allowAll // FullAWSAccess, attached beside every SCP answer as Organizations does
)

func ctx(kv ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = append(m[kv[i]], kv[i+1])
	}
	return m
}

func (t *iamTask) exercise() *Exercise {
	return &Exercise{
		ID: t.id, Title: t.title, Kind: "iam-policy", Prompt: t.prompt, Seed: t.seed,
		Answer: fmt.Sprintf("a JSON %s policy", t.kind),
		grade:  t.grade,
	}
}

func (t *iamTask) grade(name string, answer []byte) (*Result, error) {
	p, err := policy.Parse(name, answer)
	if err != nil {
		return nil, err
	}
	if errs := p.Check(t.kind); len(errs) > 0 {
		return nil, fmt.Errorf("not a valid %s policy: %w", t.kind, errs[0])
	}
	var along []*policy.Policy
	for i, doc := range t.alongside {
		ap, err := policy.Parse(fmt.Sprintf("policy beside the answer %d", i+1), []byte(doc))
		if err != nil {
			return nil, err
		}
		along = append(along, ap)
	}
	r := &Result{}
	for _, q := range t.requests {
		pols := &eval.Policies{Identity: along}
		switch t.kind {
		case policy.IdentityPolicy:
			pols.Identity = append([]*policy.Policy{p}, along...)
		case policy.ResourcePolicy, policy.TrustPolicy:
			pols.Resource = p
		case policy.SCP:
			full, _ := policy.Parse("FullAWSAccess", []byte(fullSCP))
			pols.SCPs = [][]*policy.Policy{{full, p}}
		case policy.BoundaryPolicy:
			pols.Boundary = p
		}
		req := q.req
		d, err := eval.Evaluate(pols, &req)
		if err != nil {
			return nil, err
		}
		got := d.Result == eval.Allow
		c := Check{Name: q.name, OK: got == q.allow}
		if !c.OK {
			want := "denied"
			if q.allow {
				want = "allowed"
			}
			c.Detail = fmt.Sprintf("should be %s, but is %s: %s", want, d.Result, d.Reason())
		}
		r.Checks = append(r.Checks, c)
	}
	return r.score(), nil
}

func iamExercises() []*Exercise {
	var out []*Exercise
	for _, t := range iamTasks {
		out = append(out, t.exercise())
	}
	return out
}

func s3obj(bucket, key string) string { return "arn:aws:s3:::" + bucket + "/" + key }

var iamTasks = []*iamTask{{
	id: "iam-least-privilege-s3", title: "Least privilege for a reporting job on S3", kind: policy.IdentityPolicy,
	prompt: "The reporting job runs as the IAM user alice. It must read the objects under reports/2026/ in the bucket\n" +
		"acme-reports and list that prefix (and only that prefix). It must not read other years, write or delete\n" +
		"anything, or touch other buckets. Write alice's identity policy.",
	requests: []iamRequest{
		{"read this year's report", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("acme-reports", "reports/2026/q1.csv")}, true},
		{"list this year's prefix", eval.Request{Principal: alice, Action: "s3:ListBucket", Resource: "arn:aws:s3:::acme-reports", Context: ctx("s3:prefix", "reports/2026/")}, true},
		{"read last year's report", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("acme-reports", "reports/2025/q4.csv")}, false},
		{"list every report", eval.Request{Principal: alice, Action: "s3:ListBucket", Resource: "arn:aws:s3:::acme-reports", Context: ctx("s3:prefix", "reports/")}, false},
		{"list the whole bucket", eval.Request{Principal: alice, Action: "s3:ListBucket", Resource: "arn:aws:s3:::acme-reports"}, false},
		{"overwrite a report", eval.Request{Principal: alice, Action: "s3:PutObject", Resource: s3obj("acme-reports", "reports/2026/q1.csv")}, false},
		{"delete a report", eval.Request{Principal: alice, Action: "s3:DeleteObject", Resource: s3obj("acme-reports", "reports/2026/q1.csv")}, false},
		{"read another bucket", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("acme-payroll", "reports/2026/q1.csv")}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-reports/reports/2026/*"},
		{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::acme-reports","Condition":{"StringLike":{"s3:prefix":"reports/2026/*"}}}]}`,
}, {
	id: "iam-dynamodb-read-table", title: "Read one DynamoDB table and its indexes", kind: policy.IdentityPolicy,
	prompt: "The orders service (user alice) reads items of the DynamoDB table orders (us-east-1, account 111122223333)\n" +
		"with GetItem and Query, on the table and on its indexes. It must not Scan, write, or read other tables.",
	requests: []iamRequest{
		{"get an order", eval.Request{Principal: alice, Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:" + acct + ":table/orders"}, true},
		{"query an index", eval.Request{Principal: alice, Action: "dynamodb:Query", Resource: "arn:aws:dynamodb:us-east-1:" + acct + ":table/orders/index/by-customer"}, true},
		{"scan the table", eval.Request{Principal: alice, Action: "dynamodb:Scan", Resource: "arn:aws:dynamodb:us-east-1:" + acct + ":table/orders"}, false},
		{"write an order", eval.Request{Principal: alice, Action: "dynamodb:PutItem", Resource: "arn:aws:dynamodb:us-east-1:" + acct + ":table/orders"}, false},
		{"read customers", eval.Request{Principal: alice, Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:" + acct + ":table/customers"}, false},
		{"read orders elsewhere", eval.Request{Principal: alice, Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:eu-west-1:" + acct + ":table/orders"}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],
		"Resource":["arn:aws:dynamodb:us-east-1:111122223333:table/orders","arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/*"]}]}`,
}, {
	id: "iam-lambda-execution-role", title: "A Lambda function's execution role", kind: policy.IdentityPolicy,
	seed: "lambda-iam-check",
	prompt: "The function resize (us-east-1, account 111122223333) runs as the role resize-role. It writes its logs to\n" +
		"its own log group /aws/lambda/resize and sends messages to the SQS queue jobs. Nothing else. Write the\n" +
		"role's identity policy.",
	requests: []iamRequest{
		{"create its log stream", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/resize-role", Action: "logs:CreateLogStream", Resource: "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/lambda/resize:log-stream:2026/11/25/abc"}, true},
		{"write its logs", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/resize-role", Action: "logs:PutLogEvents", Resource: "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/lambda/resize:log-stream:2026/11/25/abc"}, true},
		{"send a job", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/resize-role", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:" + acct + ":jobs"}, true},
		{"write another function's logs", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/resize-role", Action: "logs:PutLogEvents", Resource: "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/lambda/payroll:log-stream:x"}, false},
		{"delete its log group", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/resize-role", Action: "logs:DeleteLogGroup", Resource: "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/lambda/resize"}, false},
		{"send to another queue", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/resize-role", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:" + acct + ":payments"}, false},
		{"delete the queue", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/resize-role", Action: "sqs:DeleteQueue", Resource: "arn:aws:sqs:us-east-1:" + acct + ":jobs"}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/resize:*"},
		{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:jobs"}]}`,
}, {
	id: "iam-passrole-scoped", title: "iam:PassRole without escalation", kind: policy.IdentityPolicy,
	prompt: "The deploy user alice creates Lambda functions that run as the role app-runtime. She may pass that role,\n" +
		"only that role and only to Lambda, and create functions. She must not pass other roles (an administrator\n" +
		"role exists), pass app-runtime to EC2, or create roles.",
	requests: []iamRequest{
		{"pass app-runtime to Lambda", eval.Request{Principal: alice, Action: "iam:PassRole", Resource: "arn:aws:iam::" + acct + ":role/app-runtime", Context: ctx("iam:PassedToService", "lambda.amazonaws.com")}, true},
		{"create a function", eval.Request{Principal: alice, Action: "lambda:CreateFunction", Resource: "arn:aws:lambda:us-east-1:" + acct + ":function:thumbnail"}, true},
		{"pass app-runtime to EC2", eval.Request{Principal: alice, Action: "iam:PassRole", Resource: "arn:aws:iam::" + acct + ":role/app-runtime", Context: ctx("iam:PassedToService", "ec2.amazonaws.com")}, false},
		{"pass the administrator role", eval.Request{Principal: alice, Action: "iam:PassRole", Resource: "arn:aws:iam::" + acct + ":role/admin", Context: ctx("iam:PassedToService", "lambda.amazonaws.com")}, false},
		{"create a role", eval.Request{Principal: alice, Action: "iam:CreateRole", Resource: "arn:aws:iam::" + acct + ":role/new"}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app-runtime","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}},
		{"Effect":"Allow","Action":"lambda:CreateFunction","Resource":"*"}]}`,
}, {
	id: "iam-ec2-abac", title: "Start and stop your team's instances (ABAC)", kind: policy.IdentityPolicy,
	prompt: "Engineers carry a principal tag team. Each may start and stop the EC2 instances whose tag team equals\n" +
		"their own, in any region of account 111122223333, and nothing else: no other team's instances, no\n" +
		"untagged instances, no terminating. One policy for everyone.",
	requests: []iamRequest{
		{"start my team's instance", eval.Request{Principal: alice, Action: "ec2:StartInstances", Resource: "arn:aws:ec2:us-east-1:" + acct + ":instance/i-0abc", Context: ctx("aws:ResourceTag/team", "web", "aws:PrincipalTag/team", "web")}, true},
		{"stop my team's instance", eval.Request{Principal: alice, Action: "ec2:StopInstances", Resource: "arn:aws:ec2:eu-west-1:" + acct + ":instance/i-0def", Context: ctx("aws:ResourceTag/team", "web", "aws:PrincipalTag/team", "web")}, true},
		{"stop another team's instance", eval.Request{Principal: alice, Action: "ec2:StopInstances", Resource: "arn:aws:ec2:us-east-1:" + acct + ":instance/i-0db", Context: ctx("aws:ResourceTag/team", "db", "aws:PrincipalTag/team", "web")}, false},
		{"stop an untagged instance", eval.Request{Principal: alice, Action: "ec2:StopInstances", Resource: "arn:aws:ec2:us-east-1:" + acct + ":instance/i-0none", Context: ctx("aws:PrincipalTag/team", "web")}, false},
		{"start without a team tag", eval.Request{Principal: alice, Action: "ec2:StartInstances", Resource: "arn:aws:ec2:us-east-1:" + acct + ":instance/i-0abc", Context: ctx("aws:ResourceTag/team", "web")}, false},
		{"terminate my team's instance", eval.Request{Principal: alice, Action: "ec2:TerminateInstances", Resource: "arn:aws:ec2:us-east-1:" + acct + ":instance/i-0abc", Context: ctx("aws:ResourceTag/team", "web", "aws:PrincipalTag/team", "web")}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances"],
		"Resource":"arn:aws:ec2:*:111122223333:instance/*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}`,
}, {
	id: "iam-fix-mfa-policy", title: "Fix the guide's MFA policy", kind: policy.IdentityPolicy, seed: "mfa-policy",
	alongside: []string{allowAll},
	prompt: "The guide's policy (Deny NotAction iam:* when BoolIfExists aws:MultiFactorAuthPresent is false) leaves every\n" +
		"IAM action open without MFA. Rewrite it so that, beside alice's other policy that allows everything, a\n" +
		"request without MFA (from the console or a long-term access key) is denied everything except what alice\n" +
		"needs to set up her own virtual MFA device and get an MFA session: creating, enabling, listing and\n" +
		"resyncing MFA devices, reading her own user, and sts:GetSessionToken. With MFA, nothing is taken away.",
	requests: []iamRequest{
		{"read S3 with a long-term key", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("data", "x")}, false},
		{"read S3 in a console session without MFA", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("data", "x"), Context: ctx("aws:MultiFactorAuthPresent", "false")}, false},
		{"read S3 with MFA", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("data", "x"), Context: ctx("aws:MultiFactorAuthPresent", "true")}, true},
		{"create an access key without MFA", eval.Request{Principal: alice, Action: "iam:CreateAccessKey", Resource: alice}, false},
		{"attach a policy to herself without MFA", eval.Request{Principal: alice, Action: "iam:AttachUserPolicy", Resource: alice}, false},
		{"delete the guard without MFA", eval.Request{Principal: alice, Action: "iam:DeleteUserPolicy", Resource: alice}, false},
		{"create her MFA device", eval.Request{Principal: alice, Action: "iam:CreateVirtualMFADevice", Resource: "arn:aws:iam::" + acct + ":mfa/alice"}, true},
		{"enable her MFA device", eval.Request{Principal: alice, Action: "iam:EnableMFADevice", Resource: alice}, true},
		{"list her MFA devices", eval.Request{Principal: alice, Action: "iam:ListMFADevices", Resource: alice}, true},
		{"get an MFA session", eval.Request{Principal: alice, Action: "sts:GetSessionToken", Resource: "*"}, true},
		{"create a user with MFA", eval.Request{Principal: alice, Action: "iam:CreateUser", Resource: "arn:aws:iam::" + acct + ":user/bob", Context: ctx("aws:MultiFactorAuthPresent", "true")}, true},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllExceptMFASetupWithoutMFA","Effect":"Deny",
		"NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:ResyncMFADevice","iam:GetUser","sts:GetSessionToken"],
		"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}`,
}, {
	id: "iam-fix-payroll-policy", title: "Fix the guide's payroll policy", kind: policy.IdentityPolicy, seed: "payroll-notresource-policy",
	prompt: "The guide's payroll policy (Deny s3:* with NotResource arn:aws:s3:::HRBucket/Payroll…) grants nothing and\n" +
		"names a bucket that cannot exist. Write alice's identity policy so she can list the Payroll/ prefix of the\n" +
		"bucket hrbucket and read the objects under it — nothing else in S3.",
	requests: []iamRequest{
		{"read a payslip", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("hrbucket", "Payroll/2026-11.pdf")}, true},
		{"list the payroll prefix", eval.Request{Principal: alice, Action: "s3:ListBucket", Resource: "arn:aws:s3:::hrbucket", Context: ctx("s3:prefix", "Payroll/")}, true},
		{"read outside payroll", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("hrbucket", "Reviews/alice.pdf")}, false},
		{"list the whole bucket", eval.Request{Principal: alice, Action: "s3:ListBucket", Resource: "arn:aws:s3:::hrbucket"}, false},
		{"write a payslip", eval.Request{Principal: alice, Action: "s3:PutObject", Resource: s3obj("hrbucket", "Payroll/2026-11.pdf")}, false},
		{"read the upper-case twin", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("HRBucket", "Payroll/x")}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::hrbucket/Payroll/*"},
		{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::hrbucket","Condition":{"StringLike":{"s3:prefix":"Payroll/*"}}}]}`,
}, {
	id: "iam-bucket-policy-tls", title: "A bucket policy that requires TLS", kind: policy.ResourcePolicy,
	alongside: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`},
	prompt: "Write the bucket policy of acme-data: the role app (account 111122223333) may read objects; every request\n" +
		"that does not use TLS is denied, whoever makes it. Everyone's identity policies allow s3:GetObject on *.",
	requests: []iamRequest{
		{"app reads over TLS", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "s3:GetObject", Resource: s3obj("acme-data", "a.json"), ResourceAccount: acct, Context: ctx("aws:SecureTransport", "true")}, true},
		{"app reads over plain HTTP", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "s3:GetObject", Resource: s3obj("acme-data", "a.json"), ResourceAccount: acct, Context: ctx("aws:SecureTransport", "false")}, false},
		{"another account reads over TLS", eval.Request{Principal: "arn:aws:iam::" + otherAcct + ":user/mallory", Action: "s3:GetObject", Resource: s3obj("acme-data", "a.json"), ResourceAccount: acct, Context: ctx("aws:SecureTransport", "true")}, false},
		{"anonymous read", eval.Request{Principal: "*", Action: "s3:GetObject", Resource: s3obj("acme-data", "a.json"), ResourceAccount: acct, Context: ctx("aws:SecureTransport", "true")}, false},
		{"app writes over TLS", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "s3:PutObject", Resource: s3obj("acme-data", "a.json"), ResourceAccount: acct, Context: ctx("aws:SecureTransport", "true")}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[
		{"Sid":"DenyPlainHTTP","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::acme-data","arn:aws:s3:::acme-data/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},
		{"Sid":"AppReads","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-data/*"}]}`,
}, {
	id: "iam-bucket-policy-org-only", title: "Share a bucket with the organization only", kind: policy.ResourcePolicy,
	alongside: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`},
	prompt: "The bucket shared-artifacts (account 111122223333) must be readable (s3:GetObject) by every principal of\n" +
		"the organization o-a1b2c3d4e5, whatever its account, and by nobody outside it. Write the bucket policy.",
	requests: []iamRequest{
		{"a member account reads", eval.Request{Principal: "arn:aws:iam::" + otherAcct + ":role/ci", Action: "s3:GetObject", Resource: s3obj("shared-artifacts", "app.zip"), ResourceAccount: acct, Context: ctx("aws:PrincipalOrgID", "o-a1b2c3d4e5")}, true},
		{"an outside account reads", eval.Request{Principal: "arn:aws:iam::999988887777:role/ci", Action: "s3:GetObject", Resource: s3obj("shared-artifacts", "app.zip"), ResourceAccount: acct, Context: ctx("aws:PrincipalOrgID", "o-zzzzzzzzzz")}, false},
		{"an account outside any organization reads", eval.Request{Principal: "arn:aws:iam::999988887777:role/ci", Action: "s3:GetObject", Resource: s3obj("shared-artifacts", "app.zip"), ResourceAccount: acct}, false},
		{"anonymous read", eval.Request{Principal: "*", Action: "s3:GetObject", Resource: s3obj("shared-artifacts", "app.zip"), ResourceAccount: acct}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-artifacts/*",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}`,
}, {
	id: "iam-trust-external-id", title: "A third party's role, with an external id", kind: policy.TrustPolicy, seed: "cross-account-access",
	alongside: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`},
	prompt: "A vendor scans your account with its role arn:aws:iam::999988887777:role/scanner. Write the trust policy of\n" +
		"your role vendor-audit so that only that role can assume it, and only when it passes the external id\n" +
		"7f3c9e2a (the confused-deputy defence).",
	requests: []iamRequest{
		{"the scanner with the external id", eval.Request{Principal: "arn:aws:iam::999988887777:role/scanner", Action: "sts:AssumeRole", Resource: "arn:aws:iam::" + acct + ":role/vendor-audit", Context: ctx("sts:ExternalId", "7f3c9e2a")}, true},
		{"the scanner without it", eval.Request{Principal: "arn:aws:iam::999988887777:role/scanner", Action: "sts:AssumeRole", Resource: "arn:aws:iam::" + acct + ":role/vendor-audit"}, false},
		{"the scanner with another id", eval.Request{Principal: "arn:aws:iam::999988887777:role/scanner", Action: "sts:AssumeRole", Resource: "arn:aws:iam::" + acct + ":role/vendor-audit", Context: ctx("sts:ExternalId", "guess")}, false},
		{"another role of the vendor", eval.Request{Principal: "arn:aws:iam::999988887777:role/intern", Action: "sts:AssumeRole", Resource: "arn:aws:iam::" + acct + ":role/vendor-audit", Context: ctx("sts:ExternalId", "7f3c9e2a")}, false},
		{"another customer of the vendor", eval.Request{Principal: "arn:aws:iam::" + otherAcct + ":role/scanner", Action: "sts:AssumeRole", Resource: "arn:aws:iam::" + acct + ":role/vendor-audit", Context: ctx("sts:ExternalId", "7f3c9e2a")}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:role/scanner"},
		"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"7f3c9e2a"}}}]}`,
}, {
	id: "iam-trust-github-oidc", title: "GitHub Actions OIDC, pinned to a repository", kind: policy.TrustPolicy,
	prompt: "Write the trust policy of the role deploy so that GitHub Actions workflows of the repository acme/web,\n" +
		"running on the main branch, can assume it through the OIDC provider\n" +
		"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com — and no other repository,\n" +
		"branch or audience.",
	requests: []iamRequest{
		{"acme/web on main", eval.Request{Principal: "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com", Action: "sts:AssumeRoleWithWebIdentity", Resource: "arn:aws:iam::" + acct + ":role/deploy",
			Context: ctx("token.actions.githubusercontent.com:sub", "repo:acme/web:ref:refs/heads/main", "token.actions.githubusercontent.com:aud", "sts.amazonaws.com")}, true},
		{"acme/web on a feature branch", eval.Request{Principal: "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com", Action: "sts:AssumeRoleWithWebIdentity", Resource: "arn:aws:iam::" + acct + ":role/deploy",
			Context: ctx("token.actions.githubusercontent.com:sub", "repo:acme/web:ref:refs/heads/feature", "token.actions.githubusercontent.com:aud", "sts.amazonaws.com")}, false},
		{"a fork", eval.Request{Principal: "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com", Action: "sts:AssumeRoleWithWebIdentity", Resource: "arn:aws:iam::" + acct + ":role/deploy",
			Context: ctx("token.actions.githubusercontent.com:sub", "repo:mallory/web:ref:refs/heads/main", "token.actions.githubusercontent.com:aud", "sts.amazonaws.com")}, false},
		{"another audience", eval.Request{Principal: "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com", Action: "sts:AssumeRoleWithWebIdentity", Resource: "arn:aws:iam::" + acct + ":role/deploy",
			Context: ctx("token.actions.githubusercontent.com:sub", "repo:acme/web:ref:refs/heads/main", "token.actions.githubusercontent.com:aud", "https://example.com")}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
		"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com",
		"token.actions.githubusercontent.com:sub":"repo:acme/web:ref:refs/heads/main"}}}]}`,
}, {
	id: "iam-scp-deny-regions", title: "An SCP that keeps workloads in two regions", kind: policy.SCP,
	alongside: []string{allowAll},
	prompt: "Write an SCP (attached beside FullAWSAccess) that denies every action outside us-east-1 and eu-west-1,\n" +
		"except the global services IAM, STS, Organizations, CloudFront, Route 53 and Support, whose calls go to\n" +
		"us-east-1 whatever region the caller works in.",
	requests: []iamRequest{
		{"launch in us-east-1", eval.Request{Principal: alice, Action: "ec2:RunInstances", Resource: "*", Context: ctx("aws:RequestedRegion", "us-east-1")}, true},
		{"read S3 in eu-west-1", eval.Request{Principal: alice, Action: "s3:GetObject", Resource: s3obj("data", "x"), Context: ctx("aws:RequestedRegion", "eu-west-1")}, true},
		{"launch in ap-south-1", eval.Request{Principal: alice, Action: "ec2:RunInstances", Resource: "*", Context: ctx("aws:RequestedRegion", "ap-south-1")}, false},
		{"create a table in sa-east-1", eval.Request{Principal: alice, Action: "dynamodb:CreateTable", Resource: "*", Context: ctx("aws:RequestedRegion", "sa-east-1")}, false},
		{"create a role from ap-south-1", eval.Request{Principal: alice, Action: "iam:CreateRole", Resource: "*", Context: ctx("aws:RequestedRegion", "ap-south-1")}, true},
		{"assume a role from ap-south-1", eval.Request{Principal: alice, Action: "sts:AssumeRole", Resource: "*", Context: ctx("aws:RequestedRegion", "ap-south-1")}, true},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideRegions","Effect":"Deny",
		"NotAction":["iam:*","sts:*","organizations:*","cloudfront:*","route53:*","support:*"],"Resource":"*",
		"Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}`,
}, {
	id: "iam-scp-protect-cloudtrail", title: "An SCP that protects CloudTrail", kind: policy.SCP,
	alongside: []string{allowAll},
	prompt: "Write an SCP (attached beside FullAWSAccess) so that nobody can stop logging, delete or update a trail,\n" +
		"or change its event selectors — except the role break-glass in any account. Reading trails and events\n" +
		"stays allowed.",
	requests: []iamRequest{
		{"alice stops logging", eval.Request{Principal: alice, Action: "cloudtrail:StopLogging", Resource: "arn:aws:cloudtrail:us-east-1:" + acct + ":trail/org"}, false},
		{"alice deletes the trail", eval.Request{Principal: alice, Action: "cloudtrail:DeleteTrail", Resource: "arn:aws:cloudtrail:us-east-1:" + acct + ":trail/org"}, false},
		{"alice changes event selectors", eval.Request{Principal: alice, Action: "cloudtrail:PutEventSelectors", Resource: "arn:aws:cloudtrail:us-east-1:" + acct + ":trail/org"}, false},
		{"alice updates the trail", eval.Request{Principal: alice, Action: "cloudtrail:UpdateTrail", Resource: "arn:aws:cloudtrail:us-east-1:" + acct + ":trail/org"}, false},
		{"alice looks up events", eval.Request{Principal: alice, Action: "cloudtrail:LookupEvents", Resource: "*"}, true},
		{"break-glass updates the trail", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/break-glass", Action: "cloudtrail:UpdateTrail", Resource: "arn:aws:cloudtrail:us-east-1:" + acct + ":trail/org"}, true},
		{"break-glass session stops logging", eval.Request{Principal: "arn:aws:sts::" + otherAcct + ":assumed-role/break-glass/oncall", Action: "cloudtrail:StopLogging", Resource: "arn:aws:cloudtrail:us-east-1:" + otherAcct + ":trail/org"}, true},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny",
		"Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail","cloudtrail:UpdateTrail","cloudtrail:PutEventSelectors"],"Resource":"*",
		"Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/break-glass"}}}]}`,
}, {
	id: "iam-boundary-developers", title: "A permissions boundary for developer-created roles", kind: policy.BoundaryPolicy,
	alongside: []string{allowAll},
	prompt: "Developers may create roles for their applications, and every such role must carry your permissions\n" +
		"boundary. Write it: the roles may use S3, DynamoDB, Lambda and CloudWatch Logs, and nothing else — in\n" +
		"particular no IAM, no Organizations, no EC2 — even when their own policies allow everything.",
	requests: []iamRequest{
		{"read S3", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "s3:GetObject", Resource: s3obj("data", "x")}, true},
		{"write DynamoDB", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "dynamodb:PutItem", Resource: "arn:aws:dynamodb:us-east-1:" + acct + ":table/t"}, true},
		{"write logs", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "logs:PutLogEvents", Resource: "*"}, true},
		{"create a user", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "iam:CreateUser", Resource: "*"}, false},
		{"launch an instance", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "ec2:RunInstances", Resource: "*"}, false},
		{"leave the organization", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "organizations:LeaveOrganization", Resource: "*"}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","dynamodb:*","lambda:*","logs:*"],"Resource":"*"}]}`,
}, {
	id: "iam-kms-key-policy", title: "A key policy that separates use from administration", kind: policy.ResourcePolicy, seed: "kms-s3-download-denied",
	alongside: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}`},
	prompt: "Write the key policy of a KMS key in account 111122223333. Only the role app may encrypt and decrypt with\n" +
		"it; only the role key-admin may manage it (describe, enable, disable, schedule deletion) and must not use\n" +
		"it. Do not delegate to IAM: everyone's identity policies allow kms:*.",
	requests: []iamRequest{
		{"app decrypts", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"}, true},
		{"app encrypts", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "kms:Encrypt", Resource: "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"}, true},
		{"app schedules deletion", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/app", Action: "kms:ScheduleKeyDeletion", Resource: "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"}, false},
		{"key-admin disables the key", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/key-admin", Action: "kms:DisableKey", Resource: "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"}, true},
		{"key-admin decrypts", eval.Request{Principal: "arn:aws:iam::" + acct + ":role/key-admin", Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"}, false},
		{"alice decrypts with kms:* in IAM", eval.Request{Principal: alice, Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[
		{"Sid":"Use","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*"],"Resource":"*"},
		{"Sid":"Administer","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/key-admin"},
		 "Action":["kms:Describe*","kms:Enable*","kms:Disable*","kms:ScheduleKeyDeletion","kms:CancelKeyDeletion","kms:Get*","kms:List*","kms:Put*","kms:Update*","kms:TagResource","kms:UntagResource"],"Resource":"*"}]}`,
}, {
	id: "iam-sqs-queue-policy-sns", title: "A queue that only one SNS topic may feed", kind: policy.ResourcePolicy,
	prompt: "The queue orders-events (us-east-1, account 111122223333) is subscribed to the SNS topic\n" +
		"arn:aws:sns:us-east-1:111122223333:orders. Write the queue policy so SNS can deliver messages from that\n" +
		"topic — and from no other topic, account or anonymous caller.",
	requests: []iamRequest{
		{"SNS delivers from the topic", eval.Request{Principal: "sns.amazonaws.com", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:" + acct + ":orders-events", Context: ctx("aws:SourceArn", "arn:aws:sns:us-east-1:"+acct+":orders")}, true},
		{"SNS delivers from another topic", eval.Request{Principal: "sns.amazonaws.com", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:" + acct + ":orders-events", Context: ctx("aws:SourceArn", "arn:aws:sns:us-east-1:"+otherAcct+":spam")}, false},
		{"anonymous send", eval.Request{Principal: "*", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:" + acct + ":orders-events"}, false},
		{"SNS deletes the queue", eval.Request{Principal: "sns.amazonaws.com", Action: "sqs:DeleteQueue", Resource: "arn:aws:sqs:us-east-1:" + acct + ":orders-events", Context: ctx("aws:SourceArn", "arn:aws:sns:us-east-1:"+acct+":orders")}, false},
	},
	model: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage",
		"Resource":"arn:aws:sqs:us-east-1:111122223333:orders-events","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:orders"}}}]}`,
}}
