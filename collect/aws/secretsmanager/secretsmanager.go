// Package secretsmanager collects secretsmanager resources into the inventory.
package secretsmanager

import "github.com/awssec/awssec/collect"

// Service is the secretsmanager collector.
var Service = collect.Service{Name: "secretsmanager"}
