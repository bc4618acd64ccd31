// Package eval decides IAM requests the way AWS does: given the policies
// that bear on a principal and a resource (identity policies, the
// resource's policy, SCPs and RCPs level by level, a permissions boundary,
// session policies) and a request (principal, action, resource, context),
// it returns Allow, ExplicitDeny or ImplicitDeny with the statements that
// decided and a one-sentence reason.
//
// The logic follows the IAM User Guide's "Policy evaluation logic" pages:
// an explicit deny anywhere wins; every RCP and SCP level must allow
// (SCPs not for the management account or service-linked roles); within
// an account a resource policy that names the principal's own ARN allows
// on its own, one that names the role of a session is still limited by the
// permissions boundary and session policies, and one that names the
// account delegates to identity policies; KMS key policies and role trust
// policies must allow the principal themselves; a cross-account request
// needs both the identity side and the resource policy.
//
// Matching: actions compare case-insensitively with * and ?; ARNs compare
// case-sensitively. In the first five ARN fields a wildcard stays inside
// its field, except a * that ends a field, which may span colons (as the
// User Guide describes); in the resource part (after the fifth colon) * and
// ? match anything, '/' and ':' included. Conditions implement every
// operator with …IfExists, ForAllValues:/ForAnyValue: and their empty-set
// behaviour, and policy variables (${aws:username}, ${aws:PrincipalTag/x},
// ${*}, ${?}, ${$}, ${key, 'default'}) in Resource and in string and ARN
// condition values of version 2012-10-17 policies.
//
// Compile a policy once; evaluating compiled policies into a reused
// Decision does not allocate.
package eval
