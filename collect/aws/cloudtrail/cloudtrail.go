// Package cloudtrail collects cloudtrail resources into the inventory.
package cloudtrail

import "github.com/awssec/awssec/collect"

// Service is the cloudtrail collector.
var Service = collect.Service{Name: "cloudtrail"}
