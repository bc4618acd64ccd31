package ids

import (
	"fmt"
	"regexp"
)

// Summary is a one-line description of the id: what it is and, when
// known, its account.
func (i Info) Summary() string {
	var s string
	switch i.Type {
	case AccessKey:
		s = "access key id of a long-term access key (an IAM user's or the root user's)"
	case TemporaryAccessKey:
		s = "access key id of temporary credentials issued by AWS STS"
	case BearerToken:
		s = "access key id of an AWS STS service bearer token"
	case ContextCredential:
		s = "id of a context-specific credential"
	case User:
		s = "unique id of an IAM user (its principal id)"
	case Role:
		s = "unique id of an IAM role"
	case RoleSession:
		s = "principal id of a session of the IAM role " + i.RoleID
		if ec2Instance.MatchString(i.Session) {
			s += ", on EC2 instance " + i.Session
		} else {
			s += ", session name " + i.Session
		}
	case Account:
		s = "AWS account id, the principal id of the account's root user"
	case FederatedUser:
		s = fmt.Sprintf("principal id of the AWS STS federated user %s", i.Session)
	case Group:
		s = "unique id of an IAM group (not a principal)"
	case ManagedPolicy:
		s = "unique id of a managed policy"
	case PolicyVersion:
		s = "id of a version of a managed policy"
	case InstanceProfile:
		s = "unique id of an Amazon EC2 instance profile"
	case PublicKey:
		s = "id of a public key (an SSH key for CodeCommit, or a CloudFront key pair)"
	case Certificate:
		s = "unique id of an IAM server certificate"
	case ActionGroup:
		s = "id of an action group (a prefix from an earlier edition of AWS's table)"
	default:
		s = i.Entity
	}
	if i.Account != "" && i.Type != Account {
		s += ", account " + i.Account
	}
	return s
}

// ec2Instance matches an EC2 instance id: an instance's role credentials
// use it as their session name.
var ec2Instance = regexp.MustCompile(`^i-[0-9a-f]{8}([0-9a-f]{9})?$`)

