// Package explain says what an IAM policy means and what is wrong with it.
//
// Explain describes each statement in plain English: the actions it names
// or leaves out (NotAction), expanded through the service catalogue with
// counts; the resources (which services' resource types, which buckets and
// objects; NotResource as "everything except"); the principal; and each
// condition in words.
//
// It then derives consequences by simulation, not from a table of known
// policies. It builds a set of probe requests from the policy itself: every
// catalogue action (so that what NotAction leaves is measured, not
// guessed), the resources it names and their neighbours (a bucket of a
// named object, the same ARN in another case, another bucket, the same
// object through an access point, sibling services such as s3express), and
// every state of the condition keys it reads (each value it compares with,
// another value, the key absent). Each probe is decided by iam/eval twice:
// with the policy alone (what it grants) and beside a policy that allows
// everything (what it takes away). Findings are read off those decisions,
// and each carries the simulated requests that show it. Where a finding
// needs a counterfactual (would Bool instead of BoolIfExists catch the same
// requests?), the policy is rewritten and simulated again.
//
// The little domain knowledge that is not in the catalogue lives in
// knowledge.go: which credentials carry which value of a few well-known
// condition keys, and the chains of actions (mint a key, detach a policy)
// that turn an allowed action into a way around a deny.
package explain
