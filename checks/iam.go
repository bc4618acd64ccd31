package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/policy"
)

func iamChecks() []*Check {
	return []*Check{
		iamRootAccessKeys, iamRootMFA, iamRootHardwareMFA, iamRootRecentUse,
		iamPasswordPolicyLength, iamPasswordPolicyReuse,
		iamUserConsoleWithoutMFA, iamUserUnusedCredentials, iamUserMultipleActiveKeys, iamAccessKeyRotation,
		iamUserDirectPolicies, iamPolicyFullAdmin, iamInlinePolicyAdmin, iamPassRoleWildcard,
		iamSupportRole, iamServerCertificateExpired,
		iamRoleTrustAnyPrincipal, iamRoleCrossAccountWithoutExternalID, iamRoleServiceTrustWithoutSourceCondition,
		iamPrivilegeEscalation,
	}
}

// Thresholds of the IAM checks, in days.
const (
	iamUnusedDays      = 45 // CIS: credentials unused for 45 days or more are disabled
	iamKeyRotationDays = 90 // CIS: access keys are rotated every 90 days or less
	iamRootRecentDays  = 90 // root use within this window is reported
	iamMinPasswordLen  = 14
	iamMinReuse        = 24
)

const (
	iamAdminPolicyARN   = "arn:aws:iam::aws:policy/AdministratorAccess"
	iamSupportPolicyARN = "arn:aws:iam::aws:policy/AWSSupportAccess"
)

// ---------------------------------------------------------------------------
// Root user

var iamRootAccessKeys = &Check{
	ID:           "iam-root-access-keys",
	Service:      "iam",
	Title:        "The root user has no access keys",
	Severity:     finding.Critical,
	ResourceType: "AWS::IAM::Root",
	Rationale: "A root access key signs API requests with the unrestricted authority of the account owner: no IAM " +
		"policy, permissions boundary or (for the management account) service control policy limits it, and it " +
		"needs no MFA. A key that leaks from a laptop, a CI variable or a public repository gives its finder the " +
		"whole account, including closing it, changing the root e-mail address and deleting every backup. Nothing " +
		"the root user does requires an access key: the few root-only tasks are done in the console.",
	Verify: "aws iam get-account-summary --query 'SummaryMap.AccountAccessKeysPresent' — must be 0. The credential " +
		"report (aws iam generate-credential-report; aws iam get-credential-report --query Content --output text | " +
		"base64 -d | grep '<root_account>') shows access_key_1_active and access_key_2_active.",
	Remediation: Remediation{
		Summary: "Delete the root user's access keys; use IAM roles or Identity Center for programmatic access.",
		Console: "Sign in as the root user > account menu > Security credentials > Access keys > Actions > Deactivate, then Delete. " +
			"In an organization with centralised root access: IAM > Root access management > select the member account > Delete root credentials.",
		CLI: "# from the management account, with centralised root access enabled:\n" +
			"aws iam enable-organizations-root-credentials-management\n" +
			"aws iam enable-organizations-root-sessions\n" +
			"aws sts assume-root --target-principal 777788889999 --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials\n" +
			"# with the returned credentials:\n" +
			"aws iam list-access-keys\n" +
			"aws iam delete-access-key --access-key-id AKIAIOSFODNN7EXAMPLE",
		Terraform: "# Terraform cannot manage root keys; manage root credentials centrally instead\n" +
			"resource \"aws_iam_organizations_features\" \"root\" {\n  enabled_features = [\"RootCredentialsManagement\", \"RootSessions\"]\n}\n\n" +
			"resource \"aws_config_config_rule\" \"root_access_key\" {\n  name = \"iam-root-access-key-check\"\n  source {\n    owner             = \"AWS\"\n    source_identifier = \"IAM_ROOT_ACCESS_KEY_CHECK\"\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.4"}, "5.0.0": {"1.3"}},
	Seed: []string{"access-key-vs-principal-id", "cspm-top3", "secure-configuration"},
	Run: func(c *Context) {
		eachRoot(c, func(a *inventory.Account, root *inventory.IAMRoot, loc Loc) {
			switch {
			case root.AccessKeysPresent == nil:
				c.Unknown(loc, "AccountAccessKeysPresent was not read", Ev(root, "AccountAccessKeysPresent", root.AccessKeysPresent))
			case *root.AccessKeysPresent:
				msg := "the root user has an access key"
				if act := root.Activity; act != nil {
					if act.AccessKey1Active && act.AccessKey2Active {
						msg = "the root user has two active access keys"
					}
					msg += ", last used " + iamAgo(c, act.AccessKeyLastUsed)
				}
				c.Fail(loc, msg, Ev(root, "AccountAccessKeysPresent", 1))
			default:
				c.Pass(loc, "the root user has no access key", Ev(root, "AccountAccessKeysPresent", 0))
			}
		})
	},
}

// iamRootHasNoCredentials reports whether the root password and access keys
// are known to be absent (centralised root access removed them).
func iamRootHasNoCredentials(root *inventory.IAMRoot) bool {
	return root.PasswordPresent != nil && !*root.PasswordPresent &&
		root.AccessKeysPresent != nil && !*root.AccessKeysPresent
}

var iamRootMFA = &Check{
	ID:           "iam-root-mfa",
	Service:      "iam",
	Title:        "The root user signs in with MFA",
	Severity:     finding.Critical,
	ResourceType: "AWS::IAM::Root",
	Rationale: "Without MFA the root user is one phished, reused or guessed password away from a full takeover, and " +
		"root's password can be reset by anyone who controls the account's e-mail inbox. The root user cannot be " +
		"restricted by IAM policies, so MFA is the only control between the password and everything in the account. " +
		"AWS now enforces root MFA on most accounts, but accounts created through AWS Organizations keep a root " +
		"password that nobody set up MFA for unless root credentials are removed centrally.",
	Verify: "aws iam get-account-summary --query 'SummaryMap.[AccountMFAEnabled,AccountPasswordPresent]' — " +
		"AccountMFAEnabled must be 1, unless AccountPasswordPresent is 0 (no root password at all).",
	Remediation: Remediation{
		Summary: "Enable MFA (preferably a FIDO security key) on the root user, or remove member-account root credentials centrally.",
		Console: "Sign in as the root user > account menu > Security credentials > Multi-factor authentication (MFA) > Assign MFA device.",
		CLI: "# root MFA is assigned in the console; for member accounts remove root credentials instead:\n" +
			"aws iam enable-organizations-root-credentials-management\n" +
			"aws sts assume-root --target-principal 777788889999 --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials\n" +
			"aws iam delete-login-profile",
		Terraform: "resource \"aws_iam_organizations_features\" \"root\" {\n  enabled_features = [\"RootCredentialsManagement\", \"RootSessions\"]\n}\n\n" +
			"resource \"aws_config_config_rule\" \"root_mfa\" {\n  name = \"root-account-mfa-enabled\"\n  source {\n    owner             = \"AWS\"\n    source_identifier = \"ROOT_ACCOUNT_MFA_ENABLED\"\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.5"}, "5.0.0": {"1.4"}},
	Seed: []string{"mfa-policy", "cspm-top3", "secure-configuration"},
	Run: func(c *Context) {
		eachRoot(c, func(a *inventory.Account, root *inventory.IAMRoot, loc Loc) {
			switch {
			case root.MFAEnabled == nil:
				c.Unknown(loc, "AccountMFAEnabled was not read", Ev(root, "AccountMFAEnabled", root.MFAEnabled))
			case *root.MFAEnabled:
				c.Pass(loc, "the root user has MFA enabled", Ev(root, "AccountMFAEnabled", 1))
			case iamRootHasNoCredentials(root):
				c.Pass(loc, "the root user has no password and no access key (root credentials removed centrally)",
					Ev(root, "AccountPasswordPresent", 0), Ev(root, "AccountAccessKeysPresent", 0))
			default:
				c.Fail(loc, "the root user has no MFA device: its password alone opens the account",
					Ev(root, "AccountMFAEnabled", 0), Ev(root, "AccountPasswordPresent", iamFlag(root.PasswordPresent)))
			}
		})
	},
}

