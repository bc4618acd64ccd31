// Package ecr collects ecr resources into the inventory.
package ecr

import "github.com/awssec/awssec/collect"

// Service is the ecr collector.
var Service = collect.Service{Name: "ecr"}
