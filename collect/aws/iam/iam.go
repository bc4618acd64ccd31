// Package iam collects iam resources into the inventory.
package iam

import "github.com/awssec/awssec/collect"

// Service is the iam collector.
var Service = collect.Service{Name: "iam"}
