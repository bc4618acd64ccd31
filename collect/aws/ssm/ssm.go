// Package ssm collects ssm resources into the inventory.
package ssm

import "github.com/awssec/awssec/collect"

// Service is the ssm collector.
var Service = collect.Service{Name: "ssm"}
