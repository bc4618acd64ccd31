package awstest

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerIAM serves the account's IAM resources (AWS query, signing name
// "iam"). Lists page with Marker/IsTruncated. A resource type with a gap in
// the account, or a value the inventory says was not read, is answered
// with AccessDenied.
func registerIAM(s *Server) {
	account := func(r *Request) *inventory.Account {
		a, _ := r.Scope(s)
		return a
	}
	denied := func(a *inventory.Account, types ...string) bool {
		for _, t := range types {
			if _, ok := inventory.GapFor(a.Gaps, t); ok {
				return true
			}
		}
		return false
	}
	user := func(r *Request) (*inventory.IAMUser, error) {
		name := r.String("UserName")
		if a := account(r); a != nil {
			for _, u := range a.Resources.IAMUsers {
				if u.Name == name {
					return u, nil
				}
			}
		}
		return nil, NotFound("NoSuchEntity", "The user with name "+name+" cannot be found.")
	}
	// paged answers a Marker/IsTruncated list.
	paged := func(r *Request, name string, items []any) (any, error) {
		page, next, err := Page(items, r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{name: page, "IsTruncated": next != "", "Marker": nilIfEmpty(next)}, nil
	}

	s.Handle("iam", "GetAccountAuthorizationDetails", func(r *Request) (any, error) {
		a := account(r)
		if a == nil {
			return M{"IsTruncated": false}, nil
		}
		if denied(a, "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Role", "AWS::IAM::Policy") {
			return nil, AccessDenied(Query)
		}
		// One sequence of entities, paged as a whole: a page may hold
		// users, groups, roles and policies at once, as AWS's do.
		type entity struct {
			list string
			v    M
		}
		var all []entity
		res := &a.Resources
		for _, u := range res.IAMUsers {
			all = append(all, entity{"UserDetailList", iamUserDetail(u)})
		}
		for _, g := range res.IAMGroups {
			all = append(all, entity{"GroupDetailList", M{"Path": g.Path, "GroupName": g.Name, "GroupId": g.GroupID, "Arn": g.ARN,
				"CreateDate": iamTime(g.CreateDate), "GroupPolicyList": iamInline(g.InlinePolicies), "AttachedManagedPolicies": iamAttached(g.AttachedPolicies)}})
		}
		for _, role := range res.IAMRoles {
			all = append(all, entity{"RoleDetailList", iamRoleDetail(res, role)})
		}
		for _, p := range res.IAMPolicies {
			all = append(all, entity{"Policies", iamPolicyDetail(p)})
		}
		page, next, err := Page(all, r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		out := M{"IsTruncated": next != "", "Marker": nilIfEmpty(next)}
		for _, list := range []string{"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"} {
			items := []any{}
			for _, e := range page {
				if e.list == list {
					items = append(items, e.v)
				}
			}
			out[list] = items
		}
		return out, nil
	})
	s.Handle("iam", "ListRoles", func(r *Request) (any, error) {
		a := account(r)
		var items []any
		if a != nil {
			if denied(a, "AWS::IAM::Role") {
				return nil, AccessDenied(Query)
			}
			for _, role := range a.Resources.IAMRoles {
				if !role.Known("maxSessionDuration") {
					return nil, AccessDenied(Query)
				}
				items = append(items, M{"Path": role.Path, "RoleName": role.Name, "RoleId": role.RoleID, "Arn": role.ARN,
					"CreateDate": iamTime(role.CreateDate), "AssumeRolePolicyDocument": iamEncode(role.AssumeRolePolicyDocument),
					"Description": nilIfEmpty(role.Description), "MaxSessionDuration": role.MaxSessionDuration})
			}
		}
		return paged(r, "Roles", items)
	})
	s.Handle("iam", "ListMFADevices", func(r *Request) (any, error) {
		u, err := user(r)
		if err != nil {
			return nil, err
		}
		if !u.Known(inventory.ListMFADevices) {
			return nil, AccessDenied(Query)
		}
		var items []any
		for _, d := range u.MFADevices {
			items = append(items, M{"UserName": u.Name, "SerialNumber": d.SerialNumber, "EnableDate": iamTime(d.EnableDate)})
		}
		return paged(r, "MFADevices", items)
	})
	s.Handle("iam", "ListAccessKeys", func(r *Request) (any, error) {
		u, err := user(r)
		if err != nil {
			return nil, err
		}
		if !u.Known(inventory.ListAccessKeys) {
			return nil, AccessDenied(Query)
		}
		var items []any
		for _, k := range u.AccessKeys {
			items = append(items, M{"UserName": u.Name, "AccessKeyId": k.AccessKeyID, "Status": k.Status, "CreateDate": iamTime(k.CreateDate)})
		}
		return paged(r, "AccessKeyMetadata", items)
	})
	s.Handle("iam", "GetAccessKeyLastUsed", func(r *Request) (any, error) {
		id := r.String("AccessKeyId")
		if a := account(r); a != nil {
			for _, u := range a.Resources.IAMUsers {
				for _, k := range u.AccessKeys {
					if k.AccessKeyID != id {
						continue
					}
					// Never used: no date, and "N/A" for service and region.
					used := M{"ServiceName": "N/A", "Region": "N/A"}
					if !k.LastUsedDate.IsZero() {
						used = M{"LastUsedDate": k.LastUsedDate, "ServiceName": k.LastUsedService, "Region": k.LastUsedRegion}
					}
					return M{"UserName": u.Name, "AccessKeyLastUsed": used}, nil
				}
			}
		}
		return nil, &Error{Status: 403, Code: "AccessDenied", Message: "The access key " + id + " does not exist in this account"}
	})
	s.Handle("iam", "GetLoginProfile", func(r *Request) (any, error) {
		u, err := user(r)
		if err != nil {
			return nil, err
		}
		switch {
		case u.PasswordEnabled == nil:
			return nil, AccessDenied(Query)
		case !*u.PasswordEnabled:
			return nil, NotFound("NoSuchEntity", "Login Profile for User "+u.Name+" cannot be found.")
		}
		created := u.PasswordLastChanged
		if created.IsZero() {
			created = u.CreateDate
		}
		return M{"LoginProfile": M{"UserName": u.Name, "CreateDate": iamTime(created), "PasswordResetRequired": false}}, nil
	})
	s.Handle("iam", "GenerateCredentialReport", func(r *Request) (any, error) {
		return M{"State": "COMPLETE", "Description": "No report exists. Starting a new report generation task"}, nil
	})
	s.Handle("iam", "GetCredentialReport", func(r *Request) (any, error) {
		a := account(r)
		if a == nil {
			return nil, &Error{Status: 410, Code: "ReportNotPresent", Message: "Credential report not present"}
		}
		// The report holds root's activity and every user's password: it
		// cannot have been read if any of those is unknown.
		if a.Resources.IAMRoot == nil || a.Resources.IAMRoot.Activity == nil {
			return nil, AccessDenied(Query)
		}
		for _, u := range a.Resources.IAMUsers {
			if u.PasswordEnabled == nil || !u.Known("passwordLastUsed") {
				return nil, AccessDenied(Query)
			}
		}
		when := time.Now().UTC()
		if s.Estate != nil && !s.Estate.CollectedAt.IsZero() {
			when = s.Estate.CollectedAt
		}
		return M{"Content": base64.StdEncoding.EncodeToString(credentialReportCSV(a)), "ReportFormat": "text/csv", "GeneratedTime": when}, nil
	})
	s.Handle("iam", "GetAccountSummary", func(r *Request) (any, error) {
		a := account(r)
		if a == nil {
			return nil, AccessDenied(Query)
		}
		root := a.Resources.IAMRoot
		if root == nil || root.MFAEnabled == nil || root.AccessKeysPresent == nil || root.PasswordPresent == nil {
			return nil, AccessDenied(Query)
		}
		flag := func(b *bool) int {
			if *b {
				return 1
			}
			return 0
		}
		res := &a.Resources
		summary := []struct {
			key   string
			value int
		}{
			{"Users", len(res.IAMUsers)}, {"Groups", len(res.IAMGroups)}, {"Roles", len(res.IAMRoles)},
			{"Policies", len(res.IAMPolicies)}, {"InstanceProfiles", len(res.IAMInstanceProfiles)},
			{"ServerCertificates", len(res.IAMServerCertificates)},
			{"AccountMFAEnabled", flag(root.MFAEnabled)}, {"AccountAccessKeysPresent", flag(root.AccessKeysPresent)},
			{"AccountPasswordPresent", flag(root.PasswordPresent)}, {"AccountSigningCertificatesPresent", 0},
		}
		var entries []any
		for _, e := range summary {
			entries = append(entries, M{"key": e.key, "value": e.value})
		}
		return M{"SummaryMap": List{Member: "entry", Items: entries}}, nil
	})
	s.Handle("iam", "ListVirtualMFADevices", func(r *Request) (any, error) {
		a := account(r)
		var items []any
		if a != nil {
			root := a.Resources.IAMRoot
			if root != nil && root.MFAEnabled != nil && *root.MFAEnabled {
				if root.HardwareMFA == nil {
					return nil, AccessDenied(Query)
				}
				if !*root.HardwareMFA {
					items = append(items, M{"SerialNumber": "arn:aws:iam::" + a.ID + ":mfa/root-account-mfa-device",
						"User": M{"Path": "/", "UserName": a.ID, "UserId": a.ID, "Arn": "arn:aws:iam::" + a.ID + ":root"},
					})
				}
			}
			for _, u := range a.Resources.IAMUsers {
				for _, d := range u.MFADevices {
					if d.Type == "virtual" {
						items = append(items, M{"SerialNumber": d.SerialNumber, "EnableDate": iamTime(d.EnableDate),
							"User": M{"Path": u.Path, "UserName": u.Name, "UserId": u.UserID, "Arn": u.ARN, "CreateDate": iamTime(u.CreateDate)}})
					}
				}
			}
		}
		return paged(r, "VirtualMFADevices", items)
	})
	s.Handle("iam", "GetAccountPasswordPolicy", func(r *Request) (any, error) {
		a := account(r)
		if a == nil || a.Resources.IAMPasswordPolicy == nil {
			return nil, AccessDenied(Query)
		}
		p := a.Resources.IAMPasswordPolicy
		if !p.Present {
			return nil, NotFound("NoSuchEntity", "The Password Policy with domain name "+a.ID+" cannot be found.")
		}
		pp := M{"MinimumPasswordLength": p.MinimumPasswordLength, "RequireSymbols": p.RequireSymbols, "RequireNumbers": p.RequireNumbers,
			"RequireUppercaseCharacters": p.RequireUppercaseCharacters, "RequireLowercaseCharacters": p.RequireLowercaseCharacters,
			"AllowUsersToChangePassword": p.AllowUsersToChangePassword, "ExpirePasswords": p.ExpirePasswords, "HardExpiry": p.HardExpiry}
		if p.MaxPasswordAge > 0 {
			pp["MaxPasswordAge"] = p.MaxPasswordAge
		}
		if p.PasswordReusePrevention > 0 {
			pp["PasswordReusePrevention"] = p.PasswordReusePrevention
		}
		return M{"PasswordPolicy": pp}, nil
	})
	s.Handle("iam", "ListInstanceProfiles", func(r *Request) (any, error) {
		a := account(r)
		var items []any
		if a != nil {
			if denied(a, "AWS::IAM::InstanceProfile") {
				return nil, AccessDenied(Query)
			}
			for _, p := range a.Resources.IAMInstanceProfiles {
				items = append(items, iamInstanceProfile(&a.Resources, p))
			}
		}
		return paged(r, "InstanceProfiles", items)
	})
	s.Handle("iam", "ListServerCertificates", func(r *Request) (any, error) {
		a := account(r)
		var items []any
		if a != nil {
			if denied(a, "AWS::IAM::ServerCertificate") {
				return nil, AccessDenied(Query)
			}
			for _, c := range a.Resources.IAMServerCertificates {
				items = append(items, M{"Path": c.Path, "ServerCertificateName": c.Name, "ServerCertificateId": c.ID, "Arn": c.ARN,
					"UploadDate": iamTime(c.UploadDate), "Expiration": iamTime(c.Expiration)})
			}
		}
		return paged(r, "ServerCertificateMetadataList", items)
	})
	s.Handle("iam", "ListAccountAliases", func(r *Request) (any, error) {
		items := []any{}
		if a := account(r); a != nil && a.Alias != "" {
			items = append(items, a.Alias)
		}
		return paged(r, "AccountAliases", items)
	})
}

// iamEncode URL-encodes a policy document as IAM returns them (RFC 3986:
// spaces are %20, not "+").
func iamEncode(doc string) any {
	if doc == "" {
		return nil
	}
	return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20")
}

func iamInline(policies []inventory.InlinePolicy) []any {
	out := []any{}
	for _, p := range policies {
		out = append(out, M{"PolicyName": p.PolicyName, "PolicyDocument": iamEncode(p.PolicyDocument)})
	}
	return out
}

func iamAttached(policies []inventory.AttachedPolicy) []any {
	out := []any{}
	for _, p := range policies {
		out = append(out, M{"PolicyName": p.PolicyName, "PolicyArn": p.PolicyARN})
	}
	return out
}

func iamTags(tags map[string]string) any {
	if len(tags) == 0 {
		return nil
	}
	var out []any
	keys := slices.Sorted(maps.Keys(tags))
	for _, k := range keys {
		out = append(out, M{"Key": k, "Value": tags[k]})
	}
	return out
}

func iamBoundary(arn string) any {
	if arn == "" {
		return nil
	}
	return M{"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}
}

func iamUserDetail(u *inventory.IAMUser) M {
	groups := []any{}
	for _, g := range u.Groups {
		groups = append(groups, g)
	}
	return M{"Path": u.Path, "UserName": u.Name, "UserId": u.UserID, "Arn": u.ARN, "CreateDate": iamTime(u.CreateDate),
		"UserPolicyList": iamInline(u.InlinePolicies), "GroupList": groups, "AttachedManagedPolicies": iamAttached(u.AttachedPolicies),
		"PermissionsBoundary": iamBoundary(u.PermissionsBoundary), "Tags": iamTags(u.Tags)}
}

func iamRoleDetail(res *inventory.GlobalResources, role *inventory.IAMRole) M {
	profiles := []any{}
	for _, arn := range role.InstanceProfiles {
		p := &inventory.IAMInstanceProfile{Meta: inventory.Meta{ARN: arn, Name: arn[strings.LastIndexByte(arn, '/')+1:]}, Path: "/", Roles: []string{role.Name}}
		for _, known := range res.IAMInstanceProfiles {
			if known.ARN == arn {
				p = known
			}
		}
		profiles = append(profiles, iamInstanceProfile(res, p))
	}
	d := M{"Path": role.Path, "RoleName": role.Name, "RoleId": role.RoleID, "Arn": role.ARN, "CreateDate": iamTime(role.CreateDate),
		"AssumeRolePolicyDocument": iamEncode(role.AssumeRolePolicyDocument), "InstanceProfileList": profiles,
		"RolePolicyList": iamInline(role.InlinePolicies), "AttachedManagedPolicies": iamAttached(role.AttachedPolicies),
		"PermissionsBoundary": iamBoundary(role.PermissionsBoundary), "Tags": iamTags(role.Tags)}
	if lu := role.LastUsed; lu != nil {
		d["RoleLastUsed"] = M{"LastUsedDate": iamTime(lu.LastUsedDate), "Region": nilIfEmpty(lu.Region)}
	}
	return d
}

func iamPolicyDetail(p *inventory.IAMPolicy) M {
	d := M{"PolicyName": p.Name, "PolicyId": p.ID, "Arn": p.ARN, "Path": p.Path, "DefaultVersionId": p.DefaultVersionID,
		"AttachmentCount": p.AttachmentCount, "PermissionsBoundaryUsageCount": 0, "IsAttachable": true,
		"CreateDate": iamTime(p.CreateDate), "UpdateDate": iamTime(p.UpdateDate)}
	if p.Document != "" {
		d["PolicyVersionList"] = []any{M{"Document": iamEncode(p.Document), "VersionId": p.DefaultVersionID, "IsDefaultVersion": true,
			"CreateDate": iamTime(p.UpdateDate)}}
	}
	return d
}

// iamInstanceProfile is an InstanceProfile with its roles in full, as
// ListInstanceProfiles and the roles' InstanceProfileList hold them.
func iamInstanceProfile(res *inventory.GlobalResources, p *inventory.IAMInstanceProfile) M {
	roles := []any{}
	for _, name := range p.Roles {
		for _, role := range res.IAMRoles {
			if role.Name == name {
				roles = append(roles, M{"Path": role.Path, "RoleName": role.Name, "RoleId": role.RoleID, "Arn": role.ARN,
					"CreateDate": iamTime(role.CreateDate), "AssumeRolePolicyDocument": iamEncode(role.AssumeRolePolicyDocument)})
			}
		}
	}
	return M{"Path": p.Path, "InstanceProfileName": p.Name, "InstanceProfileId": p.ID, "Arn": p.ARN,
		"CreateDate": iamTime(p.CreateDate), "Roles": roles, "Tags": iamTags(p.Tags)}
}

// credentialReportCSV is the account's credential report: the root row,
// then one row per user, with IAM's columns and placeholders.
func credentialReportCSV(a *inventory.Account) []byte {
	header := []string{"user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
		"password_next_rotation", "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
		"access_key_1_last_used_region", "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated",
		"access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
		"cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"}
	stamp := func(t time.Time, none string) string {
		if t.IsZero() {
			return none
		}
		return t.UTC().Format("2006-01-02T15:04:05+00:00")
	}
	yes := func(b bool) string { return map[bool]string{true: "true", false: "false"}[b] }
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	res := &a.Resources
	root := res.IAMRoot
	act := root.Activity
	k1Used, k2Used := act.AccessKeyLastUsed, time.Time{}
	if !act.AccessKey1Active && act.AccessKey2Active {
		k1Used, k2Used = time.Time{}, act.AccessKeyLastUsed
	}
	w.Write([]string{"<root_account>", "arn:aws:iam::" + a.ID + ":root", "", "not_supported", stamp(act.PasswordLastUsed, "no_information"),
		"not_supported", "not_supported", yes(root.MFAEnabled != nil && *root.MFAEnabled),
		yes(act.AccessKey1Active), "N/A", stamp(k1Used, "N/A"), "N/A", "N/A",
		yes(act.AccessKey2Active), "N/A", stamp(k2Used, "N/A"), "N/A", "N/A", "false", "N/A", "false", "N/A"})
	for _, u := range res.IAMUsers {
		password := u.PasswordEnabled != nil && *u.PasswordEnabled
		row := []string{u.Name, u.ARN, stamp(u.CreateDate, "N/A"), yes(password), "N/A", "N/A", "N/A", yes(len(u.MFADevices) > 0)}
		if password {
			row[4], row[5] = stamp(u.PasswordLastUsed, "no_information"), stamp(u.PasswordLastChanged, "N/A")
		}
		for i := range 2 {
			if i < len(u.AccessKeys) {
				k := u.AccessKeys[i]
				region, service := k.LastUsedRegion, k.LastUsedService
				if k.LastUsedDate.IsZero() {
					region, service = "N/A", "N/A"
				}
				row = append(row, yes(k.Active()), stamp(k.CreateDate, "N/A"), stamp(k.LastUsedDate, "N/A"), region, service)
			} else {
				row = append(row, "false", "N/A", "N/A", "N/A", "N/A")
			}
		}
		w.Write(append(row, "false", "N/A", "false", "N/A"))
	}
	w.Flush()
	return buf.Bytes()
}

// iamTime leaves an unset time out of a response.
func iamTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