var iamRootHardwareMFA = &Check{
	ID:           "iam-root-hardware-mfa",
	Service:      "iam",
	Title:        "The root user's MFA is a hardware device or security key",
	Severity:     finding.Medium,
	ResourceType: "AWS::IAM::Root",
	Rationale: "A virtual MFA app lives on a phone that is also used for e-mail, messaging and browsing, gets backed up " +
		"to cloud accounts, and is traded in or lost; its seed can be cloned or phished with a real-time relay. A " +
		"FIDO2 security key is bound to the AWS sign-in origin and cannot be phished, and a hardware TOTP token " +
		"kept in a safe is not shared with anything else. For the most powerful credential of the account (and " +
		"above all of the management account) CIS Level 2 asks for hardware MFA.",
	Verify: "aws iam get-account-summary --query 'SummaryMap.AccountMFAEnabled' must be 1, and " +
		"aws iam list-virtual-mfa-devices --query \"VirtualMFADevices[?ends_with(SerialNumber,'root-account-mfa-device')]\" must be empty.",
	Remediation: Remediation{
		Summary: "Replace the root user's virtual MFA with a FIDO security key or hardware TOTP token kept in a safe.",
		Console: "Sign in as the root user > Security credentials > Multi-factor authentication (MFA) > Assign MFA device > Passkey or security key " +
			"(or Hardware TOTP token); then remove the virtual device.",
		CLI: "# root MFA devices are managed in the console; list the root virtual device to confirm removal:\n" +
			"aws iam list-virtual-mfa-devices --assignment-status Assigned --query \"VirtualMFADevices[?ends_with(SerialNumber,'root-account-mfa-device')]\"",
		Terraform: "resource \"aws_config_config_rule\" \"root_hardware_mfa\" {\n  name = \"root-account-hardware-mfa-enabled\"\n  source {\n    owner             = \"AWS\"\n    source_identifier = \"ROOT_ACCOUNT_HARDWARE_MFA_ENABLED\"\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.6"}, "5.0.0": {"1.5"}},
	Seed: []string{"mfa-policy", "secure-configuration"},
	Run: func(c *Context) {
		eachRoot(c, func(a *inventory.Account, root *inventory.IAMRoot, loc Loc) {
			switch {
			case iamRootHasNoCredentials(root):
				c.Pass(loc, "the root user has no password and no access key (root credentials removed centrally)",
					Ev(root, "AccountPasswordPresent", 0))
			case root.MFAEnabled == nil:
				c.Unknown(loc, "AccountMFAEnabled was not read", Ev(root, "AccountMFAEnabled", root.MFAEnabled))
			case !*root.MFAEnabled:
				c.FailAt(finding.High, loc, "the root user has no MFA device at all", Ev(root, "AccountMFAEnabled", 0))
			case root.HardwareMFA == nil:
				c.Unknown(loc, "the root user's MFA device type was not read (ListVirtualMFADevices)", Ev(root, "HardwareMFA", root.HardwareMFA))
			case !*root.HardwareMFA:
				c.Fail(loc, "the root user's MFA is a virtual device (root-account-mfa-device), not hardware",
					Ev(root, "VirtualMFADevices", "arn:aws:iam::"+a.ID+":mfa/root-account-mfa-device"))
			default:
				c.Pass(loc, "the root user's MFA is a hardware device", Ev(root, "HardwareMFA", true))
			}
		})
	},
}

var iamRootRecentUse = &Check{
	ID:           "iam-root-recent-use",
	Service:      "iam",
	Title:        "The root user is not used for everyday work",
	Severity:     finding.Medium,
	ResourceType: "AWS::IAM::Root",
	Rationale: "Every root sign-in or root API call exercises a credential that no policy can limit and that is shared " +
		"by whoever knows the password. Regular root use means the password is typed often, kept somewhere " +
		"convenient, and known to several people; it also hides attacker activity among legitimate root events. " +
		"Only a handful of tasks need root (closing the account, changing the support plan, restoring a locked " +
		"bucket policy); use in the last " + fmt.Sprint(iamRootRecentDays) + " days deserves an explanation, and root API " +
		"calls with an access key never have one.",
	Verify: "aws iam generate-credential-report; aws iam get-credential-report --query Content --output text | base64 -d | " +
		"cut -d, -f1,5,11,16 | grep '<root_account>' — password_last_used and access_key_N_last_used_date. " +
		"In CloudTrail: userIdentity.type = \"Root\".",
	Remediation: Remediation{
		Summary: "Stop using the root user: give people roles through Identity Center, rotate the root password and alarm on root activity.",
		Console: "IAM Identity Center > Permission sets: give administrators a permission set instead. Sign in as root once to change the password " +
			"and store it with the MFA device in a safe. CloudWatch > Alarms: alarm on the root-usage metric filter.",
		CLI: "aws logs put-metric-filter --log-group-name org-cloudtrail --filter-name root-usage --metric-transformations " +
			"metricName=RootUsage,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern " +
			"'{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }'",
		Terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"root_usage\" {\n  name           = \"root-usage\"\n  log_group_name = \"org-cloudtrail\"\n" +
			"  pattern        = \"{ $.userIdentity.type = \\\"Root\\\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \\\"AwsServiceEvent\\\" }\"\n" +
			"  metric_transformation {\n    name      = \"RootUsage\"\n    namespace = \"CISBenchmark\"\n    value     = \"1\"\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.7"}, "5.0.0": {"1.6"}},
	Seed: []string{"secure-configuration", "malicious-activity"},
	Run: func(c *Context) {
		eachRoot(c, func(a *inventory.Account, root *inventory.IAMRoot, loc Loc) {
			act := root.Activity
			if act == nil {
				c.Unknown(loc, "the credential report's root row was not read")
				return
			}
			ev := []finding.Evidence{Ev(root, "password_last_used", iamDate(act.PasswordLastUsed)),
				Ev(root, "access_key_last_used_date", iamDate(act.AccessKeyLastUsed))}
			var uses []string
			if t := act.AccessKeyLastUsed; !t.IsZero() && daysSince(c, t) < iamRootRecentDays {
				uses = append(uses, "a root access key was used "+iamAgo(c, t))
			}
			if t := act.PasswordLastUsed; !t.IsZero() && daysSince(c, t) < iamRootRecentDays {
				uses = append(uses, "root signed in to the console "+iamAgo(c, t))
			}
			last := act.PasswordLastUsed
			if act.AccessKeyLastUsed.After(last) {
				last = act.AccessKeyLastUsed
			}
			switch {
			case len(uses) > 0:
				c.Fail(loc, strings.Join(uses, "; "), ev...)
			case last.IsZero():
				c.Pass(loc, "the root user has never been used", ev...)
			default:
				c.Pass(loc, "the root user was last used "+iamAgo(c, last), ev...)
			}
		})
	},
}

// ---------------------------------------------------------------------------
// Password policy

func iamPasswordPolicyCheck(c *Context, judge func(a *inventory.Account, pp *inventory.IAMPasswordPolicy)) {
	for a := range c.Accounts() {
		pp := a.Resources.IAMPasswordPolicy
		if pp == nil {
			c.Unknown(AtScope(a, nil, "AWS::IAM::PasswordPolicy"), "the account password policy was not read")
			continue
		}
		if !pp.Present {
			c.Fail(At(a, nil, pp), "the account has no password policy: IAM's default accepts any 8-character password and allows reuse",
				Ev(pp, "PasswordPolicy", "NoSuchEntity"))
			continue
		}
		judge(a, pp)
	}
}

var iamPasswordPolicyLength = &Check{
	ID:           "iam-password-policy-length",
	Service:      "iam",
	Title:        fmt.Sprintf("The IAM password policy requires at least %d characters", iamMinPasswordLen),
	Severity:     finding.Medium,
	ResourceType: "AWS::IAM::PasswordPolicy",
	Rationale: "IAM user passwords are exposed to online guessing and credential stuffing on the console sign-in page, " +
		"and to offline cracking when they are reused elsewhere and leak. Length is what makes a password resist " +
		"both: with no policy IAM accepts 8 characters, which common cracking rigs exhaust for lower-case and " +
		"digit passwords in hours. A 14-character minimum pushes users to passphrases.",
	Verify: "aws iam get-account-password-policy --query 'PasswordPolicy.MinimumPasswordLength' — at least 14 " +
		"(NoSuchEntity means no policy).",
	Remediation: Remediation{
		Summary: "Set the account password policy's minimum length to 14 or more.",
		Console: "IAM > Account settings > Password policy > Edit > Custom > Password minimum length: 14.",
		CLI:     "aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password",
		Terraform: "resource \"aws_iam_account_password_policy\" \"strict\" {\n  minimum_password_length        = 14\n  password_reuse_prevention      = 24\n" +
			"  require_symbols                = true\n  require_numbers                = true\n  require_uppercase_characters   = true\n" +
			"  require_lowercase_characters   = true\n  allow_users_to_change_password = true\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.8"}, "5.0.0": {"1.7"}},
	Seed: []string{"secure-configuration", "compliance-best-practices"},
	Run: func(c *Context) {
		iamPasswordPolicyCheck(c, func(a *inventory.Account, pp *inventory.IAMPasswordPolicy) {
			ev := Ev(pp, "MinimumPasswordLength", pp.MinimumPasswordLength)
			if pp.MinimumPasswordLength < iamMinPasswordLen {
				c.Fail(At(a, nil, pp), fmt.Sprintf("minimum password length is %d, below %d", pp.MinimumPasswordLength, iamMinPasswordLen), ev)
				return
			}
			c.Pass(At(a, nil, pp), fmt.Sprintf("minimum password length is %d", pp.MinimumPasswordLength), ev)
		})
	},
}

