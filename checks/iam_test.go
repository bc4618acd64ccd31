package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// Builders for the IAM, SSO and Organizations tests.

func tDaysAgo(n int) time.Time { return testNow.AddDate(0, 0, -n) }

func tGap(typ string) inventory.Gap {
	return inventory.Gap{ResourceType: typ, Call: "iam:List", Code: "AccessDenied"}
}

func tUser(id string, f func(u *inventory.IAMUser)) *inventory.IAMUser {
	u := &inventory.IAMUser{Meta: meta(id), CreateDate: tDaysAgo(700), PasswordEnabled: inventory.Ptr(false)}
	if f != nil {
		f(u)
	}
	return u
}

func tKey(id, status string, created, used int) inventory.AccessKey {
	k := inventory.AccessKey{AccessKeyID: id, Status: status, CreateDate: tDaysAgo(created)}
	if used >= 0 {
		k.LastUsedDate, k.LastUsedService, k.LastUsedRegion = tDaysAgo(used), "s3", "us-east-1"
	}
	return k
}

func tRole(id, trust string) *inventory.IAMRole {
	return &inventory.IAMRole{Meta: meta(id), AssumeRolePolicyDocument: trust}
}

func tRoot(f func(r *inventory.IAMRoot)) *inventory.IAMRoot {
	r := &inventory.IAMRoot{Meta: meta("root"), PasswordPresent: inventory.Ptr(true), MFAEnabled: inventory.Ptr(true),
		HardwareMFA: inventory.Ptr(true), AccessKeysPresent: inventory.Ptr(false), Activity: &inventory.RootActivity{}}
	if f != nil {
		f(r)
	}
	return r
}

// tTrust is a one-statement trust policy.
func tTrust(principal, extra string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"` + extra + `}]}`
}

// tAllow is a one-statement identity policy.
func tAllow(action, resource, extra string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + action + `,"Resource":` + resource + extra + `}]}`
}

// runEstate runs a check on a hand-built estate and asserts statuses and
// message substrings, like runCases.
func runEstate(t *testing.T, c *Check, e *inventory.Estate, want map[string]finding.Status, contains map[string]string) []finding.Finding {
	t.Helper()
	fs := runCheck(t, c, e)
	if diff := cmp.Diff(want, statuses(fs)); diff != "" {
		t.Errorf("%s: statuses (-want +got):\n%s", c.ID, diff)
	}
	for id, sub := range contains {
		found := false
		for _, f := range fs {
			if f.ResourceID == id && strings.Contains(f.Message, sub) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no result for %s mentions %q; got %+v", c.ID, id, sub, fs)
		}
	}
	return fs
}

func severityOf(fs []finding.Finding, id string) finding.Severity {
	for _, f := range fs {
		if f.ResourceID == id {
			return f.Severity
		}
	}
	return 0
}

// ---------------------------------------------------------------------------

func TestIAMRootAccessKeys(t *testing.T) {
	runCases(t, iamRootAccessKeys, []checkCase{{
		name: "keys present",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) {
				r.AccessKeysPresent = inventory.Ptr(true)
				r.Activity = &inventory.RootActivity{AccessKey1Active: true, AccessKey2Active: true, AccessKeyLastUsed: tDaysAgo(12)}
			})
		},
		want:     map[string]finding.Status{"root": finding.Fail},
		contains: map[string]string{"root": "two active access keys, last used 12 days ago"},
	}, {
		name: "no keys",
		fill: func(a *inventory.Account, r *inventory.Region) { a.Resources.IAMRoot = tRoot(nil) },
		want: map[string]finding.Status{"root": finding.Pass},
	}, {
		name: "summary not read",
		fill: func(a *inventory.Account, r *inventory.Region) {},
		want: map[string]finding.Status{testAccount: finding.Error},
	}, {
		name: "key flag not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) { r.AccessKeysPresent = nil })
		},
		want: map[string]finding.Status{"root": finding.Error},
	}})
}

