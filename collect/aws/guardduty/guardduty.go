// Package guardduty collects guardduty resources into the inventory.
package guardduty

import "github.com/awssec/awssec/collect"

// Service is the guardduty collector.
var Service = collect.Service{Name: "guardduty"}
