// Package cloudwatch collects cloudwatch resources into the inventory.
package cloudwatch

import "github.com/awssec/awssec/collect"

// Service is the cloudwatch collector.
var Service = collect.Service{Name: "cloudwatch"}