func TestIAMRootMFA(t *testing.T) {
	runCases(t, iamRootMFA, []checkCase{{
		name: "no MFA",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) { r.MFAEnabled = inventory.Ptr(false) })
		},
		want: map[string]finding.Status{"root": finding.Fail},
	}, {
		name: "MFA",
		fill: func(a *inventory.Account, r *inventory.Region) { a.Resources.IAMRoot = tRoot(nil) },
		want: map[string]finding.Status{"root": finding.Pass},
	}, {
		name: "no MFA but root credentials removed centrally",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) {
				r.MFAEnabled, r.PasswordPresent = inventory.Ptr(false), inventory.Ptr(false)
			})
		},
		want:     map[string]finding.Status{"root": finding.Pass},
		contains: map[string]string{"root": "removed centrally"},
	}, {
		name: "not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) { r.MFAEnabled = nil })
		},
		want: map[string]finding.Status{"root": finding.Error},
	}})
}

func TestIAMRootHardwareMFA(t *testing.T) {
	runCases(t, iamRootHardwareMFA, []checkCase{{
		name: "virtual MFA",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) { r.HardwareMFA = inventory.Ptr(false) })
		},
		want:     map[string]finding.Status{"root": finding.Fail},
		contains: map[string]string{"root": "virtual device"},
	}, {
		name: "no MFA at all",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) { r.MFAEnabled, r.HardwareMFA = inventory.Ptr(false), nil })
		},
		want:     map[string]finding.Status{"root": finding.Fail},
		contains: map[string]string{"root": "no MFA device at all"},
	}, {
		name: "hardware MFA",
		fill: func(a *inventory.Account, r *inventory.Region) { a.Resources.IAMRoot = tRoot(nil) },
		want: map[string]finding.Status{"root": finding.Pass},
	}, {
		name: "device type not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) { r.HardwareMFA = nil })
		},
		want: map[string]finding.Status{"root": finding.Error},
	}})
}

func TestIAMRootRecentUse(t *testing.T) {
	runCases(t, iamRootRecentUse, []checkCase{{
		name: "root key used recently",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) {
				r.Activity = &inventory.RootActivity{AccessKeyLastUsed: tDaysAgo(12), PasswordLastUsed: tDaysAgo(400)}
			})
		},
		want:     map[string]finding.Status{"root": finding.Fail},
		contains: map[string]string{"root": "a root access key was used 12 days ago"},
	}, {
		name: "root signed in long ago",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) { r.Activity.PasswordLastUsed = tDaysAgo(400) })
		},
		want:     map[string]finding.Status{"root": finding.Pass},
		contains: map[string]string{"root": "400 days ago"},
	}, {
		name: "root never used",
		fill: func(a *inventory.Account, r *inventory.Region) { a.Resources.IAMRoot = tRoot(nil) },
		want: map[string]finding.Status{"root": finding.Pass},
	}, {
		name: "credential report not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoot = tRoot(func(r *inventory.IAMRoot) { r.Activity = nil })
		},
		want: map[string]finding.Status{"root": finding.Error},
	}})
}

func TestIAMPasswordPolicy(t *testing.T) {
	pp := func(length, reuse int) func(a *inventory.Account, r *inventory.Region) {
		return func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMPasswordPolicy = &inventory.IAMPasswordPolicy{Meta: meta("pp"), Present: true,
				MinimumPasswordLength: length, PasswordReusePrevention: reuse}
		}
	}
	none := func(a *inventory.Account, r *inventory.Region) {
		a.Resources.IAMPasswordPolicy = &inventory.IAMPasswordPolicy{Meta: meta("pp")}
	}
	unread := func(a *inventory.Account, r *inventory.Region) {}
	runCases(t, iamPasswordPolicyLength, []checkCase{
		{name: "short", fill: pp(8, 24), want: map[string]finding.Status{"pp": finding.Fail}, contains: map[string]string{"pp": "length is 8"}},
		{name: "no policy", fill: none, want: map[string]finding.Status{"pp": finding.Fail}, contains: map[string]string{"pp": "no password policy"}},
		{name: "14", fill: pp(14, 0), want: map[string]finding.Status{"pp": finding.Pass}},
		{name: "not read", fill: unread, want: map[string]finding.Status{testAccount: finding.Error}},
	})
	runCases(t, iamPasswordPolicyReuse, []checkCase{
		{name: "reuse allowed", fill: pp(14, 0), want: map[string]finding.Status{"pp": finding.Fail}, contains: map[string]string{"pp": "reusing any"}},
		{name: "5 remembered", fill: pp(14, 5), want: map[string]finding.Status{"pp": finding.Fail}, contains: map[string]string{"pp": "only 5"}},
		{name: "no policy", fill: none, want: map[string]finding.Status{"pp": finding.Fail}},
		{name: "24", fill: pp(8, 24), want: map[string]finding.Status{"pp": finding.Pass}},
		{name: "not read", fill: unread, want: map[string]finding.Status{testAccount: finding.Error}},
	})
}

