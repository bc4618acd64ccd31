package attackpath

import (
	"fmt"
	"slices"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// The path rules. Each names the checks it combines; each path's Fix is
// the single change that breaks it with the least collateral: the exposed
// link, not the workload behind it.

// ssrfRule is the seed's SSRF chain: an internet-facing instance that
// allows IMDSv1, whose role can read a data store.
func ssrfRule() *Rule {
	r := &Rule{ID: "ssrf-imds-role-to-data", Severity: finding.Critical,
		Title:  "SSRF on an internet-facing instance steals its role's credentials through IMDSv1 and reads a data store",
		Checks: []string{"ec2-imdsv1-allowed", "ec2-sg-open-to-internet", "ec2-instance-public-http-without-tls", "ec2-instance-in-public-subnet-with-admin-port"}}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for a, reg := range x.Estate.Regions() {
			for _, inst := range reg.Resources.EC2Instances {
				imds := x.failed(a.ID, inst.Type(), inst.ID, "ec2-imdsv1-allowed")
				if len(imds) == 0 {
					continue
				}
				role := x.instanceRole(a, inst)
				if role == nil {
					continue
				}
				// The way in: the instance's own public address, or a
				// CloudFront distribution in front of it.
				var head []finding.Step
				answers := fmt.Sprintf("public %s answers", publicAddr(inst))
				if exp := x.exposure(a, reg, inst, false); len(exp) > 0 {
					head = []finding.Step{entry(Internet, "anyone on the internet sends a request the application forwards (SSRF)", exp...)}
				} else if da, d, origin := x.frontDoor(inst); d != nil {
					head = []finding.Step{
						entry(Internet, "anyone on the internet sends a request the application forwards (SSRF)"),
						step(da, nil, d, "CloudFront forwards viewers' requests to origin "+origin,
							x.failed(da.ID, d.Type(), d.ID, "cloudfront-waf", "cloudfront-origin-http-only")...),
					}
					answers = "the application behind CloudFront answers"
				} else {
					continue
				}
				rc := x.iam.of(role.ARN)
				for _, b := range rc.buckets {
					steps := append(slices.Clone(head),
						step(a, reg, inst, answers+"; with IMDSv1 a forwarded GET to 169.254.169.254 returns the instance profile's credentials", imds...),
						x.roleStep(a, role, "the stolen temporary credentials act as "+role.Name),
						bucketStep(b, "s3:GetObject allowed by "+role.Name+"'s policies: the objects can be read and copied out"))
					out = append(out, newPath(r, r.Severity,
						fmt.Sprintf("SSRF on %s (IMDSv1) yields %s's credentials, which read s3://%s", name(inst), role.Name, b.bucket.ID),
						fmt.Sprintf("Require IMDSv2 on %s: aws ec2 modify-instance-metadata-options --instance-id %s --http-tokens required --region %s",
							inst.ID, inst.ID, reg.Name),
						steps...))
				}
			}
		}
		return out
	}
	return r
}

func publicAddr(inst *inventory.EC2Instance) string {
	if inst.PublicIP != "" {
		return inst.PublicIP
	}
	if len(inst.IPv6Addresses) > 0 {
		return inst.IPv6Addresses[0]
	}
	return inst.ID
}

// publicDatabaseRule: a database instance reachable from the internet,
// critical when its storage (and so every snapshot) is unencrypted too.
func publicDatabaseRule() *Rule {
	r := &Rule{ID: "public-database", Severity: finding.Critical,
		Title:  "A database is reachable from the internet, and its storage is unencrypted",
		Checks: []string{"rds-instance-public-access", "rds-instance-storage-encrypted", "ec2-sg-open-to-internet"}}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for a, reg := range x.Estate.Regions() {
			for _, db := range reg.Resources.DBInstances {
				public := x.failed(a.ID, db.Type(), db.ID, "rds-instance-public-access")
				if len(public) == 0 {
					continue
				}
				sev, title := finding.High, fmt.Sprintf("%s accepts connections from the internet", db.ID)
				enc := x.failed(a.ID, db.Type(), db.ID, "rds-instance-storage-encrypted")
				desc := fmt.Sprintf("publicly accessible %s endpoint %s:%d: a password guess or an engine bug away from the data", db.Engine, db.EndpointAddress, db.EndpointPort)
				if len(enc) > 0 {
					sev, title = finding.Critical, fmt.Sprintf("%s accepts connections from the internet and its storage and snapshots are unencrypted", db.ID)
					desc += "; storage, backups and snapshots unencrypted"
				}
				out = append(out, newPath(r, sev, title,
					fmt.Sprintf("Turn off public access: aws rds modify-db-instance --db-instance-identifier %s --no-publicly-accessible --apply-immediately --region %s", db.ID, reg.Name),
					entry(Internet, "anyone on the internet reaches the endpoint through its security groups", x.groupExposure(a, db.VPCSecurityGroups, false)...),
					step(a, reg, db, desc, joinChecks(public, enc)...),
				))
			}
		}
		return out
	}
	return r
}

