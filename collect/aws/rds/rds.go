// Package rds collects rds resources into the inventory.
package rds

import "github.com/awssec/awssec/collect"

// Service is the rds collector.
var Service = collect.Service{Name: "rds"}