func TestIAMUserConsoleWithoutMFA(t *testing.T) {
	runCases(t, iamUserConsoleWithoutMFA, []checkCase{{
		name: "console with and without MFA",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{
				tUser("alice", func(u *inventory.IAMUser) {
					u.PasswordEnabled, u.PasswordLastUsed = inventory.Ptr(true), tDaysAgo(3)
				}),
				tUser("bob", func(u *inventory.IAMUser) {
					u.PasswordEnabled = inventory.Ptr(true)
					u.MFADevices = []inventory.MFADevice{{SerialNumber: "arn:aws:iam::123456789012:u2f/user/bob/key", Type: "fido"}}
				}),
				tUser("svc", nil),
			}
		},
		want:     map[string]finding.Status{"alice": finding.Fail, "bob": finding.Pass, "svc": finding.Pass},
		contains: map[string]string{"alice": "last sign-in 3 days ago", "bob": "fido"},
	}, {
		name: "not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{
				tUser("nopw", func(u *inventory.IAMUser) { u.PasswordEnabled = nil }),
				tUser("nomfa", func(u *inventory.IAMUser) {
					u.PasswordEnabled, u.Unread = inventory.Ptr(true), []string{inventory.ListMFADevices}
				}),
			}
		},
		want: map[string]finding.Status{"nopw": finding.Error, "nomfa": finding.Error},
	}, {
		name: "users not listed",
		fill: func(a *inventory.Account, r *inventory.Region) { a.Gaps = []inventory.Gap{tGap("AWS::IAM::User")} },
		want: map[string]finding.Status{testAccount: finding.Error},
	}})
}

func TestIAMUserUnusedCredentials(t *testing.T) {
	runCases(t, iamUserUnusedCredentials, []checkCase{{
		name: "stale and fresh credentials",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{
				tUser("old-login", func(u *inventory.IAMUser) {
					u.PasswordEnabled, u.PasswordLastUsed = inventory.Ptr(true), tDaysAgo(200)
				}),
				tUser("never-login", func(u *inventory.IAMUser) {
					u.PasswordEnabled, u.PasswordLastChanged = inventory.Ptr(true), tDaysAgo(100)
				}),
				tUser("new-login", func(u *inventory.IAMUser) {
					u.PasswordEnabled, u.PasswordLastChanged = inventory.Ptr(true), tDaysAgo(5)
				}),
				tUser("idle-key", func(u *inventory.IAMUser) {
					u.AccessKeys = []inventory.AccessKey{tKey("AKIAIDLE0000000EXAMPLE", "Active", 300, 60)}
				}),
				tUser("unused-key", func(u *inventory.IAMUser) {
					u.AccessKeys = []inventory.AccessKey{tKey("AKIAUNUSED00000EXMPL", "Active", 50, -1)}
				}),
				tUser("new-key", func(u *inventory.IAMUser) {
					u.AccessKeys = []inventory.AccessKey{tKey("AKIANEW0000000EXAMPL", "Active", 10, -1)}
				}),
				tUser("busy", func(u *inventory.IAMUser) {
					u.PasswordEnabled, u.PasswordLastUsed = inventory.Ptr(true), tDaysAgo(1)
					u.AccessKeys = []inventory.AccessKey{tKey("AKIABUSY000000EXAMPL", "Active", 30, 0),
						tKey("AKIAOFF00000000EXAMP", "Inactive", 400, 300)}
				}),
				tUser("nothing", nil),
			}
		},
		want: map[string]finding.Status{
			"old-login": finding.Fail, "never-login": finding.Fail, "new-login": finding.Pass,
			"idle-key": finding.Fail, "unused-key": finding.Fail, "new-key": finding.Pass, "busy": finding.Pass, "nothing": finding.Pass,
		},
		contains: map[string]string{
			"old-login": "console password last used 200 days ago", "never-login": "never used, set 100 days ago",
			"idle-key": "key AKIA…MPLE last used 60 days ago", "unused-key": "never used, created 50 days ago",
			"busy": "used today", "nothing": "no console password",
		},
	}, {
		name: "not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{
				tUser("keys-unread", func(u *inventory.IAMUser) { u.Unread = []string{inventory.ListAccessKeys} }),
				tUser("pw-unread", func(u *inventory.IAMUser) { u.PasswordEnabled = nil }),
			}
		},
		want: map[string]finding.Status{"keys-unread": finding.Error, "pw-unread": finding.Error},
	}})
}