// credentialChecks are the findings that make a user's credential easy to
// steal or reuse: a password without MFA, a long-lived or forgotten key.
var credentialChecks = []string{"iam-user-console-without-mfa", "iam-access-key-rotation", "iam-user-unused-credentials"}

// stolenCredentialRule is the leaked-key blast radius: a user whose
// password works without MFA, or whose access key is old or unused, and
// who may write IAM (so is, or can become, administrator).
func stolenCredentialRule() *Rule {
	r := &Rule{ID: "stolen-credential-iam-write", Severity: finding.Critical,
		Title:  "A stolen password (no MFA) or old access key of a user who can write IAM takes over the account",
		Checks: credentialChecks}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for _, a := range x.Estate.Accounts {
			for _, u := range a.Resources.IAMUsers {
				weak := x.failed(a.ID, u.Type(), u.ID, credentialChecks...)
				if len(weak) == 0 {
					continue
				}
				desc, rest, ok := x.takeover(a, u.ARN, u.Name, "every resource of the account, and its logs and guardrails")
				if !ok {
					continue
				}
				var fix, how string
				if weak[0] == "iam-user-console-without-mfa" {
					how = "a phished or reused console password signs in: no MFA is asked"
					fix = fmt.Sprintf("Require MFA for %s: assign an MFA device (aws iam enable-mfa-device --user-name %s ...) and deny actions without aws:MultiFactorAuthPresent", u.Name, u.Name)
				} else {
					how = "an old or unused access key leaked from a laptop, repository or CI log still signs requests"
					fix = fmt.Sprintf("Deactivate %s's old access keys: aws iam update-access-key --user-name %s --access-key-id <id> --status Inactive", u.Name, u.Name)
				}
				fs := joinChecks(x.failed(a.ID, u.Type(), u.ID, "iam-inline-policy-admin", "iam-passrole-wildcard", "iam-user-direct-policies"),
					x.policyFindings(a, u.AttachedPolicies))
				out = append(out, newPath(r, r.Severity,
					fmt.Sprintf("A stolen credential of %s takes over account %s", u.Name, rest[len(rest)-1].Account),
					fix,
					append([]finding.Step{entry("stolen credential", how, weak...), step(a, nil, u, desc, fs...)}, rest...)...))
			}
		}
		return out
	}
	return r
}

// takeover says how a principal administers an account: itself, when it
// is administrator or may write IAM, or through a privileged role it may
// assume. It returns the principal's step description, the steps after
// it, and false when the principal has neither.
func (x *Index) takeover(a *inventory.Account, arn, who, tail string) (string, []finding.Step, bool) {
	if priv := x.iam.of(arn).privileged(); priv != "" {
		return who + " is " + priv, []finding.Step{accountStep(a, tail)}, true
	}
	pv := x.iam.pivotOf(arn)
	if pv == nil {
		return "", nil, false
	}
	ra, role := x.roleOf(pv.role.ARN)
	if role == nil {
		return "", nil, false
	}
	return who + " may call sts:AssumeRole on " + role.Name, []finding.Step{
		x.roleStep(ra, role, role.Name+" is "+pv.privDesc),
		accountStep(ra, tail),
	}, true
}

// accountStep is the account as a whole, the last step of takeover paths.
func accountStep(a *inventory.Account, desc string) finding.Step {
	return finding.Step{Account: a.ID, Region: finding.Global, ResourceType: "AWS::::Account", ResourceID: a.ID,
		ResourceARN: "arn:aws:iam::" + a.ID + ":root", Description: desc}
}

