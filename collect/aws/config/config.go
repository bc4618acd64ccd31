// Package config collects config resources into the inventory.
package config

import "github.com/awssec/awssec/collect"

// Service is the config collector.
var Service = collect.Service{Name: "config"}