var iamPasswordPolicyReuse = &Check{
	ID:           "iam-password-policy-reuse",
	Service:      "iam",
	Title:        fmt.Sprintf("The IAM password policy prevents reuse of the last %d passwords", iamMinReuse),
	Severity:     finding.Medium,
	ResourceType: "AWS::IAM::PasswordPolicy",
	Rationale: "When users may reuse old passwords, a password that leaked once (in a breach dump, a phishing kit's " +
		"log, a shoulder-surfed sign-in) keeps working or comes back after the next forced change: users rotate " +
		"between two or three favourites. Remembering 24 passwords makes a leaked one permanently useless.",
	Verify: "aws iam get-account-password-policy --query 'PasswordPolicy.PasswordReusePrevention' — must be 24.",
	Remediation: Remediation{
		Summary: "Set the account password policy to remember 24 previous passwords.",
		Console: "IAM > Account settings > Password policy > Edit > Custom > Prevent password reuse: remember 24 passwords.",
		CLI:     "aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24",
		Terraform: "resource \"aws_iam_account_password_policy\" \"strict\" {\n  minimum_password_length   = 14\n" +
			"  password_reuse_prevention = 24\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.9"}, "5.0.0": {"1.8"}},
	Seed: []string{"secure-configuration", "compliance-best-practices"},
	Run: func(c *Context) {
		iamPasswordPolicyCheck(c, func(a *inventory.Account, pp *inventory.IAMPasswordPolicy) {
			ev := Ev(pp, "PasswordReusePrevention", pp.PasswordReusePrevention)
			switch n := pp.PasswordReusePrevention; {
			case n == 0:
				c.Fail(At(a, nil, pp), "the password policy allows reusing any previous password", ev)
			case n < iamMinReuse:
				c.Fail(At(a, nil, pp), fmt.Sprintf("the password policy remembers only %d previous passwords, below %d", n, iamMinReuse), ev)
			default:
				c.Pass(At(a, nil, pp), fmt.Sprintf("the password policy remembers %d previous passwords", n), ev)
			}
		})
	},
}

// ---------------------------------------------------------------------------
// Users and their credentials

var iamUserConsoleWithoutMFA = &Check{
	ID:           "iam-user-console-without-mfa",
	Service:      "iam",
	Title:        "IAM users with a console password have MFA",
	Severity:     finding.High,
	ResourceType: "AWS::IAM::User",
	Rationale: "A console password without MFA is a long-lived credential that phishing pages, password reuse and " +
		"credential stuffing defeat on their own; AWS console sessions then carry every permission the user has. " +
		"IAM users are not covered by the corporate identity provider's MFA and conditional access, so they are " +
		"a favourite entry point. MFA on the user, plus a policy denying everything but MFA enrolment when " +
		"aws:MultiFactorAuthPresent is false, closes it.",
	Verify: "aws iam get-credential-report --query Content --output text | base64 -d | cut -d, -f1,4,8 — every row " +
		"with password_enabled=true must have mfa_active=true; or aws iam list-mfa-devices --user-name NAME.",
	Remediation: Remediation{
		Summary: "Assign an MFA device to every IAM user with a console password, enforce it by policy, or move the person to Identity Center.",
		Console: "IAM > Users > select the user > Security credentials > Multi-factor authentication (MFA) > Assign MFA device. " +
			"Or remove the console password: Security credentials > Console sign-in > Disable.",
		CLI: "aws iam create-virtual-mfa-device --virtual-mfa-device-name alice --outfile alice-qr.png --bootstrap-method QRCodePNG\n" +
			"aws iam enable-mfa-device --user-name alice --serial-number arn:aws:iam::444455556666:mfa/alice --authentication-code1 123456 --authentication-code2 654321\n" +
			"# or, when the user needs no console: aws iam delete-login-profile --user-name alice",
		Terraform: "# Deny everything except MFA self-service until the user signs in with MFA\n" +
			"data \"aws_iam_policy_document\" \"require_mfa\" {\n  statement {\n    sid           = \"DenyAllExceptListedIfNoMFA\"\n    effect        = \"Deny\"\n" +
			"    not_actions   = [\"iam:CreateVirtualMFADevice\", \"iam:EnableMFADevice\", \"iam:GetUser\", \"iam:ListMFADevices\", \"iam:ListVirtualMFADevices\", \"iam:ResyncMFADevice\", \"sts:GetSessionToken\"]\n" +
			"    resources     = [\"*\"]\n    condition {\n      test     = \"BoolIfExists\"\n      variable = \"aws:MultiFactorAuthPresent\"\n      values   = [\"false\"]\n    }\n  }\n}\n\n" +
			"resource \"aws_iam_group_policy\" \"require_mfa\" {\n  group  = aws_iam_group.console_users.name\n  policy = data.aws_iam_policy_document.require_mfa.json\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.10"}, "5.0.0": {"1.9"}},
	Seed: []string{"mfa-policy", "cspm-top3", "secure-configuration"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, u := range a.Resources.IAMUsers {
				loc := At(a, nil, u)
				switch {
				case u.PasswordEnabled == nil:
					c.Unknown(loc, "whether the user has a console password was not read", Ev(u, "password_enabled", u.PasswordEnabled))
				case !*u.PasswordEnabled:
					c.Pass(loc, "the user has no console password", Ev(u, "password_enabled", false))
				case !u.Known(inventory.ListMFADevices):
					c.Unknown(loc, "the user's MFA devices were not read (ListMFADevices)")
				case len(u.MFADevices) == 0:
					c.Fail(loc, "console password with no MFA device; last sign-in "+iamAgo(c, u.PasswordLastUsed),
						Ev(u, "password_enabled", true), Ev(u, "mfa_active", false), Ev(u, "password_last_used", iamDate(u.PasswordLastUsed)))
				default:
					types := make([]string, len(u.MFADevices))
					for i, d := range u.MFADevices {
						types[i] = d.Type
					}
					c.Pass(loc, "console password protected by MFA ("+strings.Join(types, ", ")+")",
						Ev(u, "mfa_active", true), Ev(u, "MFADevices", types))
				}
			}
		}
	},
}

var iamUserUnusedCredentials = &Check{
	ID:           "iam-user-unused-credentials",
	Service:      "iam",
	Title:        fmt.Sprintf("IAM user credentials unused for %d days or more are disabled", iamUnusedDays),
	Severity:     finding.Medium,
	ResourceType: "AWS::IAM::User",
	Rationale: "Credentials nobody uses are credentials nobody watches: the console password of someone who left, the " +
		"access key of a decommissioned job. They still work, their owners will not notice them being used, and " +
		"their permissions were granted for a need that no longer exists. Disabling what has been idle for " +
		fmt.Sprint(iamUnusedDays) + " days removes the easiest persistence an attacker can find.",
	Verify: "aws iam get-credential-report --query Content --output text | base64 -d | cut -d, -f1,4,5,9,10,11,14,15,16 — " +
		"password_last_used and access_key_N_last_used_date must be within 45 days for every enabled credential.",
	Remediation: Remediation{
		Summary: "Deactivate access keys and remove console passwords unused for 45 days; delete users nobody owns.",
		Console: "IAM > Users > select the user > Security credentials > Access keys > Actions > Deactivate; Console sign-in > Manage > Disable.",
		CLI: "aws iam update-access-key --user-name old-contractor --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive\n" +
			"aws iam delete-login-profile --user-name old-contractor",
		Terraform: "resource \"aws_iam_access_key\" \"old_contractor\" {\n  user   = aws_iam_user.old_contractor.name\n  status = \"Inactive\"\n}\n\n" +
			"# and remove the aws_iam_user_login_profile resource of the user",
	},
	CIS:  map[string][]string{"3.0.0": {"1.12"}, "5.0.0": {"1.11"}},
	Seed: []string{"access-key-vs-principal-id", "secure-configuration"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, u := range a.Resources.IAMUsers {
				loc := At(a, nil, u)
				if u.PasswordEnabled == nil || !u.Known(inventory.ListAccessKeys) {
					c.Unknown(loc, "the user's console password or access keys were not read", Ev(u, "password_enabled", u.PasswordEnabled))
					continue
				}
				var stale, fresh []string
				if *u.PasswordEnabled {
					switch last := u.PasswordLastUsed; {
					case last.IsZero():
						set := u.PasswordLastChanged
						if set.IsZero() {
							set = u.CreateDate
						}
						if set.IsZero() || daysSince(c, set) >= iamUnusedDays {
							stale = append(stale, "console password never used, set "+iamAgo(c, set))
						} else {
							fresh = append(fresh, "console password set "+iamAgo(c, set))
						}
					case daysSince(c, last) >= iamUnusedDays:
						stale = append(stale, "console password last used "+iamAgo(c, last))
					default:
						fresh = append(fresh, "console password used "+iamAgo(c, last))
					}
				}
				for _, k := range u.AccessKeys {
					if !k.Active() {
						continue
					}
					id := iamMaskKey(k.AccessKeyID)
					switch last := k.LastUsedDate; {
					case last.IsZero() && (k.CreateDate.IsZero() || daysSince(c, k.CreateDate) >= iamUnusedDays):
						stale = append(stale, "key "+id+" never used, created "+iamAgo(c, k.CreateDate))
					case last.IsZero():
						fresh = append(fresh, "key "+id+" created "+iamAgo(c, k.CreateDate))
					case daysSince(c, last) >= iamUnusedDays:
						stale = append(stale, "key "+id+" last used "+iamAgo(c, last))
					default:
						fresh = append(fresh, "key "+id+" used "+iamAgo(c, last))
					}
				}
				ev := []finding.Evidence{Ev(u, "password_enabled", *u.PasswordEnabled), Ev(u, "password_last_used", iamDate(u.PasswordLastUsed))}
				for _, k := range u.AccessKeys {
					ev = append(ev, Ev(u, "AccessKey["+k.AccessKeyID+"].LastUsedDate", iamDate(k.LastUsedDate)))
				}
				switch {
				case len(stale) > 0:
					c.Fail(loc, strings.Join(stale, "; "), ev...)
				case len(fresh) == 0:
					c.Pass(loc, "the user has no console password and no active access key", ev...)
				default:
					c.Pass(loc, strings.Join(fresh, "; "), ev...)
				}
			}
		}
	},
}

