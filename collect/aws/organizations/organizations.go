// Package organizations collects organizations resources into the inventory.
package organizations

import "github.com/awssec/awssec/collect"

// Service is the organizations collector.
var Service = collect.Service{Name: "organizations"}