func TestIAMUserMultipleActiveKeys(t *testing.T) {
	runCases(t, iamUserMultipleActiveKeys, []checkCase{{
		name: "two active, one active one inactive",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{
				tUser("two", func(u *inventory.IAMUser) {
					u.AccessKeys = []inventory.AccessKey{tKey("AKIAONE0000000000001", "Active", 10, 1), tKey("AKIATWO0000000000002", "Active", 200, 100)}
				}),
				tUser("one", func(u *inventory.IAMUser) {
					u.AccessKeys = []inventory.AccessKey{tKey("AKIAONE0000000000001", "Active", 10, 1), tKey("AKIATWO0000000000002", "Inactive", 200, 100)}
				}),
			}
		},
		want:     map[string]finding.Status{"two": finding.Fail, "one": finding.Pass},
		contains: map[string]string{"two": "AKIA…0001, AKIA…0002"},
	}, {
		name: "not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{tUser("x", func(u *inventory.IAMUser) { u.Unread = []string{inventory.ListAccessKeys} })}
		},
		want: map[string]finding.Status{"x": finding.Error},
	}})
}

func TestIAMAccessKeyRotation(t *testing.T) {
	runCases(t, iamAccessKeyRotation, []checkCase{{
		name: "old, fresh, inactive, none",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{
				tUser("old", func(u *inventory.IAMUser) {
					u.AccessKeys = []inventory.AccessKey{tKey("AKIAIOSFODNN7EXAMPLE", "Active", 412, 3)}
				}),
				tUser("fresh", func(u *inventory.IAMUser) {
					u.AccessKeys = []inventory.AccessKey{tKey("AKIAIOSFODNN7EXAMPL2", "Active", 90, -1)}
				}),
				tUser("inactive", func(u *inventory.IAMUser) {
					u.AccessKeys = []inventory.AccessKey{tKey("AKIAIOSFODNN7EXAMPL3", "Inactive", 500, 400)}
				}),
				tUser("none", nil),
			}
		},
		want: map[string]finding.Status{"old": finding.Fail, "fresh": finding.Pass, "inactive": finding.Pass, "none": finding.Pass},
		contains: map[string]string{
			"old":   "key AKIA…MPLE created 412 days ago, last used 3 days ago (s3, us-east-1)",
			"fresh": "created 90 days ago, last used never",
		},
	}, {
		name: "not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{
				tUser("unread", func(u *inventory.IAMUser) { u.Unread = []string{inventory.ListAccessKeys} }),
				tUser("nodate", func(u *inventory.IAMUser) {
					u.AccessKeys = []inventory.AccessKey{{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Status: "Active"}}
				}),
			}
		},
		want: map[string]finding.Status{"unread": finding.Error, "nodate": finding.Error},
	}})
}

func TestIAMAccessKeyMessagesNeverHoldMoreThanTheKeyID(t *testing.T) {
	e := testEstate(func(a *inventory.Account, r *inventory.Region) {
		a.Resources.IAMUsers = []*inventory.IAMUser{tUser("old", func(u *inventory.IAMUser) {
			u.AccessKeys = []inventory.AccessKey{tKey("AKIAIOSFODNN7EXAMPLE", "Active", 412, 3)}
		})}
	})
	for _, f := range Run(e, []*Check{iamAccessKeyRotation, iamUserUnusedCredentials, iamUserMultipleActiveKeys}) {
		if strings.Contains(f.Message, "AKIAIOSFODNN7EXAMPLE") {
			t.Errorf("%s: message shows the whole key id: %s", f.CheckID, f.Message)
		}
	}
}