var iamUserMultipleActiveKeys = &Check{
	ID:           "iam-user-multiple-active-keys",
	Service:      "iam",
	Title:        "IAM users have at most one active access key",
	Severity:     finding.Low,
	ResourceType: "AWS::IAM::User",
	Rationale: "Two active keys are how rotation is done, briefly; left in place they mean the old key was never " +
		"retired and is still valid wherever it was copied. Each active key doubles the places a long-lived " +
		"secret can leak from, and incident responders who revoke the key they found leave the other one working.",
	Verify: "aws iam list-access-keys --user-name NAME --query \"AccessKeyMetadata[?Status=='Active']\" — at most one.",
	Remediation: Remediation{
		Summary: "Deactivate and delete all but the one access key in use (better: replace keys with roles).",
		Console: "IAM > Users > select the user > Security credentials > Access keys: compare Last used, then Actions > Deactivate and Delete the unused key.",
		CLI: "aws iam get-access-key-last-used --access-key-id AKIAIOSFODNN7EXAMPLE\n" +
			"aws iam update-access-key --user-name svc-reporting --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive\n" +
			"aws iam delete-access-key --user-name svc-reporting --access-key-id AKIAIOSFODNN7EXAMPLE",
		Terraform: "# keep a single aws_iam_access_key per user; remove the second resource\nresource \"aws_iam_access_key\" \"svc_reporting\" {\n  user = aws_iam_user.svc_reporting.name\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.13"}, "5.0.0": {"1.12"}},
	Seed: []string{"access-key-vs-principal-id", "secure-configuration"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, u := range a.Resources.IAMUsers {
				loc := At(a, nil, u)
				if !u.Known(inventory.ListAccessKeys) {
					c.Unknown(loc, "the user's access keys were not read (ListAccessKeys)")
					continue
				}
				var active []string
				for _, k := range u.AccessKeys {
					if k.Active() {
						active = append(active, iamMaskKey(k.AccessKeyID))
					}
				}
				ev := Ev(u, "ActiveAccessKeys", active)
				switch len(active) {
				case 0:
					c.Pass(loc, "no active access key", ev)
				case 1:
					c.Pass(loc, "one active access key: "+active[0], ev)
				default:
					c.Fail(loc, fmt.Sprintf("%d active access keys: %s", len(active), strings.Join(active, ", ")), ev)
				}
			}
		}
	},
}

var iamAccessKeyRotation = &Check{
	ID:           "iam-access-key-rotation",
	Service:      "iam",
	Title:        fmt.Sprintf("Active IAM access keys are rotated every %d days or less", iamKeyRotationDays),
	Severity:     finding.Medium,
	ResourceType: "AWS::IAM::User",
	Rationale: "An access key is a bearer secret with no expiry: whoever holds a copy, from a developer's ~/.aws/credentials, " +
		"a CI variable, a container image layer or a public commit, can use it from anywhere until it is " +
		"deactivated. The older the key, the more copies exist and the less anyone knows where. The key id " +
		"(AKIA...) names the account and appears in CloudTrail; the secret never does, so a leak shows only as " +
		"activity. Rotating every 90 days bounds how long a leaked key is useful; replacing keys with roles " +
		"removes the problem.",
	Verify: "aws iam list-access-keys --user-name NAME — CreateDate of every Active key within 90 days; the credential " +
		"report's access_key_N_last_rotated shows the same for all users.",
	Remediation: Remediation{
		Summary: "Rotate access keys older than 90 days (create, switch, deactivate, delete), or replace them with IAM roles.",
		Console: "IAM > Users > select the user > Security credentials > Create access key; update the application; then Deactivate and Delete the old key.",
		CLI: "aws iam create-access-key --user-name ci-deploy\n" +
			"# switch the application to the new key, then:\n" +
			"aws iam update-access-key --user-name ci-deploy --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive\n" +
			"aws iam delete-access-key --user-name ci-deploy --access-key-id AKIAIOSFODNN7EXAMPLE",
		Terraform: "# Prefer OIDC federation (no keys at all) for CI:\n" +
			"resource \"aws_iam_openid_connect_provider\" \"github\" {\n  url            = \"https://token.actions.githubusercontent.com\"\n  client_id_list = [\"sts.amazonaws.com\"]\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.14"}, "5.0.0": {"1.13"}},
	Seed: []string{"access-key-vs-principal-id", "compliance-best-practices"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, u := range a.Resources.IAMUsers {
				loc := At(a, nil, u)
				if !u.Known(inventory.ListAccessKeys) {
					c.Unknown(loc, "the user's access keys were not read (ListAccessKeys)")
					continue
				}
				var old, ok []string
				var ev []finding.Evidence
				unknownAge := false
				for _, k := range u.AccessKeys {
					if !k.Active() {
						continue
					}
					ev = append(ev, Ev(u, "AccessKey["+k.AccessKeyID+"].CreateDate", iamDate(k.CreateDate)))
					if k.CreateDate.IsZero() {
						unknownAge = true
						continue
					}
					desc := iamKeyText(c, k)
					if daysSince(c, k.CreateDate) > iamKeyRotationDays {
						old = append(old, desc)
					} else {
						ok = append(ok, desc)
					}
				}
				switch {
				case len(old) > 0:
					c.Fail(loc, strings.Join(old, "; "), ev...)
				case unknownAge:
					c.Unknown(loc, "an active access key's creation date was not read", ev...)
				case len(ok) == 0:
					c.Pass(loc, "the user has no active access key", ev...)
				default:
					c.Pass(loc, strings.Join(ok, "; "), ev...)
				}
			}
		}
	},
}

// iamKeyText describes a key by its masked id, age and last use:
// "key AKIA…MPLE created 412 days ago, last used 3 days ago (s3, us-east-1)".
func iamKeyText(c *Context, k inventory.AccessKey) string {
	s := "key " + iamMaskKey(k.AccessKeyID) + " created " + iamAgo(c, k.CreateDate) + ", last used " + iamAgo(c, k.LastUsedDate)
	if !k.LastUsedDate.IsZero() && k.LastUsedService != "" {
		s += " (" + k.LastUsedService
		if k.LastUsedRegion != "" {
			s += ", " + k.LastUsedRegion
		}
		s += ")"
	}
	return s
}

var iamUserDirectPolicies = &Check{
	ID:           "iam-user-direct-policies",
	Service:      "iam",
	Title:        "IAM users receive permissions only through groups",
	Severity:     finding.Low,
	ResourceType: "AWS::IAM::User",
	Rationale: "Policies attached to individual users are invisible to anyone reviewing groups and roles, drift as " +
		"people change jobs, and are forgotten when the user should have lost them. Permissions granted only " +
		"through groups that mirror job functions can be reviewed, and revoked, in one place.",
	Verify: "aws iam list-attached-user-policies --user-name NAME and aws iam list-user-policies --user-name NAME — both empty.",
	Remediation: Remediation{
		Summary: "Move the user's policies to a group for the job function, add the user to it and detach the direct policies.",
		Console: "IAM > User groups > Create group (attach the policies) > Add users; then IAM > Users > select the user > Permissions > Remove each directly attached or inline policy.",
		CLI: "aws iam add-user-to-group --group-name Admins --user-name alice\n" +
			"aws iam detach-user-policy --user-name alice --policy-arn arn:aws:iam::aws:policy/AdministratorAccess\n" +
			"aws iam delete-user-policy --user-name ci-deploy --policy-name ci-deploy-inline",
		Terraform: "resource \"aws_iam_group_policy_attachment\" \"admins\" {\n  group      = aws_iam_group.admins.name\n  policy_arn = \"arn:aws:iam::aws:policy/AdministratorAccess\"\n}\n\n" +
			"resource \"aws_iam_user_group_membership\" \"alice\" {\n  user   = aws_iam_user.alice.name\n  groups = [aws_iam_group.admins.name]\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.15"}, "5.0.0": {"1.14"}},
	Seed: []string{"secure-configuration", "org-guidelines"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, u := range a.Resources.IAMUsers {
				loc := At(a, nil, u)
				if !u.Known(inventory.ListInlinePolicies) || !u.Known(inventory.ListAttachedPolicies) {
					c.Unknown(loc, "the user's inline or attached policies were not read")
					continue
				}
				var direct []string
				for _, p := range u.AttachedPolicies {
					direct = append(direct, p.PolicyName+" (managed)")
				}
				for _, p := range u.InlinePolicies {
					direct = append(direct, p.PolicyName+" (inline)")
				}
				if len(direct) > 0 {
					c.Fail(loc, fmt.Sprintf("%s on the user directly: %s", countOf(len(direct), "policy", "policies"), strings.Join(direct, ", ")),
						Ev(u, "AttachedManagedPolicies", len(u.AttachedPolicies)), Ev(u, "UserPolicyList", len(u.InlinePolicies)))
					continue
				}
				msg := "no policy on the user directly"
				if len(u.Groups) > 0 {
					msg += "; permissions come from groups " + strings.Join(u.Groups, ", ")
				}
				c.Pass(loc, msg, Ev(u, "GroupList", u.Groups))
			}
		}
	},
}

// ---------------------------------------------------------------------------
// Policies

