// Package lambda collects lambda resources into the inventory.
package lambda

import "github.com/awssec/awssec/collect"

// Service is the lambda collector.
var Service = collect.Service{Name: "lambda"}
