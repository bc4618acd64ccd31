// Package ec2 collects ec2 resources into the inventory.
package ec2

import "github.com/awssec/awssec/collect"

// Service is the ec2 collector.
var Service = collect.Service{Name: "ec2"}