func TestIAMUserDirectPolicies(t *testing.T) {
	runCases(t, iamUserDirectPolicies, []checkCase{{
		name: "attached, inline, groups only",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{
				tUser("attached", func(u *inventory.IAMUser) {
					u.AttachedPolicies = []inventory.AttachedPolicy{{PolicyName: "AdministratorAccess", PolicyARN: iamAdminPolicyARN}}
				}),
				tUser("inline", func(u *inventory.IAMUser) {
					u.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "mine", PolicyDocument: tAllow(`"Action":"s3:*"`, `"*"`, "")}}
				}),
				tUser("grouped", func(u *inventory.IAMUser) { u.Groups = []string{"Developers"} }),
			}
		},
		want:     map[string]finding.Status{"attached": finding.Fail, "inline": finding.Fail, "grouped": finding.Pass},
		contains: map[string]string{"attached": "AdministratorAccess (managed)", "inline": "mine (inline)", "grouped": "Developers"},
	}, {
		name: "not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMUsers = []*inventory.IAMUser{tUser("x", func(u *inventory.IAMUser) { u.Unread = []string{inventory.ListAttachedPolicies} })}
		},
		want: map[string]finding.Status{"x": finding.Error},
	}})
}

func TestIAMPolicyFullAdmin(t *testing.T) {
	pol := func(id, doc string, attached int) *inventory.IAMPolicy {
		return &inventory.IAMPolicy{Meta: meta(id), Document: doc, AttachmentCount: attached, DefaultVersionID: "v1"}
	}
	fs := runEstate(t, iamPolicyFullAdmin, testEstate(func(a *inventory.Account, r *inventory.Region) {
		a.Resources.IAMPolicies = []*inventory.IAMPolicy{
			pol("star", tAllow(`"Action":"*"`, `"*"`, ""), 2),
			pol("starstar", tAllow(`"Action":["s3:GetObject","*:*"]`, `["*"]`, ""), 1),
			pol("notaction-iam-kept", tAllow(`"NotAction":["s3:*"]`, `"*"`, ""), 1),
			pol("poweruser", tAllow(`"NotAction":["iam:*","organizations:*"]`, `"*"`, ""), 1),
			pol("conditioned", tAllow(`"Action":"*"`, `"*"`, `,"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`), 1),
			pol("unattached", tAllow(`"Action":"*"`, `"*"`, ""), 0),
			pol("scoped", tAllow(`"Action":"*"`, `"arn:aws:s3:::bucket/*"`, ""), 3),
			pol("unread", "", 1),
			pol("garbage", `{"Statement":[{"Effect":"Maybe"}]}`, 1),
		}
	}), map[string]finding.Status{
		"star": finding.Fail, "starstar": finding.Fail, "notaction-iam-kept": finding.Fail, "poweruser": finding.Pass,
		"conditioned": finding.Pass, "unattached": finding.Fail, "scoped": finding.Pass, "unread": finding.Error, "garbage": finding.Error,
	}, map[string]string{
		"star": `Allow Action "*" on Resource "*") and is attached to 2`, "starstar": `"*:*"`,
		"notaction-iam-kept": "including iam:AttachRolePolicy", "unattached": "one attachment away",
	})
	if sev := severityOf(fs, "unattached"); sev != finding.Low {
		t.Errorf("unattached admin policy: severity %v, want low", sev)
	}
	runCases(t, iamPolicyFullAdmin, []checkCase{{
		name: "policies not listed",
		fill: func(a *inventory.Account, r *inventory.Region) { a.Gaps = []inventory.Gap{tGap("AWS::IAM::Policy")} },
		want: map[string]finding.Status{testAccount: finding.Error},
	}})
}

