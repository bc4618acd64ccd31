// Package sso collects sso resources into the inventory.
package sso

import "github.com/awssec/awssec/collect"

// Service is the sso collector.
var Service = collect.Service{Name: "sso"}
