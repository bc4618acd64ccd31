// Package apigateway collects apigateway resources into the inventory.
package apigateway

import "github.com/awssec/awssec/collect"

// Service is the apigateway collector.
var Service = collect.Service{Name: "apigateway"}
