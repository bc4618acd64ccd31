// Package lint checks IAM policies the way IAM Access Analyzer's policy
// validation does, and further: it reports errors (what IAM rejects or
// never matches: unknown actions, condition keys and resource types,
// action–resource mismatches, malformed condition values), security
// warnings (Allow with NotAction or NotResource, iam:PassRole on "*",
// wildcard principals, missing confused-deputy conditions, MFA conditions
// that long-term access keys slip past), warnings, suggestions (redundant
// statements, actions and resources), risky grants (data exfiltration,
// credential exposure, resource exposure, infrastructure modification at
// scale) and privilege-escalation methods.
//
// Lint returns findings sorted by position; Checks lists every check with
// its id, class, severity and explanation, so that a command line can list
// and filter them. Escalations lists the privilege-escalation methods as
// data, for the estate analysis to reuse.
//
// Whether a policy allows an action is decided by a small matcher of its
// own, not by the evaluator: an action is allowed when an Allow statement
// matches it (Action patterns, NotAction) on "*" or on a resource of the
// action's service, and no unconditional Deny on "*" removes it. A grant
// with conditions, or one a conditional Deny narrows, is "conditional":
// its findings say so and carry a lower severity.
//
// The service catalogue (package catalog) supplies actions, resource types
// and condition keys.
package lint