func TestIAMInlinePolicyAdmin(t *testing.T) {
	fs := runEstate(t, iamInlinePolicyAdmin, testEstate(func(a *inventory.Account, r *inventory.Region) {
		a.Resources.IAMUsers = []*inventory.IAMUser{
			tUser("ci-deploy", func(u *inventory.IAMUser) {
				u.InlinePolicies = []inventory.InlinePolicy{
					{PolicyName: "scoped", PolicyDocument: tAllow(`"Action":"s3:PutObject"`, `"arn:aws:s3:::b/*"`, "")},
					{PolicyName: "everything", PolicyDocument: tAllow(`"Action":"*"`, `"*"`, "")},
				}
			}),
			tUser("no-inline", nil),
		}
		a.Resources.IAMGroups = []*inventory.IAMGroup{{Meta: unreadMeta("ops", inventory.ListInlinePolicies)}}
		web := tRole("web-role", "")
		web.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "read", PolicyDocument: tAllow(`"Action":["s3:GetObject"]`, `"*"`, "")}}
		admin := tRole("admin-role", "")
		admin.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "na", PolicyDocument: tAllow(`"NotAction":"s3:DeleteBucket"`, `"*"`, "")}}
		slr := tRole("AWSServiceRoleForX", "")
		slr.ServiceLinked = true
		slr.InlinePolicies = admin.InlinePolicies
		bad := tRole("bad-json", "")
		bad.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "x", PolicyDocument: "{"}}
		a.Resources.IAMRoles = []*inventory.IAMRole{web, admin, slr, bad}
	}), map[string]finding.Status{
		"ci-deploy": finding.Fail, "ops": finding.Error, "web-role": finding.Pass, "admin-role": finding.Fail, "bad-json": finding.Error,
	}, map[string]string{"ci-deploy": "inline policy everything grants full admin", "admin-role": "NotAction [s3:DeleteBucket]"})
	if sev := severityOf(fs, "ci-deploy"); sev != finding.Critical {
		t.Errorf("user with inline admin: severity %v, want critical", sev)
	}
	if sev := severityOf(fs, "admin-role"); sev != finding.High {
		t.Errorf("role with inline admin: severity %v, want high", sev)
	}
}

func TestIAMPassRoleWildcard(t *testing.T) {
	pol := func(id, doc string, awsManaged bool) *inventory.IAMPolicy {
		p := &inventory.IAMPolicy{Meta: meta(id), Document: doc, AWSManaged: awsManaged}
		p.Name = id
		return p
	}
	fs := runEstate(t, iamPassRoleWildcard, testEstate(func(a *inventory.Account, r *inventory.Region) {
		a.Resources.IAMPolicies = []*inventory.IAMPolicy{
			pol("deploy", tAllow(`"Action":["lambda:CreateFunction","iam:PassRole"]`, `"*"`, ""), false),
			pol("all-roles", tAllow(`"Action":"iam:*"`, `"arn:aws:iam::123456789012:role/*"`, ""), false),
			pol("one-role", tAllow(`"Action":"iam:PassRole"`, `"arn:aws:iam::123456789012:role/app"`, ""), false),
			pol("to-lambda", tAllow(`"Action":"iam:PassRole"`, `"*"`, `,"Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}`), false),
			pol("AdministratorAccess", tAllow(`"Action":"*"`, `"*"`, ""), true),
			pol("unread", "", false),
		}
		role := tRole("builder", "")
		role.InlinePolicies = []inventory.InlinePolicy{{PolicyName: "pass", PolicyDocument: tAllow(`"Action":"iam:Pass*"`, `"*"`, "")}}
		a.Resources.IAMRoles = []*inventory.IAMRole{role, tRole("no-inline", "")}
	}), map[string]finding.Status{
		"deploy": finding.Fail, "all-roles": finding.Fail, "one-role": finding.Pass, "to-lambda": finding.Fail,
		"unread": finding.Error, "builder": finding.Fail,
	}, map[string]string{
		"deploy": "allows iam:PassRole on *", "all-roles": "role/*", "to-lambda": "only to lambda.amazonaws.com",
		"builder": "inline policy pass",
	})
	if sev := severityOf(fs, "to-lambda"); sev != finding.Low {
		t.Errorf("PassRole narrowed by iam:PassedToService: severity %v, want low", sev)
	}
}

