// Package backup collects backup resources into the inventory.
package backup

import "github.com/awssec/awssec/collect"

// Service is the backup collector.
var Service = collect.Service{Name: "backup"}
