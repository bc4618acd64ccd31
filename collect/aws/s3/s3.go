// Package s3 collects s3 resources into the inventory.
package s3

import "github.com/awssec/awssec/collect"

// Service is the s3 collector.
var Service = collect.Service{Name: "s3"}