// iamAdminStatement reports whether an Allow statement gives full
// administrative power, and how: "*" (or "*:*") on every resource, or a
// NotAction allow that still includes IAM's own permission-granting actions
// (so the holder can attach AdministratorAccess to itself).
func iamAdminStatement(s *policy.Statement) (string, bool) {
	if s.Effect != "Allow" || len(s.Condition) > 0 {
		return "", false
	}
	if !slices.Contains(s.Resource, "*") && len(s.NotResource) == 0 {
		return "", false
	}
	res := `Resource "*"`
	if len(s.NotResource) > 0 {
		res = "NotResource " + strings.Join(s.NotResource, ", ")
	}
	for _, a := range s.Action {
		if a == "*" || a == "*:*" {
			return fmt.Sprintf("Allow Action %q on %s", a, res), true
		}
	}
	if len(s.NotAction) > 0 && s.CoversAction("iam:AttachRolePolicy") && s.CoversAction("iam:PutUserPolicy") {
		return fmt.Sprintf("Allow NotAction [%s] on %s: every other action, including iam:AttachRolePolicy", strings.Join(s.NotAction, ", "), res), true
	}
	return "", false
}

// iamDocAdmin parses a policy document and returns how it grants full
// admin, if it does.
func iamDocAdmin(c *Context, doc string) (string, bool, error) {
	d, err := c.Policy(doc)
	if err != nil {
		return "", false, err
	}
	for i := range d.Statements {
		if how, ok := iamAdminStatement(&d.Statements[i]); ok {
			return how, true, nil
		}
	}
	return "", false, nil
}

var iamPolicyFullAdmin = &Check{
	ID:           "iam-policy-full-admin",
	Service:      "iam",
	Title:        "No attached managed policy grants full \"*:*\" administrative privileges",
	Severity:     finding.High,
	ResourceType: "AWS::IAM::Policy",
	Rationale: "A policy allowing every action on every resource makes whoever holds it an administrator: able to " +
		"read every secret and data store, turn off CloudTrail and GuardDuty, create users and keys for " +
		"persistence and delete backups. Least privilege starts with knowing who has this and why; each " +
		"attachment is one compromised credential away from losing the account. A NotAction allow " +
		"(\"everything except ...\") is as dangerous when it leaves iam:* in, because the holder can grant " +
		"itself the rest.",
	Verify: "aws iam list-policies --only-attached --query 'Policies[].[Arn,DefaultVersionId]' then aws iam get-policy-version " +
		"--policy-arn ARN --version-id VERSION — no statement with Effect Allow, Action \"*\" and Resource \"*\"; " +
		"aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AdministratorAccess shows who holds AWS's own admin policy.",
	Remediation: Remediation{
		Summary: "Replace full-admin policies with policies scoped to the actions and resources needed; keep admin on a few break-glass roles.",
		Console: "IAM > Policies > select the policy > Entities attached > Detach; use IAM Access Analyzer > Generate policy from CloudTrail activity to scope a replacement.",
		CLI: "aws iam list-entities-for-policy --policy-arn arn:aws:iam::444455556666:policy/LegacyAdminPolicy\n" +
			"aws iam detach-group-policy --group-name Admins --policy-arn arn:aws:iam::444455556666:policy/LegacyAdminPolicy\n" +
			"aws accessanalyzer start-policy-generation --policy-generation-details principalArn=arn:aws:iam::444455556666:role/app",
		Terraform: "data \"aws_iam_policy_document\" \"app\" {\n  statement {\n    actions   = [\"s3:GetObject\", \"s3:ListBucket\"]\n" +
			"    resources = [\"arn:aws:s3:::acme-prod-customer-data\", \"arn:aws:s3:::acme-prod-customer-data/*\"]\n  }\n}\n\n" +
			"resource \"aws_iam_policy\" \"app\" {\n  name   = \"app-least-privilege\"\n  policy = data.aws_iam_policy_document.app.json\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.16"}, "5.0.0": {"1.15"}},
	Seed: []string{"cspm-top3", "secure-configuration", "lambda-iam"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, p := range a.Resources.IAMPolicies {
				loc := At(a, nil, p)
				if p.Document == "" {
					c.Unknown(loc, "the policy's default version was not read", Ev(p, "DefaultVersionId", p.DefaultVersionID))
					continue
				}
				how, admin, err := iamDocAdmin(c, p.Document)
				ev := []finding.Evidence{Ev(p, "AttachmentCount", p.AttachmentCount), Ev(p, "DefaultVersionId", p.DefaultVersionID)}
				switch {
				case err != nil:
					c.Unknown(loc, "the policy document could not be read: "+err.Error(), ev...)
				case admin && p.AttachmentCount > 0:
					c.Fail(loc, fmt.Sprintf("grants full admin (%s) and is attached to %d principal(s)", how, p.AttachmentCount), ev...)
				case admin:
					c.FailAt(finding.Low, loc, fmt.Sprintf("grants full admin (%s); not attached, but one attachment away", how), ev...)
				default:
					c.Pass(loc, "does not grant full administrative privileges", ev...)
				}
			}
		}
	},
}

// iamPrincipal is a user, group or role with its own policies.
type iamPrincipal struct {
	res      inventory.Resource
	kind     string
	inline   []inventory.InlinePolicy
	attached []inventory.AttachedPolicy
	known    func(string) bool
}

// iamPrincipals lists the account's users, groups and customer roles
// (service-linked roles are AWS's and left out).
func iamPrincipals(a *inventory.Account) []iamPrincipal {
	var out []iamPrincipal
	for _, u := range a.Resources.IAMUsers {
		out = append(out, iamPrincipal{u, "user", u.InlinePolicies, u.AttachedPolicies, u.Known})
	}
	for _, g := range a.Resources.IAMGroups {
		out = append(out, iamPrincipal{g, "group", g.InlinePolicies, g.AttachedPolicies, g.Known})
	}
	for _, r := range a.Resources.IAMRoles {
		if !r.ServiceLinked {
			out = append(out, iamPrincipal{r, "role", r.InlinePolicies, r.AttachedPolicies, r.Known})
		}
	}
	return out
}

var iamInlinePolicyAdmin = &Check{
	ID:           "iam-inline-policy-admin",
	Service:      "iam",
	Title:        "No inline policy grants full administrative privileges",
	Severity:     finding.High,
	ResourceType: "AWS::IAM::User",
	Needs:        []string{"AWS::IAM::Group", "AWS::IAM::Role"},
	Rationale: "Inline policies live inside one user, group or role: they do not show up in the policy list, in " +
		"list-entities-for-policy or in most admin-access reviews, which is why an inline \"*:*\" is a classic way " +
		"to hide administrator access (and a classic persistence step after a compromise: iam:PutUserPolicy). " +
		"On an IAM user with access keys it puts the whole account behind one long-lived secret; on a Lambda or " +
		"EC2 role it hands the account to anyone who finds a code-execution or SSRF bug in the workload.",
	Verify: "For each principal: aws iam list-user-policies / list-group-policies / list-role-policies, then get-user-policy " +
		"(get-group-policy, get-role-policy) — no statement with Effect Allow, Action \"*\" (or a NotAction keeping iam:*) and Resource \"*\".",
	Remediation: Remediation{
		Summary: "Delete inline admin policies; grant scoped managed policies instead, and investigate who added them.",
		Console: "IAM > Users (or Roles, User groups) > select the principal > Permissions > select the inline policy > Remove; attach a scoped managed policy.",
		CLI: "aws iam get-user-policy --user-name ci-deploy --policy-name ci-deploy-inline\n" +
			"aws iam delete-user-policy --user-name ci-deploy --policy-name ci-deploy-inline\n" +
			"aws iam attach-user-policy --user-name ci-deploy --policy-arn arn:aws:iam::777788889999:policy/DeployPipelinePolicy",
		Terraform: "# replace aws_iam_user_policy / aws_iam_role_policy resources whose policy is \"*\" with scoped documents\n" +
			"resource \"aws_iam_role_policy\" \"app\" {\n  role   = aws_iam_role.app.id\n  policy = data.aws_iam_policy_document.app.json\n}",
	},
	Seed: []string{"lambda-iam", "secure-configuration", "malicious-activity"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, p := range iamPrincipals(a) {
				loc := At(a, nil, p.res)
				if !p.known(inventory.ListInlinePolicies) {
					c.Unknown(loc, "the "+p.kind+"'s inline policies were not read")
					continue
				}
				if len(p.inline) == 0 {
					continue
				}
				var bad, unread []string
				for _, ip := range p.inline {
					how, admin, err := iamDocAdmin(c, ip.PolicyDocument)
					switch {
					case err != nil:
						unread = append(unread, ip.PolicyName+": "+err.Error())
					case admin:
						bad = append(bad, fmt.Sprintf("inline policy %s grants full admin (%s)", ip.PolicyName, how))
					}
				}
				names := make([]string, len(p.inline))
				for i, ip := range p.inline {
					names[i] = ip.PolicyName
				}
				ev := Ev(p.res, "InlinePolicies", names)
				switch {
				case len(bad) > 0:
					sev := c.check.Severity
					if p.kind == "user" {
						sev = finding.Critical // long-lived credentials with full admin
					}
					c.FailAt(sev, loc, strings.Join(bad, "; "), ev)
				case len(unread) > 0:
					c.Unknown(loc, "an inline policy could not be read: "+strings.Join(unread, "; "), ev)
				default:
					c.Pass(loc, countOf(len(p.inline), "inline policy", "inline policies")+", none grants full admin", ev)
				}
			}
		}
	},
}

