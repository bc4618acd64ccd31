// Package opensearch collects opensearch resources into the inventory.
package opensearch

import "github.com/awssec/awssec/collect"

// Service is the opensearch collector.
var Service = collect.Service{Name: "opensearch"}
