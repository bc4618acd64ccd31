// Package elbv2 collects Elastic Load Balancing v2 load balancers
// (application, network and gateway: AWS::ElasticLoadBalancingV2::LoadBalancer)
// with their attributes and associated WAF web ACL, and their listeners
// (AWS::ElasticLoadBalancingV2::Listener).
package elbv2

import (
	"context"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const (
	lbType       = "AWS::ElasticLoadBalancingV2::LoadBalancer"
	listenerType = "AWS::ElasticLoadBalancingV2::Listener"
)

// Service is the ELBv2 collector. The web ACL association is read with
// WAF's API (wafv2), not ELB's.
var Service = collect.Service{
	Name:    "elbv2",
	Types:   []string{lbType, listenerType},
	Collect: collectLoadBalancers,
	Operations: []string{
		"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
		"elasticloadbalancing:DescribeListeners", "wafv2:GetWebACLForResource",
	},
}

func collectLoadBalancers(ctx context.Context, s *collect.Scope) {
	client := elb.NewFromConfig(s.Config)
	waf := wafv2.NewFromConfig(s.Config)
	var lbs []*inventory.LoadBalancer
	pages := elb.NewDescribeLoadBalancersPaginator(client, &elb.DescribeLoadBalancersInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			// Listeners are listed per load balancer: they are unknown too.
			s.Gap(lbType, "elasticloadbalancing:DescribeLoadBalancers", err)
			s.Gap(listenerType, "elasticloadbalancing:DescribeLoadBalancers", err)
			return
		}
		for i := range page.LoadBalancers {
			lb := loadBalancer(s, &page.LoadBalancers[i])
			lb.Attributes = attributes(ctx, client, lb.ARN)
			lb.WebACLARN = webACL(ctx, waf, lb)
			lbs = append(lbs, lb)
		}
	}
	s.Region.Resources.LoadBalancers = lbs

	var listeners []*inventory.Listener
	for _, lb := range lbs {
		ls := elb.NewDescribeListenersPaginator(client, &elb.DescribeListenersInput{LoadBalancerArn: aws.String(lb.ARN)})
		for ls.HasMorePages() {
			page, err := ls.NextPage(ctx)
			if err != nil {
				// The region's listeners are one list: missing some, it is unknown.
				s.Gap(listenerType, "elasticloadbalancing:DescribeListeners", err)
				return
			}
			for i := range page.Listeners {
				listeners = append(listeners, listener(s, &page.Listeners[i]))
			}
		}
	}
	s.Region.Resources.Listeners = listeners
}

func loadBalancer(s *collect.Scope, l *types.LoadBalancer) *inventory.LoadBalancer {
	arn := aws.ToString(l.LoadBalancerArn)
	lb := &inventory.LoadBalancer{
		Meta:           s.Meta("elasticloadbalancing:DescribeLoadBalancers", arn, arn, aws.ToString(l.LoadBalancerName)),
		LBType:         string(l.Type),
		Scheme:         string(l.Scheme),
		DNSName:        aws.ToString(l.DNSName),
		VPCID:          aws.ToString(l.VpcId),
		SecurityGroups: orNil(l.SecurityGroups),
		IPAddressType:  string(l.IpAddressType),
		CreatedTime:    aws.ToTime(l.CreatedTime),
	}
	for _, z := range l.AvailabilityZones {
		if id := aws.ToString(z.SubnetId); id != "" {
			lb.Subnets = append(lb.Subnets, id)
		}
	}
	return lb
}

// attributes reads the attributes awssec checks; nil when they cannot be read.
func attributes(ctx context.Context, client *elb.Client, arn string) *inventory.LoadBalancerAttributes {
	out, err := client.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: aws.String(arn)})
	if err != nil {
		return nil
	}
	a := &inventory.LoadBalancerAttributes{}
	for _, kv := range out.Attributes {
		v := aws.ToString(kv.Value)
		switch aws.ToString(kv.Key) {
		case "routing.http.drop_invalid_header_fields.enabled":
			a.DropInvalidHeaderFields, _ = strconv.ParseBool(v)
		case "routing.http.desync_mitigation_mode":
			a.DesyncMitigationMode = v
		case "deletion_protection.enabled":
			a.DeletionProtection, _ = strconv.ParseBool(v)
		case "access_logs.s3.enabled":
			a.AccessLogsEnabled, _ = strconv.ParseBool(v)
		case "access_logs.s3.bucket":
			a.AccessLogsS3Bucket = v
		case "access_logs.s3.prefix":
			a.AccessLogsS3Prefix = v
		}
	}
	return a
}

// webACL is the load balancer's WAF web ACL: "" when none, nil when it
// cannot be read. Only application load balancers can have one, so the
// others are not asked (WAF would refuse the resource).
func webACL(ctx context.Context, waf *wafv2.Client, lb *inventory.LoadBalancer) *string {
	if lb.LBType != string(types.LoadBalancerTypeEnumApplication) {
		return aws.String("")
	}
	out, err := waf.GetWebACLForResource(ctx, &wafv2.GetWebACLForResourceInput{ResourceArn: aws.String(lb.ARN)})
	if err != nil {
		return nil
	}
	if out.WebACL == nil {
		return aws.String("")
	}
	return aws.String(aws.ToString(out.WebACL.ARN))
}

func listener(s *collect.Scope, l *types.Listener) *inventory.Listener {
	arn := aws.ToString(l.ListenerArn)
	out := &inventory.Listener{
		Meta:            s.Meta("elasticloadbalancing:DescribeListeners", arn, arn, ""),
		LoadBalancerARN: aws.ToString(l.LoadBalancerArn),
		Protocol:        string(l.Protocol),
		Port:            int(aws.ToInt32(l.Port)),
		SSLPolicy:       aws.ToString(l.SslPolicy),
	}
	for _, c := range l.Certificates {
		out.Certificates = append(out.Certificates, aws.ToString(c.CertificateArn))
	}
	for _, a := range l.DefaultActions {
		act := inventory.ListenerAction{Type: string(a.Type), Order: int(aws.ToInt32(a.Order)), TargetGroupARN: aws.ToString(a.TargetGroupArn)}
		// A forward to one target group may come only as ForwardConfig.
		if act.TargetGroupARN == "" && a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) == 1 {
			act.TargetGroupARN = aws.ToString(a.ForwardConfig.TargetGroups[0].TargetGroupArn)
		}
		if r := a.RedirectConfig; r != nil {
			act.RedirectConfig = &inventory.ListenerRedirect{Protocol: aws.ToString(r.Protocol), Port: aws.ToString(r.Port),
				Host: aws.ToString(r.Host), Path: aws.ToString(r.Path), Query: aws.ToString(r.Query), StatusCode: string(r.StatusCode)}
		}
		if f := a.FixedResponseConfig; f != nil {
			act.FixedResponseStatusCode = aws.ToString(f.StatusCode)
		}
		out.DefaultActions = append(out.DefaultActions, act)
	}
	return out
}

// orNil is nil for an empty list: the inventory holds no empty attribute lists.
func orNil(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}
