// Command awssec secures AWS estates: posture scans, IAM policy analysis,
// CloudTrail integrity and hunting, alerting and threat models.
package main

import (
	"os"

	"github.com/awssec/awssec/internal/cli"
)

func main() { os.Exit(cli.Main()) }