func TestIAMSupportRole(t *testing.T) {
	support := func(arn string) *inventory.IAMRole {
		r := tRole("AWSSupportRole", "")
		r.Name = "AWSSupportRole"
		r.AttachedPolicies = []inventory.AttachedPolicy{{PolicyName: "x", PolicyARN: arn}}
		return r
	}
	runCases(t, iamSupportRole, []checkCase{{
		name: "support role",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoles = []*inventory.IAMRole{support(iamSupportPolicyARN)}
		},
		want:     map[string]finding.Status{testAccount: finding.Pass},
		contains: map[string]string{testAccount: "AWSSupportRole"},
	}, {
		name: "no support role",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoles = []*inventory.IAMRole{support("arn:aws:iam::aws:policy/ReadOnlyAccess")}
		},
		want: map[string]finding.Status{testAccount: finding.Fail},
	}, {
		name: "attached policies not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			role := support("arn:aws:iam::aws:policy/ReadOnlyAccess")
			role.Unread = []string{inventory.ListAttachedPolicies}
			a.Resources.IAMRoles = []*inventory.IAMRole{role}
		},
		want: map[string]finding.Status{testAccount: finding.Error},
	}})
}

func TestIAMServerCertificateExpired(t *testing.T) {
	runCases(t, iamServerCertificateExpired, []checkCase{{
		name: "expired, valid, unknown",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMServerCertificates = []*inventory.IAMServerCertificate{
				{Meta: meta("old"), Expiration: tDaysAgo(40)},
				{Meta: meta("new"), Expiration: testNow.AddDate(0, 0, 200)},
				{Meta: meta("unread")},
			}
		},
		want:     map[string]finding.Status{"old": finding.Fail, "new": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"old": "expired 40 days ago", "new": "200 days left"},
	}})
}