// iamPassRoleGrant reports how a document lets its holder pass any role
// of the account, and whether a condition narrows it to some services.
func iamPassRoleGrant(c *Context, doc, account string) (how string, narrowed bool, err error) {
	d, err := c.Policy(doc)
	if err != nil {
		return "", false, err
	}
	probe := "arn:aws:iam::" + account + ":role/awssec-probe-any-role"
	for i := range d.Statements {
		s := &d.Statements[i]
		if s.Effect != "Allow" || !s.CoversAction("iam:PassRole") || !s.CoversResource(probe) {
			continue
		}
		res := strings.Join(s.Resource, ", ")
		if len(s.NotResource) > 0 {
			res = "all but " + strings.Join(s.NotResource, ", ")
		}
		h := "allows iam:PassRole on " + res
		if len(s.NotAction) > 0 || slices.Contains(s.Action, "*") {
			h += " (through " + iamActionsText(s) + ")"
		}
		svc := s.ConditionValues("iam:PassedToService")
		if len(svc) > 0 && !slices.Contains(svc, "*") {
			if how == "" {
				how, narrowed = h+", only to "+strings.Join(svc, ", "), true
			}
			continue
		}
		return h, false, nil
	}
	return how, narrowed, nil
}

func iamActionsText(s *policy.Statement) string {
	if len(s.NotAction) > 0 {
		return "NotAction " + strings.Join(s.NotAction, ", ")
	}
	return "Action " + strings.Join(s.Action, ", ")
}

var iamPassRoleWildcard = &Check{
	ID:           "iam-passrole-wildcard",
	Service:      "iam",
	Title:        "No policy allows iam:PassRole on every role",
	Severity:     finding.High,
	ResourceType: "AWS::IAM::Policy",
	Needs:        []string{"AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Role"},
	Rationale: "iam:PassRole decides which role a principal may hand to a service: launching an EC2 instance with an " +
		"instance profile, creating a Lambda function, a Glue job or a CloudFormation stack with a role. Allowed " +
		"on \"*\", it lets a principal that can create any of those resources run code as the most powerful role " +
		"in the account (often an admin role) and read its credentials: the most common IAM privilege " +
		"escalation path. Scope PassRole to the role ARNs the job needs, and narrow it with iam:PassedToService.",
	Verify: "For customer managed and inline policies: no Allow statement whose Action matches iam:PassRole (iam:PassRole, " +
		"iam:Pass*, iam:*, *) with Resource \"*\" or arn:aws:iam::ACCOUNT:role/*. aws iam get-policy-version --policy-arn ARN " +
		"--version-id VERSION; aws iam simulate-principal-policy --policy-source-arn PRINCIPAL --action-names iam:PassRole " +
		"--resource-arns arn:aws:iam::ACCOUNT:role/AdminRole.",
	Remediation: Remediation{
		Summary: "Restrict iam:PassRole to the specific role ARNs needed, with an iam:PassedToService condition.",
		Console: "IAM > Policies (or the principal's inline policy) > Edit > the iam:PassRole statement: set Resource to the role ARNs and add the condition iam:PassedToService.",
		CLI: "aws iam create-policy-version --policy-arn arn:aws:iam::777788889999:policy/DeployPipelinePolicy --set-as-default --policy-document '" +
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::777788889999:role/app-lambda-role",` +
			`"Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}]}'`,
		Terraform: "data \"aws_iam_policy_document\" \"deploy\" {\n  statement {\n    actions   = [\"iam:PassRole\"]\n" +
			"    resources = [aws_iam_role.app_lambda.arn]\n    condition {\n      test     = \"StringEquals\"\n" +
			"      variable = \"iam:PassedToService\"\n      values   = [\"lambda.amazonaws.com\"]\n    }\n  }\n}",
	},
	Seed: []string{"lambda-iam", "secure-configuration"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			judge := func(loc Loc, res inventory.Resource, docs map[string]string) {
				names := make([]string, 0, len(docs))
				for n := range docs {
					names = append(names, n)
				}
				slices.Sort(names)
				var wide, narrow, bad []string
				for _, n := range names {
					how, narrowed, err := iamPassRoleGrant(c, docs[n], a.ID)
					switch {
					case err != nil:
						bad = append(bad, n+": "+err.Error())
					case how != "" && narrowed:
						narrow = append(narrow, n+" "+how)
					case how != "":
						wide = append(wide, n+" "+how)
					}
				}
				ev := Ev(res, "PolicyDocuments", names)
				switch {
				case len(wide) > 0:
					c.Fail(loc, strings.Join(wide, "; "), ev)
				case len(bad) > 0:
					c.Unknown(loc, "a policy could not be read: "+strings.Join(bad, "; "), ev)
				case len(narrow) > 0:
					c.FailAt(finding.Low, loc, strings.Join(narrow, "; ")+" (any role of the account, for those services)", ev)
				default:
					c.Pass(loc, "no iam:PassRole on every role", ev)
				}
			}
			for _, p := range a.Resources.IAMPolicies {
				if p.AWSManaged {
					continue // AWS's own policies are out of the customer's hands
				}
				loc := At(a, nil, p)
				if p.Document == "" {
					c.Unknown(loc, "the policy's default version was not read")
					continue
				}
				judge(loc, p, map[string]string{p.Name: p.Document})
			}
			for _, pr := range iamPrincipals(a) {
				loc := At(a, nil, pr.res)
				if !pr.known(inventory.ListInlinePolicies) {
					c.Unknown(loc, "the "+pr.kind+"'s inline policies were not read")
					continue
				}
				if len(pr.inline) == 0 {
					continue
				}
				docs := map[string]string{}
				for _, ip := range pr.inline {
					docs["inline policy "+ip.PolicyName] = ip.PolicyDocument
				}
				judge(loc, pr.res, docs)
			}
		}
	},
}

// ---------------------------------------------------------------------------
// Account-wide IAM settings

var iamSupportRole = &Check{
	ID:           "iam-support-role",
	Service:      "iam",
	Title:        "A role exists to manage incidents with AWS Support",
	Severity:     finding.Low,
	ResourceType: "AWS::IAM::Role",
	Rationale: "During an incident (a compromised key, a DDoS, an abuse report from AWS) the responders must open and " +
		"follow AWS Support cases quickly. Without a role that carries AWSSupportAccess they fall back to the root " +
		"user or to whoever has administrator access, the very credentials the incident may concern. A dedicated, " +
		"least-privileged support role keeps support work out of admin sessions.",
	Verify: "aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess --query PolicyRoles — not empty.",
	Remediation: Remediation{
		Summary: "Create a role that the incident responders can assume and attach the AWSSupportAccess managed policy.",
		Console: "IAM > Roles > Create role > AWS account (this account, require MFA) > attach AWSSupportAccess > name it AWSSupportRole.",
		CLI: "aws iam create-role --role-name AWSSupportRole --assume-role-policy-document " +
			`'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777788889999:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}'` + "\n" +
			"aws iam attach-role-policy --role-name AWSSupportRole --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess",
		Terraform: "resource \"aws_iam_role\" \"support\" {\n  name               = \"AWSSupportRole\"\n  assume_role_policy = data.aws_iam_policy_document.responders.json\n}\n\n" +
			"resource \"aws_iam_role_policy_attachment\" \"support\" {\n  role       = aws_iam_role.support.name\n  policy_arn = \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.17"}, "5.0.0": {"1.16"}},
	Seed: []string{"incident-response"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			var found []string
			unread := false
			for _, r := range a.Resources.IAMRoles {
				if !r.Known(inventory.ListAttachedPolicies) {
					unread = true
					continue
				}
				for _, p := range r.AttachedPolicies {
					if p.PolicyARN == iamSupportPolicyARN {
						found = append(found, r.Name)
					}
				}
			}
			loc := AtScope(a, nil, "AWS::IAM::Role")
			switch {
			case len(found) > 0:
				c.Pass(loc, "AWSSupportAccess is attached to role "+strings.Join(found, ", "), Ev(nil, "PolicyRoles", found))
			case unread:
				c.Unknown(loc, "no role found with AWSSupportAccess, but some roles' attached policies were not read")
			default:
				c.Fail(loc, fmt.Sprintf("none of the account's %d roles has AWSSupportAccess attached", len(a.Resources.IAMRoles)),
					Ev(nil, "PolicyRoles", []string{}))
			}
		}
	},
}

var iamServerCertificateExpired = &Check{
	ID:           "iam-server-certificate-expired",
	Service:      "iam",
	Title:        "No expired TLS server certificates are stored in IAM",
	Severity:     finding.Medium,
	ResourceType: "AWS::IAM::ServerCertificate",
	Rationale: "An expired certificate still stored in IAM can be selected for a load balancer or CloudFront " +
		"distribution by mistake, breaking TLS for clients or teaching them to click through certificate " +
		"warnings, which is what a man-in-the-middle needs. Its presence also signals that certificates here " +
		"are managed by hand; ACM renews and deploys them automatically.",
	Verify: "aws iam list-server-certificates --query 'ServerCertificateMetadataList[].[ServerCertificateName,Expiration]' — no Expiration in the past.",
	Remediation: Remediation{
		Summary: "Delete expired server certificates from IAM and move TLS certificates to ACM.",
		Console: "IAM server certificates have no console page: use the CLI. In ACM > Request certificate for a managed replacement.",
		CLI:     "aws iam delete-server-certificate --server-certificate-name legacy-portal-2025",
		Terraform: "# remove the aws_iam_server_certificate resource and use ACM instead\nresource \"aws_acm_certificate\" \"portal\" {\n" +
			"  domain_name       = \"portal.example.com\"\n  validation_method = \"DNS\"\n  lifecycle {\n    create_before_destroy = true\n  }\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"1.19"}, "5.0.0": {"1.18"}},
	Seed: []string{"data-in-transit", "encrypted-channel"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, cert := range a.Resources.IAMServerCertificates {
				loc := At(a, nil, cert)
				ev := Ev(cert, "Expiration", iamDate(cert.Expiration))
				switch exp := cert.Expiration; {
				case exp.IsZero():
					c.Unknown(loc, "the certificate's expiration was not read", ev)
				case !exp.After(c.Estate.CollectedAt):
					c.Fail(loc, fmt.Sprintf("expired %s (%s)", iamAgo(c, exp), exp.Format(time.DateOnly)), ev)
				default:
					c.Pass(loc, fmt.Sprintf("valid until %s (%d days left)", exp.Format(time.DateOnly), -daysSince(c, exp)), ev)
				}
			}
		}
	},
}

