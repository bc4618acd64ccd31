// Package elbv2 collects elbv2 resources into the inventory.
package elbv2

import "github.com/awssec/awssec/collect"

// Service is the elbv2 collector.
var Service = collect.Service{Name: "elbv2"}