func TestIAMRoleTrustAnyPrincipal(t *testing.T) {
	github := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}%s}}]}`
	slr := tRole("AWSServiceRoleForSupport", tTrust(`{"Service":"support.amazonaws.com"}`, ""))
	slr.ServiceLinked = true
	runCases(t, iamRoleTrustAnyPrincipal, []checkCase{{
		name: "open and pinned trusts",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoles = []*inventory.IAMRole{
				tRole("open", tTrust(`{"AWS":"*"}`, "")),
				tRole("bare-star", tTrust(`"*"`, "")),
				tRole("extid-only", tTrust(`{"AWS":"*"}`, `,"Condition":{"StringEquals":{"sts:ExternalId":"abc"}}`)),
				tRole("org-pinned", tTrust(`{"AWS":"*"}`, `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}`)),
				tRole("wildcard-pin", tTrust(`{"AWS":"*"}`, `,"Condition":{"StringLike":{"aws:PrincipalOrgID":"*"}}`)),
				tRole("named", tTrust(`{"AWS":"arn:aws:iam::123456789012:root"}`, "")),
				tRole("gh-any", strings.Replace(github, "%s", "", 1)),
				tRole("gh-repo", strings.Replace(github, "%s", `,"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/web:ref:refs/heads/main"}`, 1)),
				slr,
			}
		},
		want: map[string]finding.Status{
			"open": finding.Fail, "bare-star": finding.Fail, "extid-only": finding.Fail, "org-pinned": finding.Pass, "wildcard-pin": finding.Fail,
			"named": finding.Pass, "gh-any": finding.Fail, "gh-repo": finding.Pass,
		},
		contains: map[string]string{
			"open": "any AWS account can assume it", "extid-only": "only an sts:ExternalId", "org-pinned": "aws:PrincipalOrgID",
			"gh-any": "any GitHub repository", "gh-repo": "repo:acme/web",
		},
	}, {
		name: "trust policy not read or broken",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoles = []*inventory.IAMRole{tRole("unread", ""), tRole("broken", `{"Statement":`)}
		},
		want: map[string]finding.Status{"unread": finding.Error, "broken": finding.Error},
	}})
}

func TestIAMRoleCrossAccountWithoutExternalID(t *testing.T) {
	fill := func(a *inventory.Account, r *inventory.Region) {
		a.Resources.IAMRoles = []*inventory.IAMRole{
			tRole("auditor", tTrust(`{"AWS":"arn:aws:iam::999988887777:root"}`, "")),
			tRole("vendor-role", tTrust(`{"AWS":["arn:aws:iam::999988887777:role/scanner"]}`, "")),
			tRole("datadog", tTrust(`{"AWS":"464622532012"}`, `,"Condition":{"StringEquals":{"sts:ExternalId":"f2c6a1"}}`)),
			tRole("own", tTrust(`{"AWS":"arn:aws:iam::123456789012:root"}`, "")),
			tRole("sibling", tTrust(`{"AWS":"arn:aws:iam::111122223333:role/Admin"}`, "")),
			tRole("anyone", tTrust(`{"AWS":"*"}`, "")),
			tRole("org-anyone", tTrust(`{"AWS":"*"}`, `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}`)),
			tRole("service", tTrust(`{"Service":"ec2.amazonaws.com"}`, "")),
			tRole("deleted-principal", tTrust(`{"AWS":"AROAEXAMPLEDELETED01"}`, "")),
			tRole("unread", ""),
		}
	}
	want := map[string]finding.Status{
		"auditor": finding.Fail, "vendor-role": finding.Fail, "datadog": finding.Pass, "own": finding.Pass,
		"sibling": finding.Fail, "anyone": finding.Fail, "org-anyone": finding.Pass, "service": finding.Pass,
		"deleted-principal": finding.Pass, "unread": finding.Error,
	}
	contains := map[string]string{
		"auditor": "trusts 999988887777, outside the scanned accounts, with no sts:ExternalId", "vendor-role": "role/scanner",
		"datadog": "only with sts:ExternalId", "anyone": `any AWS account ("*")`, "service": "no AWS account principal",
	}
	runCases(t, iamRoleCrossAccountWithoutExternalID, []checkCase{{name: "no organization: the estate's accounts are inside", fill: fill, want: want, contains: contains}})

	// With the organization known, its other accounts are inside too.
	e := testEstate(fill)
	e.Organization = &inventory.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111122223333",
		Accounts: []*inventory.OrgAccount{{Meta: meta("111122223333")}, {Meta: meta(testAccount)}}}
	want["sibling"] = finding.Pass
	contains["auditor"] = "outside organization o-a1b2c3d4e5"
	runEstate(t, iamRoleCrossAccountWithoutExternalID, e, want, contains)
}

func TestIAMRoleServiceTrustWithoutSourceCondition(t *testing.T) {
	runCases(t, iamRoleServiceTrustWithoutSourceCondition, []checkCase{{
		name: "service trusts",
		fill: func(a *inventory.Account, r *inventory.Region) {
			a.Resources.IAMRoles = []*inventory.IAMRole{
				tRole("config", tTrust(`{"Service":"config.amazonaws.com"}`, "")),
				tRole("config-pinned", tTrust(`{"Service":"config.amazonaws.com"}`, `,"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}`)),
				tRole("flowlogs-arn", tTrust(`{"Service":["vpc-flow-logs.amazonaws.com"]}`, `,"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*"}}`)),
				tRole("null-only", tTrust(`{"Service":"sns.amazonaws.com"}`, `,"Condition":{"Null":{"aws:SourceArn":"false"}}`)),
				tRole("web", tTrust(`{"Service":"ec2.amazonaws.com"}`, "")),
				tRole("human", tTrust(`{"AWS":"arn:aws:iam::123456789012:root"}`, "")),
				tRole("unread", ""),
			}
		},
		want: map[string]finding.Status{
			"config": finding.Fail, "config-pinned": finding.Pass, "flowlogs-arn": finding.Pass, "null-only": finding.Fail,
			"web": finding.Pass, "unread": finding.Error,
		},
		contains: map[string]string{"config": "config.amazonaws.com with no aws:SourceAccount", "web": "iam:PassRole"},
	}})
}

func TestIAMMaskKey(t *testing.T) {
	for in, want := range map[string]string{"AKIAIOSFODNN7EXAMPLE": "AKIA…MPLE", "short": "short", "": ""} {
		if got := iamMaskKey(in); got != want {
			t.Errorf("iamMaskKey(%q) = %q, want %q", in, got, want)
		}
	}
}