// ---------------------------------------------------------------------------
// Role trust policies

// iamTrust is a role's parsed trust policy, or why it could not be read.
func iamTrust(c *Context, r *inventory.IAMRole) (*policy.Document, string) {
	if r.AssumeRolePolicyDocument == "" {
		return nil, "the role's trust policy was not read"
	}
	d, err := c.Policy(r.AssumeRolePolicyDocument)
	if err != nil {
		return nil, "the role's trust policy could not be read: " + err.Error()
	}
	return d, ""
}

// iamAssumeStatement reports whether an Allow statement of a trust policy
// lets its principals assume the role in any of the STS ways.
func iamAssumeStatement(s *policy.Statement) bool {
	if s.Effect != "Allow" {
		return false
	}
	for _, a := range []string{"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"} {
		if s.CoversAction(a) {
			return true
		}
	}
	return false
}

// iamCallerKeys are condition keys that pin "anyone" in a trust policy to a
// known caller: an organization, an account, a principal or a source
// resource. sts:ExternalId is not one: it is not a secret.
var iamCallerKeys = []string{
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:userid",
}

// iamConditionKeysPresent returns the keys of the statement's conditions
// that are among keys (lower-case) and carry a non-wildcard value, ignoring
// Null operators (which only test for presence).
func iamConditionKeysPresent(s *policy.Statement, keys []string) []string {
	var out []string
	for op, kv := range s.Condition {
		if strings.HasPrefix(strings.ToLower(op), "null") {
			continue
		}
		for k, vals := range kv {
			if !slices.Contains(keys, strings.ToLower(k)) {
				continue
			}
			if len(vals) > 0 && !slices.ContainsFunc(vals, func(v string) bool { return v == "*" || v == "" }) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

const iamGitHubOIDC = "token.actions.githubusercontent.com"

var iamRoleTrustAnyPrincipal = &Check{
	ID:           "iam-role-trust-any-principal",
	Service:      "iam",
	Title:        "No role can be assumed by any AWS principal or any federated identity",
	Severity:     finding.Critical,
	ResourceType: "AWS::IAM::Role",
	Rationale: "A trust policy with \"Principal\": {\"AWS\": \"*\"} and no condition naming the caller's organization, " +
		"account or ARN lets every principal of every AWS account call sts:AssumeRole and get the role's " +
		"credentials: the attacker needs nothing but the role ARN, which leaks in logs, error messages and " +
		"public templates, and their own AWS account. sts:ExternalId does not help: it is a shared value, not a " +
		"secret. The same happens with OIDC federation: a role trusting GitHub's OIDC provider without a " +
		"condition on the token's \"sub\" can be assumed from any repository on GitHub.",
	Verify: "aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument — no Allow statement with Principal \"*\" " +
		"(or NotPrincipal) unless a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn pins the caller; " +
		"GitHub OIDC trusts need a StringEquals/StringLike on token.actions.githubusercontent.com:sub. IAM Access Analyzer reports " +
		"such roles as public.",
	Remediation: Remediation{
		Summary: "Replace the \"*\" principal with the exact account or role ARNs, or pin it with aws:PrincipalOrgID; pin OIDC trusts to a repository.",
		Console: "IAM > Roles > select the role > Trust relationships > Edit trust policy: set Principal to the trusted ARNs (or add a " +
			"StringEquals aws:PrincipalOrgID condition). Delete the role if nothing uses it (see Last activity).",
		CLI: "aws iam update-assume-role-policy --role-name LegacyOpenRole --policy-document " +
			`'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Admin"},"Action":"sts:AssumeRole"}]}'` + "\n" +
			"aws iam delete-role --role-name LegacyOpenRole   # when unused",
		Terraform: "data \"aws_iam_policy_document\" \"trust\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n    principals {\n" +
			"      type        = \"AWS\"\n      identifiers = [\"*\"]\n    }\n    condition {\n      test     = \"StringEquals\"\n" +
			"      variable = \"aws:PrincipalOrgID\"\n      values   = [\"o-a1b2c3d4e5\"]\n    }\n  }\n}",
	},
	Seed: []string{"cross-account-access", "cspm-top3", "secure-configuration"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, r := range a.Resources.IAMRoles {
				if r.ServiceLinked {
					continue
				}
				loc := At(a, nil, r)
				doc, why := iamTrust(c, r)
				if doc == nil {
					c.Unknown(loc, why)
					continue
				}
				var open, pinned []string
				for i := range doc.Statements {
					s := &doc.Statements[i]
					if !iamAssumeStatement(s) {
						continue
					}
					if s.PublicPrincipal() {
						who := `Principal "*"`
						if len(s.NotPrincipal) > 0 {
							who = "NotPrincipal (everyone else)"
						}
						if keys := iamConditionKeysPresent(s, iamCallerKeys); len(keys) > 0 {
							pinned = append(pinned, who+" pinned by "+strings.Join(keys, ", "))
						} else if len(s.ConditionValues("sts:ExternalId")) > 0 {
							open = append(open, who+" with only an sts:ExternalId condition: any AWS account that knows the value can assume it")
						} else {
							open = append(open, who+" with no condition: any AWS account can assume it")
						}
					}
					for _, f := range s.Principal["Federated"] {
						if !strings.HasSuffix(f, "oidc-provider/"+iamGitHubOIDC) {
							continue
						}
						if len(s.ConditionValues(iamGitHubOIDC+":sub")) == 0 {
							open = append(open, "GitHub OIDC with no condition on "+iamGitHubOIDC+":sub: any GitHub repository can assume it")
						} else {
							pinned = append(pinned, "GitHub OIDC pinned to "+strings.Join(s.ConditionValues(iamGitHubOIDC+":sub"), ", "))
						}
					}
				}
				ev := Ev(r, "AssumeRolePolicyDocument", r.AssumeRolePolicyDocument)
				switch {
				case len(open) > 0:
					c.Fail(loc, "trust policy allows "+strings.Join(open, "; "), ev)
				case len(pinned) > 0:
					c.Pass(loc, "trust policy allows "+strings.Join(pinned, "; "), ev)
				default:
					c.Pass(loc, "trust policy names its principals", ev)
				}
			}
		}
	},
}

// iamAccountID matches a 12-digit AWS account id.
var iamAccountID = regexp.MustCompile(`^\d{12}$`)

// iamAccountOf returns the account id in an AWS principal: a bare account
// id or an IAM ARN. Unique ids (AROA..., left when a trusted role was
// deleted) and anything else return "".
func iamAccountOf(principal string) string {
	if iamAccountID.MatchString(principal) {
		return principal
	}
	if parts := strings.Split(principal, ":"); len(parts) >= 6 && parts[0] == "arn" && iamAccountID.MatchString(parts[4]) {
		return parts[4]
	}
	return ""
}

// iamInsideAccounts returns the accounts counted as "ours": the
// organization's, or, when the organization was not read, the estate's.
func iamInsideAccounts(e *inventory.Estate) (map[string]bool, string) {
	in := map[string]bool{}
	if o := e.Organization; o != nil && len(o.Accounts) > 0 {
		for _, a := range o.Accounts {
			in[a.ID] = true
		}
		return in, "organization " + o.ID
	}
	for _, a := range e.Accounts {
		in[a.ID] = true
	}
	return in, "the scanned accounts"
}

var iamRoleCrossAccountWithoutExternalID = &Check{
	ID:           "iam-role-cross-account-without-external-id",
	Service:      "iam",
	Title:        "Roles trusted by accounts outside the organization require an external id",
	Severity:     finding.High,
	ResourceType: "AWS::IAM::Role",
	Rationale: "A role that trusts a third party's account (an auditor, a monitoring or backup SaaS) lets anyone in " +
		"that account assume it. The vendor's service assumes roles for all its customers: if the vendor lets a " +
		"customer type in a role ARN, any of its other customers can enter yours and the vendor will assume it " +
		"on their behalf (the confused deputy). An sts:ExternalId condition with a value the vendor generated for " +
		"you alone breaks that. Trusting an account's root (arn:aws:iam::ACCOUNT:root) delegates the decision to " +
		"every admin of that account; roles trusting accounts outside the organization deserve a review either way.",
	Verify: "aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument — every AWS principal from an account " +
		"not in aws organizations list-accounts must come with a StringEquals sts:ExternalId condition. " +
		"IAM Access Analyzer lists roles shared outside the zone of trust.",
	Remediation: Remediation{
		Summary: "Add an sts:ExternalId condition (the value the vendor gives you) to trust statements for outside accounts, and trust a specific role, not the account root.",
		Console: "IAM > Roles > select the role > Trust relationships > Edit trust policy: set Principal to the vendor's role ARN and add " +
			"Condition StringEquals sts:ExternalId = the vendor's external id. Remove the role if the vendor is no longer used.",
		CLI: "aws iam update-assume-role-policy --role-name ThirdPartyAuditRole --policy-document " +
			`'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:role/auditor"},"Action":"sts:AssumeRole",` +
			`"Condition":{"StringEquals":{"sts:ExternalId":"7f3c9a2e-vendor-issued"}}}]}'`,
		Terraform: "data \"aws_iam_policy_document\" \"auditor_trust\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n    principals {\n" +
			"      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::999988887777:role/auditor\"]\n    }\n    condition {\n" +
			"      test     = \"StringEquals\"\n      variable = \"sts:ExternalId\"\n      values   = [var.auditor_external_id]\n    }\n  }\n}",
	},
	Seed: []string{"cross-account-access", "sso-third-party"},
	Run: func(c *Context) {
		inside, scope := iamInsideAccounts(c.Estate)
		for a := range c.Accounts() {
			for _, r := range a.Resources.IAMRoles {
				if r.ServiceLinked {
					continue
				}
				loc := At(a, nil, r)
				doc, why := iamTrust(c, r)
				if doc == nil {
					c.Unknown(loc, why)
					continue
				}
				var bad, good, internal []string
				for i := range doc.Statements {
					s := &doc.Statements[i]
					if !iamAssumeStatement(s) {
						continue
					}
					principals := slices.Clone(s.Principal["AWS"])
					if len(s.NotPrincipal) > 0 {
						principals = append(principals, "*")
					}
					extID := len(s.ConditionValues("sts:ExternalId")) > 0 && !slices.Contains(s.ConditionValues("sts:ExternalId"), "*")
					orgPinned := len(iamConditionKeysPresent(s, []string{"aws:principalorgid", "aws:principalorgpaths"})) > 0
					for _, p := range principals {
						acct := iamAccountOf(p)
						switch {
						case p == "*" && orgPinned, acct != "" && (acct == a.ID || inside[acct]):
							internal = append(internal, p)
						case p != "*" && acct == "":
							continue // a unique id (deleted principal) or an unparsable entry
						case extID:
							good = append(good, p)
						default:
							who := acct
							if p == "*" {
								who = "any AWS account (\"*\")"
							} else if !strings.HasSuffix(p, ":root") && p != acct {
								who = p
							}
							bad = append(bad, who)
						}
					}
				}
				ev := Ev(r, "AssumeRolePolicyDocument", r.AssumeRolePolicyDocument)
				switch {
				case len(bad) > 0:
					c.Fail(loc, fmt.Sprintf("trusts %s, outside %s, with no sts:ExternalId condition", strings.Join(bad, ", "), scope), ev)
				case len(good) > 0:
					c.Pass(loc, fmt.Sprintf("trusts %s outside %s only with sts:ExternalId", strings.Join(good, ", "), scope), ev)
				case len(internal) > 0:
					c.Pass(loc, fmt.Sprintf("trusts only principals inside %s", scope), ev)
				default:
					c.Pass(loc, "trusts no AWS account principal", ev)
				}
			}
		}
	},
}

// iamPassRoleOnlyServices can only use a role that a principal of the role's
// own account passed to them (with iam:PassRole): no other customer can point
// them at it, so there is no cross-service confused deputy to guard against.
var iamPassRoleOnlyServices = []string{
	"ec2.amazonaws.com", "lambda.amazonaws.com", "edgelambda.amazonaws.com", "ecs-tasks.amazonaws.com",
	"eks.amazonaws.com", "eks-fargate-pods.amazonaws.com", "pods.eks.amazonaws.com",
}

// iamSourceKeys are the condition keys AWS recommends against the
// cross-service confused deputy.
var iamSourceKeys = []string{"aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"}

var iamRoleServiceTrustWithoutSourceCondition = &Check{
	ID:           "iam-role-service-trust-without-source-condition",
	Service:      "iam",
	Title:        "Roles trusted by AWS services pin the source account or resource",
	Severity:     finding.Medium,
	ResourceType: "AWS::IAM::Role",
	Rationale: "When a trust policy names only a service principal (config.amazonaws.com, sns.amazonaws.com, " +
		"backup.amazonaws.com...), the service will assume the role for any customer that refers to its ARN. A " +
		"customer of that service in another account who learns or guesses the ARN can have the service act " +
		"with your role's permissions: the cross-service confused deputy. aws:SourceAccount or aws:SourceArn in " +
		"the trust policy makes the service prove which account or resource it acts for. Compute services that " +
		"only receive roles through iam:PassRole in your own account (EC2, Lambda, ECS tasks, EKS) are exempt.",
	Verify: "aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument — statements with a Service principal have a " +
		"StringEquals aws:SourceAccount or ArnLike aws:SourceArn condition.",
	Remediation: Remediation{
		Summary: "Add aws:SourceAccount (and where possible aws:SourceArn) conditions to service trust statements.",
		Console: "IAM > Roles > select the role > Trust relationships > Edit trust policy: add Condition StringEquals aws:SourceAccount = your account id, " +
			"ArnLike aws:SourceArn = the resource that uses the role.",
		CLI: "aws iam update-assume-role-policy --role-name aws-config-delivery --policy-document " +
			`'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"config.amazonaws.com"},"Action":"sts:AssumeRole",` +
			`"Condition":{"StringEquals":{"aws:SourceAccount":"777788889999"}}}]}'`,
		Terraform: "data \"aws_iam_policy_document\" \"config_trust\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n    principals {\n" +
			"      type        = \"Service\"\n      identifiers = [\"config.amazonaws.com\"]\n    }\n    condition {\n      test     = \"StringEquals\"\n" +
			"      variable = \"aws:SourceAccount\"\n      values   = [data.aws_caller_identity.current.account_id]\n    }\n  }\n}",
	},
	Seed: []string{"cross-account-access", "lambda-iam"},
	Run: func(c *Context) {
		for a := range c.Accounts() {
			for _, r := range a.Resources.IAMRoles {
				if r.ServiceLinked {
					continue
				}
				loc := At(a, nil, r)
				doc, why := iamTrust(c, r)
				if doc == nil {
					c.Unknown(loc, why)
					continue
				}
				var open, pinned, exempt []string
				for i := range doc.Statements {
					s := &doc.Statements[i]
					if !iamAssumeStatement(s) {
						continue
					}
					keys := iamConditionKeysPresent(s, iamSourceKeys)
					for _, svc := range s.Principal["Service"] {
						switch {
						case slices.Contains(iamPassRoleOnlyServices, svc):
							exempt = append(exempt, svc)
						case len(keys) > 0:
							pinned = append(pinned, svc+" (pinned by "+strings.Join(keys, ", ")+")")
						default:
							open = append(open, svc)
						}
					}
				}
				if len(open)+len(pinned)+len(exempt) == 0 {
					continue // no service principal: nothing to assess
				}
				ev := Ev(r, "AssumeRolePolicyDocument", r.AssumeRolePolicyDocument)
				switch {
				case len(open) > 0:
					c.Fail(loc, "trusts "+strings.Join(open, ", ")+" with no aws:SourceAccount or aws:SourceArn condition", ev)
				case len(pinned) > 0:
					c.Pass(loc, "trusts "+strings.Join(pinned, ", "), ev)
				default:
					c.Pass(loc, "trusts "+strings.Join(exempt, ", ")+", which can only receive the role through iam:PassRole in this account", ev)
				}
			}
		}
	},
}

// ---------------------------------------------------------------------------
// Helpers shared by the IAM, SSO and Organizations checks

// iamAgo renders t relative to the collection time: "412 days ago",
// "today"; a zero time is "never".
func iamAgo(c *Context, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	switch d := daysSince(c, t); {
	case d < 0:
		return "in the future (" + t.Format(time.DateOnly) + ")"
	case d == 0:
		return "today"
	case d == 1:
		return "1 day ago"
	default:
		return fmt.Sprintf("%d days ago", d)
	}
}

// iamDate renders a time for evidence; zero is "never".
func iamDate(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// iamMaskKey shortens an access key id to its first and last four
// characters ("AKIA…MPLE"), enough to find it, not to copy it around.
func iamMaskKey(id string) string {
	if len(id) <= 8 {
		return id
	}
	return id[:4] + "…" + id[len(id)-4:]
}

// iamFlag renders a known boolean as the 0/1 of GetAccountSummary.
func iamFlag(b *bool) any {
	if b == nil {
		return b
	}
	if *b {
		return 1
	}
	return 0
}

// eachRoot calls fn for each account's root user, and reports the accounts
// whose root account summary was not read as not assessed.
func eachRoot(c *Context, fn func(a *inventory.Account, root *inventory.IAMRoot, loc Loc)) {
	for a := range c.Accounts() {
		root := a.Resources.IAMRoot
		if root == nil {
			c.Unknown(AtScope(a, nil, "AWS::IAM::Root"), "the root user's account summary was not read")
			continue
		}
		fn(a, root, At(a, nil, root))
	}
}
