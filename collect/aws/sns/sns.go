// Package sns collects sns resources into the inventory.
package sns

import "github.com/awssec/awssec/collect"

// Service is the sns collector.
var Service = collect.Service{Name: "sns"}