// rootCredentialRule: the root user has an access key, or signs in
// without MFA.
func rootCredentialRule() *Rule {
	r := &Rule{ID: "root-credential", Severity: finding.Critical,
		Title:  "The root user's access key or MFA-less password opens the whole account",
		Checks: []string{"iam-root-access-keys", "iam-root-mfa"}}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for _, a := range x.Estate.Accounts {
			root := a.Resources.IAMRoot
			if root == nil {
				continue
			}
			weak := x.failed(a.ID, root.Type(), root.ID, "iam-root-access-keys", "iam-root-mfa")
			if len(weak) == 0 {
				continue
			}
			fix := fmt.Sprintf("Delete the root user's access keys of %s (IAM console, signed in as root: Security credentials → Access keys → Delete)", a.ID)
			how := "a leaked root access key signs any request"
			if weak[0] == "iam-root-mfa" {
				fix = fmt.Sprintf("Assign an MFA device to the root user of %s (signed in as root: Security credentials → Assign MFA device)", a.ID)
				how = "a phished or reused root password signs in: no MFA is asked"
			}
			out = append(out, newPath(r, r.Severity,
				fmt.Sprintf("A stolen root credential of %s takes over the account", a.ID), fix,
				entry("stolen credential", how, weak...),
				step(a, nil, root, "root is not bound by IAM policies or permissions boundaries"),
				accountStep(a, "every resource of the account, its billing, and closing it"),
			))
		}
		return out
	}
	return r
}

// lambdaAdminRule: a function anyone on the internet can invoke (a
// function URL with auth NONE, or an API route without an authorizer that
// integrates with it) runs as an administrator role.
func lambdaAdminRule() *Rule {
	r := &Rule{ID: "lambda-admin-unauthenticated", Severity: finding.Critical,
		Title:  "An unauthenticated endpoint invokes a Lambda function whose role is administrator",
		Checks: []string{"lambda-function-url-public", "apigateway-http-route-no-authorization", "apigateway-rest-method-no-authorization"}}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for a, reg := range x.Estate.Regions() {
			for _, fn := range reg.Resources.LambdaFunctions {
				roleAcct, role := x.roleOf(fn.Role)
				if role == nil {
					continue
				}
				rc := x.iam.of(role.ARN)
				priv := rc.privileged()
				if priv == "" {
					continue
				}
				tail := []finding.Step{
					x.roleStep(roleAcct, role, role.Name+" is "+priv),
					accountStep(roleAcct, "every resource of the account"),
				}
				fnDesc := "the function runs with its execution role's credentials; a code or input bug hands them to the caller"
				if url := x.failed(a.ID, fn.Type(), fn.ID, "lambda-function-url-public"); len(url) > 0 {
					out = append(out, newPath(r, r.Severity,
						fmt.Sprintf("Anyone can call %s's function URL, and it runs as administrator %s", fn.ID, role.Name),
						fmt.Sprintf("Require IAM auth on the function URL: aws lambda update-function-url-config --function-name %s --auth-type AWS_IAM --region %s", fn.ID, reg.Name),
						append([]finding.Step{entry(Internet, "anyone on the internet calls the function URL (auth NONE)"),
							step(a, reg, fn, fnDesc, url...)}, tail...)...))
				}
				for _, id := range apiInvokers(fn) {
					apiStep, fix, ok := x.openAPI(a, reg, id)
					if !ok {
						continue
					}
					out = append(out, newPath(r, r.Severity,
						fmt.Sprintf("Anyone can call API %s, which invokes %s as administrator %s", id, fn.ID, role.Name), fix,
						append([]finding.Step{entry(Internet, "anyone on the internet calls a route that has no authorizer"),
							apiStep, step(a, reg, fn, fnDesc)}, tail...)...))
				}
			}
		}
		return out
	}
	return r
}

