package ids

// Type is what an id identifies, as a stable machine-readable name.
type Type string

// The types of id. The first group are AWS's unique-id prefixes; the last
// three are principal ids that have no prefix of their own.
const (
	BearerToken        Type = "sts-bearer-token"            // ABIA
	ContextCredential  Type = "context-specific-credential" // ACCA
	Group              Type = "group"                       // AGPA
	User               Type = "user"                        // AIDA
	InstanceProfile    Type = "instance-profile"            // AIPA
	AccessKey          Type = "access-key"                  // AKIA
	ManagedPolicy      Type = "managed-policy"              // ANPA
	PolicyVersion      Type = "managed-policy-version"      // ANVA
	PublicKey          Type = "public-key"                  // APKA
	Role               Type = "role"                        // AROA
	Certificate        Type = "certificate"                 // ASCA
	TemporaryAccessKey Type = "temporary-access-key"        // ASIA
	ActionGroup        Type = "action-group"                // AAGA

	RoleSession   Type = "role-session"   // AROA…:session-name
	Account       Type = "account"        // 123456789012 (the root user)
	FederatedUser Type = "federated-user" // 123456789012:name
)

// Prefix is one row of AWS's table of unique-id prefixes.
type Prefix struct {
	Prefix string
	Type   Type
	// Entity is AWS's name for the entity type, as the IAM User Guide's
	// "Understanding unique ID prefixes" table spells it.
	Entity string
	// Credential means the id names a credential whose secret part signs
	// requests (the id itself is not secret); such ids never belong in a
	// policy.
	Credential bool
	// Principal means the id stands for something that makes requests and
	// that aws:userid and CloudTrail's userIdentity.principalId carry.
	Principal bool
	// Temporary means the credential expires by itself.
	Temporary bool
	// KeyLength is the exact length of the ids of this prefix whose account
	// awssec decodes (access key ids), or 0 when only the API's 16–128
	// bound applies.
	KeyLength int
}

// prefixes is AWS's table, in its order (IAM User Guide, "IAM
// identifiers", "Understanding unique ID prefixes"), then AAGA, which an
// earlier edition of the same table listed as "Action group" and which ids
// seen in old records may still carry.
var prefixes = []Prefix{
	{Prefix: "ABIA", Type: BearerToken, Entity: "AWS STS service bearer token", Credential: true, Temporary: true},
	{Prefix: "ACCA", Type: ContextCredential, Entity: "Context-specific credential", Credential: true},
	{Prefix: "AGPA", Type: Group, Entity: "Group"},
	{Prefix: "AIDA", Type: User, Entity: "IAM user", Principal: true},
	{Prefix: "AIPA", Type: InstanceProfile, Entity: "Amazon EC2 instance profile"},
	{Prefix: "AKIA", Type: AccessKey, Entity: "Access key", Credential: true, KeyLength: 20},
	{Prefix: "ANPA", Type: ManagedPolicy, Entity: "Managed policy"},
	{Prefix: "ANVA", Type: PolicyVersion, Entity: "Version in a managed policy"},
	{Prefix: "APKA", Type: PublicKey, Entity: "Public key", Credential: true},
	{Prefix: "AROA", Type: Role, Entity: "Role", Principal: true},
	{Prefix: "ASCA", Type: Certificate, Entity: "Certificate"},
	{Prefix: "ASIA", Type: TemporaryAccessKey, Entity: "Temporary (AWS STS) keys", Credential: true, Temporary: true, KeyLength: 20},
	{Prefix: "AAGA", Type: ActionGroup, Entity: "Action group"},
}

// Prefixes returns the table of unique-id prefixes, in AWS's order.
func Prefixes() []Prefix {
	return append([]Prefix(nil), prefixes...)
}

// LookupPrefix returns the row for a four-character prefix.
func LookupPrefix(p string) (Prefix, bool) {
	for _, row := range prefixes {
		if row.Prefix == p {
			return row, true
		}
	}
	return Prefix{}, false
}
