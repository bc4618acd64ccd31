// Package difftest checks awssec's IAM evaluator (iam/eval) against an
// independent engine, @cloud-copilot/iam-simulate, on a corpus of requests
// generated from templates of our own.
//
// iam-simulate is AGPL-licensed, so nothing of it is in this repository:
// Install puts a pinned version into a temporary directory with npm, and
// Simulate runs it as a separate node process through harness/harness.mjs,
// our own script, which reads cases as JSON lines and writes one decision
// per line. The package is used by its test (which fails on any
// disagreement that docs/iam-divergences.md does not explain) and by
// bench/iameval (which times both engines on the same corpus).
package difftest