// openAPI returns the step and fix for an API of the region that has
// routes or methods without authorization, if it has.
func (x *Index) openAPI(a *inventory.Account, reg *inventory.Region, id string) (finding.Step, string, bool) {
	for _, api := range reg.Resources.HTTPAPIs {
		if api.ID != id {
			continue
		}
		if fs := x.failed(a.ID, api.Type(), api.ID, "apigateway-http-route-no-authorization"); len(fs) > 0 {
			return step(a, reg, api, "routes without an authorizer forward any request to the function", fs...),
				fmt.Sprintf("Attach an authorizer to %s's open routes: aws apigatewayv2 update-route --api-id %s --route-id <id> --authorization-type AWS_IAM --region %s", id, id, reg.Name), true
		}
	}
	for _, st := range reg.Resources.RestAPIStages {
		if st.RestAPIID != id {
			continue
		}
		if fs := x.failed(a.ID, st.Type(), st.ID, "apigateway-rest-method-no-authorization"); len(fs) > 0 {
			return step(a, reg, st, "methods without authorization forward any request to the function", fs...),
				fmt.Sprintf("Require authorization on %s's open methods: aws apigateway update-method --rest-api-id %s --resource-id <id> --http-method <m> --patch-operations op=replace,path=/authorizationType,value=AWS_IAM --region %s", id, id, reg.Name), true
		}
	}
	return finding.Step{}, "", false
}

// crossTrustChecks mark a role another account can assume without proving
// who it acts for.
var crossTrustChecks = []string{"iam-role-trust-any-principal", "iam-role-cross-account-without-external-id"}

// crossAccountRoles yields the roles other accounts can assume with no
// sts:ExternalId, and the failing trust checks.
func (x *Index) crossAccountRoles(yield func(a *inventory.Account, role *inventory.IAMRole, trust []string)) {
	for _, a := range x.Estate.Accounts {
		for _, role := range a.Resources.IAMRoles {
			if t := x.failed(a.ID, role.Type(), role.ID, crossTrustChecks...); len(t) > 0 {
				yield(a, role, t)
			}
		}
	}
}

func trustFix(role *inventory.IAMRole, trust []string) string {
	if trust[0] == "iam-role-trust-any-principal" {
		return fmt.Sprintf("Replace Principal \"*\" in %s's trust policy with the accounts that need it, or pin it with aws:PrincipalOrgID (aws iam update-assume-role-policy --role-name %s --policy-document file://trust.json)", role.Name, role.Name)
	}
	return fmt.Sprintf("Require an sts:ExternalId in %s's trust policy (aws iam update-assume-role-policy --role-name %s --policy-document file://trust.json)", role.Name, role.Name)
}

func trustEntry(trust []string) finding.Step {
	if trust[0] == "iam-role-trust-any-principal" {
		return entry(AnyAWSAccount, "any AWS account may call sts:AssumeRole on the role", trust...)
	}
	return entry("trusted third-party account", "the trusted account, or anyone who makes it act for them (confused deputy), assumes the role: no sts:ExternalId", trust...)
}

// crossAccountAdminRule: a cross-account trust without ExternalId into a
// role that is administrator (or can write IAM).
func crossAccountAdminRule() *Rule {
	r := &Rule{ID: "cross-account-admin", Severity: finding.Critical,
		Title:  "Another account assumes an administrator role without an ExternalId",
		Checks: crossTrustChecks}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		x.crossAccountRoles(func(a *inventory.Account, role *inventory.IAMRole, trust []string) {
			desc, rest, ok := x.takeover(a, role.ARN, role.Name, "every resource of the account")
			if !ok {
				return
			}
			out = append(out, newPath(r, r.Severity,
				fmt.Sprintf("Another account assumes %s and administers %s", role.Name, rest[len(rest)-1].Account), trustFix(role, trust),
				append([]finding.Step{trustEntry(trust), x.roleStep(a, role, desc, trust...)}, rest...)...))
		})
		return out
	}
	return r
}

// crossAccountDataRule: the same trust into a role that is not
// administrator but reads data stores.
func crossAccountDataRule() *Rule {
	r := &Rule{ID: "cross-account-data", Severity: finding.High,
		Title:  "Another account assumes a role without an ExternalId and reads a data store",
		Checks: crossTrustChecks}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		x.crossAccountRoles(func(a *inventory.Account, role *inventory.IAMRole, trust []string) {
			rc := x.iam.of(role.ARN)
			if rc.privileged() != "" {
				return
			}
			sev := r.Severity
			if trust[0] == "iam-role-trust-any-principal" {
				sev = finding.Critical
			}
			for _, b := range rc.buckets {
				out = append(out, newPath(r, sev,
					fmt.Sprintf("Another account assumes %s and reads s3://%s", role.Name, b.bucket.ID), trustFix(role, trust),
					trustEntry(trust),
					x.roleStep(a, role, "the session acts as "+role.Name, trust...),
					bucketStep(b, "s3:GetObject allowed by "+role.Name+"'s policies"),
				))
			}
		})
		return out
	}
	return r
}