// Guidance says, for this kind of id, where it appears, what to use it
// for, and what not to: the key id traces one credential, the principal id
// one principal; policies name principals, never keys.
func (i Info) Guidance() []string {
	var g []string
	add := func(format string, args ...any) { g = append(g, fmt.Sprintf(format, args...)) }
	switch i.Type {
	case AccessKey, TemporaryAccessKey, BearerToken:
		switch i.Type {
		case AccessKey:
			add("An access key id is not secret: the secret access key that goes with it is. The id names one credential, not a principal.")
		case TemporaryAccessKey:
			add("An access key id is not secret: the secret access key and session token that go with it are. The id names one set of credentials, not a principal.")
		case BearerToken:
			add("An access key id is not secret: the bearer token it belongs to is. The id names one token, not a principal.")
		}
		switch {
		case i.Account != "":
			add("The account is decoded from the key id itself, with no call to AWS (AWS does not document the encoding; researchers worked it out); `aws sts get-access-key-info --access-key-id %s` confirms it.", i.ID)
		case i.LegacyKey:
			add("This key id is of the older generation, which does not encode its account: `aws sts get-access-key-info --access-key-id %s` returns it (the call is recorded in the CloudTrail of the account that makes it).", i.ID)
		case i.Type != BearerToken:
			add("The account cannot be decoded from this key id (it is not in the format of real keys): `aws sts get-access-key-info --access-key-id %s` asks AWS.", i.ID)
		}
		add("CloudTrail records it as userIdentity.accessKeyId. The principal that used it is userIdentity.principalId and userIdentity.arn: search by the key id to follow this credential, by the principal id to follow the principal across all its keys and sessions.")
		switch i.Type {
		case AccessKey:
			add("Who holds it: in the owning account, `aws iam get-access-key-last-used --access-key-id %s` names the user (none for a root user key); the credential report lists every key.", i.ID)
			add("If its secret was exposed: deactivate the key (`aws iam update-access-key --status Inactive`), review CloudTrail for this key id, then delete it and issue a new one.")
		case TemporaryAccessKey:
			add("It was issued by AWS STS (AssumeRole and its SAML and web-identity forms, GetSessionToken, GetFederationToken, or the role of an EC2 instance, Lambda function or container) and works only with its session token, until it expires.")
			add("Who obtained it: the STS event in CloudTrail whose responseElements.credentials.accessKeyId is this id; calls made with it have a principalId of AROA…:session-name for a role session.")
			add("If its secret was exposed: it cannot be deleted; revoke the role's active sessions (IAM's \"Revoke active sessions\" denies credentials issued before now, through aws:TokenIssueTime) or wait for it to expire.")
		case BearerToken:
			add("A service (for example CodeArtifact) obtained it for you with sts:GetServiceBearerToken; it works only with that service and in the Region that issued it, and its ABIA prefix marks bearer-token calls in CloudTrail.")
		}
		add("Never put a key id in a policy: policies name principals (an ARN in Principal, or a principal id through aws:userid), and no policy grants to a key.")
	case ContextCredential:
		add("It names a context-specific credential, such as an IAM service-specific credential (CodeCommit Git credentials, Amazon Keyspaces, Amazon Bedrock long-term API keys); the id is not secret, the password or key that goes with it is.")
		add("Calls made with it are the IAM user's: policies and CloudTrail name the user, never this id. Manage it with `aws iam list-service-specific-credentials` and `update-service-specific-credential --status Inactive`.")
	case User:
		add("For this user's calls, CloudTrail's userIdentity.principalId and the policy key aws:userid both hold this id.")
		add("Unlike the user name and ARN, the id is never reused: a user deleted and re-created with the same name gets a new id, so a condition or a record keyed on this id does not carry over to the new user, while one keyed on the name would.")
		add("A trust or resource policy that names the user by ARN stores this id; if the user is deleted, the policy shows this id instead of the ARN and matches no one, not even a re-created user of the same name, until the policy is saved again.")
		add("Use this id to follow the user across all its access keys and console sessions; use an access key id (AKIA…) to follow one credential.")
	case Role:
		add("Sessions of this role have the principal id %s:session-name: that is CloudTrail's userIdentity.principalId and the value of aws:userid.", i.ID)
		add("To match every session of this role in a condition: \"StringLike\": {\"aws:userid\": \"%s:*\"}. Unlike the role name, the id is never reused, so a role deleted and re-created with the same name does not match.", i.ID)
		add("A trust or resource policy that names the role by ARN stores this id; if the role is deleted, the policy shows this id instead of the ARN and does not trust a re-created role of the same name until the policy is saved again.")
	case RoleSession:
		add("This is what CloudTrail records as userIdentity.principalId for the session's calls and what aws:userid holds; userIdentity.accessKeyId (ASIA…) names the session's credentials.")
		add("The session name is chosen by whoever assumed the role (RoleSessionName), so trust the role id, not the name, unless the trust policy constrains sts:RoleSessionName. Match all of the role's sessions with aws:userid like %s:*.", i.RoleID)
		if ec2Instance.MatchString(i.Session) {
			add("The session name is an EC2 instance id: these are the credentials of the instance's role, from its instance profile.")
		}
	case Account:
		add("Calls by the account's root user have this id as CloudTrail's userIdentity.principalId and as aws:userid.")
		add("In a policy's Principal element, an account id (or arn:aws:iam::%s:root) trusts the whole account, whose own policies then decide which of its principals may act; it does not mean the root user alone.", i.ID)
	case FederatedUser:
		add("A GetFederationToken session of account %s: CloudTrail's userIdentity.principalId and aws:userid hold this id. The name after the colon is chosen by the caller.", i.Account)
	case Group:
		add("A group is not a principal: it cannot be named in a Principal element, is never aws:userid and never appears as userIdentity in CloudTrail. It only carries policies for its users.")
	case ManagedPolicy:
		add("Policies are attached and referred to by ARN; this id is what GetPolicy returns as PolicyId. It is not a principal and never belongs in a Principal element or aws:userid.")
	case PolicyVersion:
		add("The APIs address policy versions as v1, v2, …; this id is not a principal and never belongs in a policy.")
	case InstanceProfile:
		add("An instance profile passes a role to an EC2 instance. Calls from the instance are the role's: CloudTrail shows the principal id AROA…:i-instance-id, never this id.")
	case PublicKey:
		add("The id and the public key are not secret; the private key is. Calls made with the key are the owner's, and policies name the owner, never this id.")
	case Certificate:
		add("This is GetServerCertificate's ServerCertificateId; it is not a principal and never belongs in a Principal element or aws:userid.")
	case ActionGroup:
		add("No current API returns this prefix; an id with it comes from old records.")
	}
	return g
}
