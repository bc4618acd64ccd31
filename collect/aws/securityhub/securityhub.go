// Package securityhub collects securityhub resources into the inventory.
package securityhub

import "github.com/awssec/awssec/collect"

// Service is the securityhub collector.
var Service = collect.Service{Name: "securityhub"}