// publicEBSSnapshotRule: a public EBS snapshot is a copy of a disk anyone
// can mount.
func publicEBSSnapshotRule() *Rule {
	r := &Rule{ID: "public-ebs-snapshot", Severity: finding.Critical,
		Title:  "Any AWS account restores a public EBS snapshot and reads the disk",
		Checks: []string{"ebs-snapshot-public", "ebs-snapshot-encrypted"}}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for a, reg := range x.Estate.Regions() {
			for _, s := range reg.Resources.Snapshots {
				pub := x.failed(a.ID, s.Type(), s.ID, "ebs-snapshot-public")
				if len(pub) == 0 {
					continue
				}
				steps := []finding.Step{
					entry(AnyAWSAccount, "any AWS account creates a volume from the snapshot and attaches it to its own instance"),
					step(a, reg, s, fmt.Sprintf("public snapshot of %s (%d GiB)", s.VolumeID, s.VolumeSize),
						joinChecks(pub, x.failed(a.ID, s.Type(), s.ID, "ebs-snapshot-encrypted"))...),
				}
				for _, v := range reg.Resources.Volumes {
					if v.ID == s.VolumeID {
						steps = append(steps, step(a, reg, v, "the volume's files as of the snapshot: keys, configuration, data",
							x.failed(a.ID, v.Type(), v.ID, "ebs-volume-encrypted")...))
					}
				}
				out = append(out, newPath(r, r.Severity,
					fmt.Sprintf("Anyone restores public snapshot %s and reads its disk", s.ID),
					fmt.Sprintf("Make it private: aws ec2 modify-snapshot-attribute --snapshot-id %s --attribute createVolumePermission --operation-type remove --group-names all --region %s", s.ID, reg.Name),
					steps...))
			}
		}
		return out
	}
	return r
}

// publicRDSSnapshotRule: a public database snapshot is the database.
func publicRDSSnapshotRule() *Rule {
	r := &Rule{ID: "public-rds-snapshot", Severity: finding.Critical,
		Title:  "Any AWS account restores a public database snapshot",
		Checks: []string{"rds-snapshot-public"}}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for a, reg := range x.Estate.Regions() {
			for _, s := range reg.Resources.DBSnapshots {
				pub := x.failed(a.ID, s.Type(), s.ID, "rds-snapshot-public")
				if len(pub) == 0 {
					continue
				}
				fix := fmt.Sprintf("Make it private: aws rds modify-db-snapshot-attribute --db-snapshot-identifier %s --attribute-name restore --values-to-remove all --region %s", s.ID, reg.Name)
				if s.Kind == "cluster" {
					fix = fmt.Sprintf("Make it private: aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier %s --attribute-name restore --values-to-remove all --region %s", s.ID, reg.Name)
				}
				out = append(out, newPath(r, r.Severity,
					fmt.Sprintf("Anyone restores public snapshot %s of %s", s.ID, s.SourceIdentifier), fix,
					entry(AnyAWSAccount, "any AWS account restores the snapshot into a database it controls"),
					step(a, reg, s, fmt.Sprintf("public %s snapshot of %s: every table as of %s", s.Engine, s.SourceIdentifier, s.SnapshotCreateTime.Format("2006-01-02")), pub...),
				))
			}
		}
		return out
	}
	return r
}

// publicBucketRule: a bucket policy or ACL lets everyone read or write.
func publicBucketRule() *Rule {
	r := &Rule{ID: "public-bucket", Severity: finding.High,
		Title:  "Anyone on the internet reads a bucket through its policy or ACL",
		Checks: []string{"s3-bucket-policy-public", "s3-bucket-acl-public", "s3-bucket-public-access-block", "s3-account-public-access-block"}}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for _, a := range x.Estate.Accounts {
			for _, b := range a.Resources.S3Buckets {
				pub := x.failed(a.ID, b.Type(), b.ID, "s3-bucket-policy-public", "s3-bucket-acl-public")
				if len(pub) == 0 {
					continue
				}
				bpa := joinChecks(x.failed(a.ID, b.Type(), b.ID, "s3-bucket-public-access-block"),
					x.failed(a.ID, "AWS::S3::AccountPublicAccessBlock", a.ID, "s3-account-public-access-block"))
				out = append(out, newPath(r, r.Severity,
					fmt.Sprintf("Anyone on the internet reads s3://%s", b.ID),
					fmt.Sprintf("Turn on Block Public Access: aws s3api put-public-access-block --bucket %s --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true", b.ID),
					entry(Internet, "anyone on the internet sends unsigned requests; Block Public Access does not stop them", bpa...),
					bucketStep(bucketRef{a, b}, "the bucket policy or ACL grants everyone access", pub...),
				))
			}
		}
		return out
	}
	return r
}

