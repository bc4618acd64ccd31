package awstest

import (
	"strconv"
	"strings"

	"github.com/awssec/awssec/inventory"
)

// registerELBv2 serves the region's Elastic Load Balancing v2 load
// balancers and listeners (AWS query, signing name "elasticloadbalancing"),
// and the WAF web ACLs associated with them (wafv2, JSON 1.1).
func registerELBv2(s *Server) {
	region := func(r *Request) *inventory.Region {
		_, reg := r.Scope(s)
		return reg
	}
	lbs := func(r *Request) []*inventory.LoadBalancer {
		if reg := region(r); reg != nil {
			return reg.Resources.LoadBalancers
		}
		return nil
	}
	findLB := func(r *Request, arn string) (*inventory.LoadBalancer, error) {
		for _, lb := range lbs(r) {
			if lb.ARN == arn {
				return lb, nil
			}
		}
		return nil, &Error{Status: 400, Code: "LoadBalancerNotFound", Message: "One or more load balancers not found"}
	}
	s.Handle("elasticloadbalancing", "DescribeLoadBalancers", func(r *Request) (any, error) {
		all := lbs(r)
		if arns := r.Strings("LoadBalancerArns"); len(arns) > 0 {
			all = nil
			for _, arn := range arns {
				lb, err := findLB(r, arn)
				if err != nil {
					return nil, err
				}
				all = append(all, lb)
			}
		}
		page, next, err := Page(all, r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, lb := range page {
			list = append(list, elbLoadBalancer(lb))
		}
		return M{"LoadBalancers": list, "NextMarker": nilIfEmpty(next)}, nil
	})
	s.Handle("elasticloadbalancing", "DescribeLoadBalancerAttributes", func(r *Request) (any, error) {
		lb, err := findLB(r, r.String("LoadBalancerArn"))
		if err != nil {
			return nil, err
		}
		if lb.Attributes == nil {
			return nil, AccessDenied(Query)
		}
		return M{"Attributes": elbAttributes(lb)}, nil
	})
	s.Handle("elasticloadbalancing", "DescribeListeners", func(r *Request) (any, error) {
		reg := region(r)
		if reg == nil {
			return M{"Listeners": []any{}}, nil
		}
		arn := r.String("LoadBalancerArn")
		if _, err := findLB(r, arn); err != nil {
			return nil, err
		}
		var mine []*inventory.Listener
		for _, l := range reg.Resources.Listeners {
			if l.LoadBalancerARN == arn {
				mine = append(mine, l)
			}
		}
		page, next, err := Page(mine, r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, l := range page {
			list = append(list, elbListener(l))
		}
		return M{"Listeners": list, "NextMarker": nilIfEmpty(next)}, nil
	})
	s.Handle("wafv2", "GetWebACLForResource", func(r *Request) (any, error) {
		arn := r.String("ResourceArn")
		for _, lb := range lbs(r) {
			if lb.ARN != arn {
				continue
			}
			switch {
			case lb.WebACLARN == nil:
				return nil, AccessDenied(JSON)
			case *lb.WebACLARN == "":
				return M{}, nil // no web ACL associated
			}
			return M{"WebACL": wafWebACL(*lb.WebACLARN)}, nil
		}
		return nil, &Error{Status: 400, Code: "WAFNonexistentItemException", Message: "AWS WAF couldn't perform the operation because your resource doesn't exist."}
	})
}

func elbLoadBalancer(lb *inventory.LoadBalancer) M {
	var zones []any
	for i, subnet := range lb.Subnets {
		zones = append(zones, M{"SubnetId": subnet, "ZoneName": elbZone(lb.ARN, i)})
	}
	return M{"LoadBalancerArn": lb.ARN, "LoadBalancerName": lb.Name, "DNSName": nilIfEmpty(lb.DNSName), "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K",
		"CreatedTime": lb.CreatedTime, "Scheme": lb.Scheme, "VpcId": nilIfEmpty(lb.VPCID), "State": M{"Code": "active"}, "Type": lb.LBType,
		"AvailabilityZones": zones, "SecurityGroups": elbOmitEmpty(lb.SecurityGroups), "IpAddressType": nilIfEmpty(lb.IPAddressType)}
}

// elbZone names the availability zone of a load balancer's i-th subnet
// from the region in its ARN.
func elbZone(arn string, i int) string {
	parts := strings.Split(arn, ":")
	if len(parts) < 4 {
		return ""
	}
	return parts[3] + string(rune('a'+i%6))
}

// elbAttributes are a load balancer's attributes, as every load balancer
// has them; the application-only ones only on application load balancers.
func elbAttributes(lb *inventory.LoadBalancer) []any {
	a := lb.Attributes
	kv := func(k, v string) any { return M{"Key": k, "Value": v} }
	out := []any{
		kv("deletion_protection.enabled", strconv.FormatBool(a.DeletionProtection)),
		kv("access_logs.s3.enabled", strconv.FormatBool(a.AccessLogsEnabled)),
		kv("access_logs.s3.bucket", a.AccessLogsS3Bucket),
		kv("access_logs.s3.prefix", a.AccessLogsS3Prefix),
		kv("load_balancing.cross_zone.enabled", "true"),
	}
	if lb.LBType == "application" {
		out = append(out,
			kv("idle_timeout.timeout_seconds", "60"),
			kv("routing.http.drop_invalid_header_fields.enabled", strconv.FormatBool(a.DropInvalidHeaderFields)),
			kv("routing.http.desync_mitigation_mode", a.DesyncMitigationMode),
			kv("routing.http2.enabled", "true"))
	}
	return out
}

func elbListener(l *inventory.Listener) M {
	var certs []any
	for i, c := range l.Certificates {
		certs = append(certs, M{"CertificateArn": c, "IsDefault": i == 0})
	}
	var actions []any
	for _, a := range l.DefaultActions {
		act := M{"Type": a.Type}
		if a.Order != 0 {
			act["Order"] = a.Order
		}
		if a.TargetGroupARN != "" {
			// AWS answers a simple forward in both forms.
			act["TargetGroupArn"] = a.TargetGroupARN
			act["ForwardConfig"] = M{"TargetGroups": []any{M{"TargetGroupArn": a.TargetGroupARN, "Weight": 1}},
				"TargetGroupStickinessConfig": M{"Enabled": false}}
		}
		if rc := a.RedirectConfig; rc != nil {
			act["RedirectConfig"] = M{"Protocol": nilIfEmpty(rc.Protocol), "Port": nilIfEmpty(rc.Port), "Host": nilIfEmpty(rc.Host),
				"Path": nilIfEmpty(rc.Path), "Query": nilIfEmpty(rc.Query), "StatusCode": rc.StatusCode}
		}
		if a.FixedResponseStatusCode != "" {
			act["FixedResponseConfig"] = M{"StatusCode": a.FixedResponseStatusCode, "ContentType": "text/plain"}
		}
		actions = append(actions, act)
	}
	return M{"ListenerArn": l.ARN, "LoadBalancerArn": l.LoadBalancerARN, "Protocol": l.Protocol, "Port": l.Port,
		"SslPolicy": nilIfEmpty(l.SSLPolicy), "Certificates": certs, "DefaultActions": actions}
}

// wafWebACL is the WebACL of GetWebACLForResource, from its ARN
// (arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID).
func wafWebACL(arn string) M {
	parts := strings.Split(arn, "/")
	name, id := "", ""
	if len(parts) >= 4 {
		name, id = parts[len(parts)-2], parts[len(parts)-1]
	}
	return M{"ARN": arn, "Name": name, "Id": id, "DefaultAction": M{"Allow": M{}}, "Capacity": 100,
		"VisibilityConfig": M{"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": name}}
}

// elbOmitEmpty leaves an empty list out of a response, as AWS does.
func elbOmitEmpty(v []string) any {
	if len(v) == 0 {
		return nil
	}
	return v
}
