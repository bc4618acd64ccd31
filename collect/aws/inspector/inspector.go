// Package inspector collects inspector resources into the inventory.
package inspector

import "github.com/awssec/awssec/collect"

// Service is the inspector collector.
var Service = collect.Service{Name: "inspector"}