// openSearchRule: a domain with a public endpoint whose access policy
// admits everyone.
func openSearchRule() *Rule {
	r := &Rule{ID: "open-search-domain", Severity: finding.Critical,
		Title:  "Anyone on the internet reads and writes a search domain's indexes",
		Checks: []string{"opensearch-domain-open-access", "opensearch-domain-not-in-vpc", "opensearch-fine-grained-access-control"}}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for a, reg := range x.Estate.Regions() {
			for _, d := range reg.Resources.OpenSearchDomains {
				open := x.failed(a.ID, d.Type(), d.ID, "opensearch-domain-open-access")
				if len(open) == 0 {
					continue
				}
				out = append(out, newPath(r, r.Severity,
					fmt.Sprintf("Anyone on the internet reads and writes the indexes of %s", name(d)),
					fmt.Sprintf("Restrict the access policy to named principals: aws opensearch update-domain-config --domain-name %s --access-policies file://policy.json --region %s", name(d), reg.Name),
					entry(Internet, "anyone on the internet calls the public endpoint", x.failed(a.ID, d.Type(), d.ID, "opensearch-domain-not-in-vpc")...),
					step(a, reg, d, "the access policy admits every principal: every index can be read, changed or deleted",
						joinChecks(open, x.failed(a.ID, d.Type(), d.ID, "opensearch-fine-grained-access-control"))...),
				))
			}
		}
		return out
	}
	return r
}

// adminPortRoleRule: SSH or RDP open to the internet on an instance whose
// role is privileged or reads data: a guessed or leaked login key yields
// the role.
func adminPortRoleRule() *Rule {
	r := &Rule{ID: "admin-port-instance-role", Severity: finding.High,
		Title:  "SSH or RDP from the internet onto an instance whose role reads data or administers the account",
		Checks: []string{"ec2-instance-in-public-subnet-with-admin-port", "ec2-sg-admin-ports-ipv4", "ec2-sg-admin-ports-ipv6"}}
	r.find = func(x *Index, r *Rule) []finding.Path {
		var out []finding.Path
		for a, reg := range x.Estate.Regions() {
			for _, inst := range reg.Resources.EC2Instances {
				exp := x.exposure(a, reg, inst, true)
				if len(exp) == 0 {
					continue
				}
				role := x.instanceRole(a, inst)
				if role == nil {
					continue
				}
				rc := x.iam.of(role.ARN)
				fix := fmt.Sprintf("Close SSH and RDP to the internet on %s's security groups (aws ec2 revoke-security-group-ingress ...) and reach it through Session Manager", inst.ID)
				head := []finding.Step{
					entry(Internet, "anyone on the internet reaches SSH or RDP; one leaked key or weak password opens a shell", exp...),
					step(a, reg, inst, "a shell on the instance reads the instance profile's credentials from the metadata service"),
				}
				if priv := rc.privileged(); priv != "" {
					out = append(out, newPath(r, finding.Critical,
						fmt.Sprintf("A shell on %s over SSH/RDP yields administrator %s", name(inst), role.Name), fix,
						append(head, x.roleStep(a, role, role.Name+" is "+priv), accountStep(a, "every resource of the account"))...))
					continue
				}
				for _, b := range rc.buckets {
					out = append(out, newPath(r, r.Severity,
						fmt.Sprintf("A shell on %s over SSH/RDP yields %s, which reads s3://%s", name(inst), role.Name, b.bucket.ID), fix,
						append(head, x.roleStep(a, role, "the credentials act as "+role.Name),
							bucketStep(b, "s3:GetObject allowed by "+role.Name+"'s policies"))...))
				}
			}
		}
		return out
	}
	return r
}
