// Package cloudfront collects cloudfront resources into the inventory.
package cloudfront

import "github.com/awssec/awssec/collect"

// Service is the cloudfront collector.
var Service = collect.Service{Name: "cloudfront"}
