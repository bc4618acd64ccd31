// Package sqs collects sqs resources into the inventory.
package sqs

import "github.com/awssec/awssec/collect"

// Service is the sqs collector.
var Service = collect.Service{Name: "sqs"}
