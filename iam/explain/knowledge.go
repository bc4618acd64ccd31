package explain

import "strings"

// This file holds what the service catalogue does not say and the
// evaluator cannot know: which credentials carry which value of a few
// condition keys, how a caller gets from one value to another, and the
// chains of actions that make an allowed action a way around a deny. None
// of it names a policy; every finding still comes from simulated requests.

// credState is one state of a condition key and who sends it.
type credState struct {
	Value  string // "true", "false"; "" with Absent
	Absent bool
	// Who sends requests in this state, for "who it breaks".
	Who string
	// Short names the state in a clause: "a leaked long-term access key".
	Short string
}

// keyCredentials: for aws:MultiFactorAuthPresent the IAM User Guide says
// the key "is not present when an API or CLI command is called with
// long-term credentials, such as access key pairs", is true for temporary
// credentials obtained with MFA and false otherwise.
var keyCredentials = map[string][]credState{
	"aws:multifactorauthpresent": {
		{Value: "true", Who: "sessions authenticated with MFA (console sign-in with MFA, sts:GetSessionToken or sts:AssumeRole with an MFA code)",
			Short: "a session authenticated with MFA"},
		{Value: "false", Who: "temporary credentials obtained without MFA: the console before MFA sign-in, and, if the policy is attached to a role, every session of it (service roles, EC2 instance profiles, Lambda functions, automation)",
			Short: "a console or role session without MFA"},
		{Absent: true, Who: "long-term access keys (AKIA…): the CLI, SDKs, scripts and CI jobs using an IAM user's keys",
			Short: "a long-term access key — including a leaked one"},
	},
	"aws:securetransport": {
		{Value: "true", Who: "requests over TLS (HTTPS)", Short: "a request over HTTPS"},
		{Value: "false", Who: "requests over plain HTTP", Short: "a request over plain HTTP"},
		{Absent: true, Who: "requests whose service does not set the key", Short: "a request without the key"},
	},
	"aws:viaawsservice": {
		{Value: "true", Who: "requests an AWS service makes on the caller's behalf (forward access sessions: CloudFormation, Athena, KMS via S3…)", Short: "a request a service makes on the caller's behalf"},
		{Value: "false", Who: "requests the caller makes directly", Short: "a direct request"},
		{Absent: true, Who: "requests without the key", Short: "a request without the key"},
	},
}

// satisfiers: from a state of a key, the actions that get a caller into
// another state. With a long-term key, sts:GetSessionToken and an MFA code
// give an MFA session (IAM User Guide, "Configuring MFA-protected API
// access").
var satisfiers = map[string][]satisfier{
	"aws:multifactorauthpresent": {
		{From: []string{"", "false"}, Action: "sts:GetSessionToken", To: "true",
			How: "trade a long-term key and an MFA code for an MFA session"},
	},
}

type satisfier struct {
	From   []string // states ("" = absent) the caller starts in
	Action string
	To     string
	How    string
}

// recipe is a chain of actions that, all allowed, lets the holder do more
// than the action names suggest. Each step is a set of alternatives.
type recipe struct {
	ID    string
	Steps [][]string
	What  string
	// NeedsKey, when set, is a condition key state in which the deny
	// must not apply for the chain to get around it.
	NeedsKey, NeedsValue string
}

var recipes = []recipe{
	{ID: "mint-credentials", Steps: [][]string{{"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
		"iam:CreateServiceSpecificCredential", "iam:UploadSSHPublicKey"}},
		What: "mint more credentials for itself or any other user"},
	{ID: "grant-admin", Steps: [][]string{{"iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy",
		"iam:AttachGroupPolicy", "iam:PutGroupPolicy", "iam:CreatePolicyVersion", "iam:AddUserToGroup"}},
		What: "attach AdministratorAccess (or any policy) to any user, group or role"},
	{ID: "remove-deny", Steps: [][]string{{"iam:DetachUserPolicy", "iam:DeleteUserPolicy", "iam:DetachGroupPolicy", "iam:DeleteGroupPolicy",
		"iam:RemoveUserFromGroup", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"}},
		What: "detach, delete or rewrite this very policy"},
	{ID: "new-user", Steps: [][]string{{"iam:CreateUser"}, {"iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AddUserToGroup"}, {"iam:CreateAccessKey"}},
		What: "create a new user with an administrator policy and its own access key, which this policy (attached to the current principal) does not restrict"},
	{ID: "own-mfa", Steps: [][]string{{"iam:CreateLoginProfile", "iam:UpdateLoginProfile"}, {"iam:CreateVirtualMFADevice"}, {"iam:EnableMFADevice"}},
		What:     "set a console password and enrol an MFA device it controls, then sign in with MFA and pass the check",
		NeedsKey: "aws:MultiFactorAuthPresent", NeedsValue: "true"},
	{ID: "assume-role", Steps: [][]string{{"iam:UpdateAssumeRolePolicy", "iam:CreateRole"}, {"sts:AssumeRole"}},
		What: "make a role trust it and assume the role"},
	{ID: "pass-role", Steps: [][]string{{"iam:PassRole"}, {"lambda:CreateFunction", "ec2:RunInstances", "cloudformation:CreateStack", "glue:CreateDevEndpoint"}},
		What: "pass a privileged role to a compute service and run code as that role"},
}

func credentialsFor(key string) []credState { return keyCredentials[strings.ToLower(key)] }

// credentialOf finds who sends a key in a state.
func credentialOf(key string, ks keyState) (credState, bool) {
	for _, c := range credentialsFor(key) {
		if c.Absent == ks.Absent && (c.Absent || strings.EqualFold(c.Value, ks.Value)) {
			return c, true
		}
	}
	return credState{}, false
}
