package demo

import "github.com/awssec/awssec/inventory"

func addELBv2(b *builder) {
	prod := b.region(ProdAccount, East)
	elb := func(res string) string { return arn("elasticloadbalancing", East, ProdAccount, res) }

	// orders-alb is the well-configured front of the orders app: internet-
	// facing in the public subnet behind sg-0alb0000000000001 (443 from the
	// world), HTTPS on ELBSecurityPolicy-TLS13-1-2-2021-06, HTTP:80 that only
	// redirects to HTTPS, invalid headers dropped, access logs, and a WAF web
	// ACL. It passes every ELBv2 check.
	ordersALB := elb("loadbalancer/app/orders-alb/50dc6c495c0c9188")
	ordersTG := elb("targetgroup/orders-app/73e2d6bc24d8a067")
	// legacy-web-alb is the old front of the WordPress site: HTTP:80 forwards
	// in clear text, HTTPS:443 uses ELBSecurityPolicy-2016-08 (TLS 1.0),
	// invalid headers pass through, no access logs, no WAF. It fails every
	// ELBv2 check.
	legacyALB := elb("loadbalancer/app/legacy-web-alb/6d0ecf831eec9f09")
	legacyTG := elb("targetgroup/wordpress-web/2453ed029918f21f")
	prod.Resources.LoadBalancers = append(prod.Resources.LoadBalancers,
		&inventory.LoadBalancer{
			Meta:   meta("elasticloadbalancing:DescribeLoadBalancers", ordersALB, ordersALB, "orders-alb"),
			LBType: "application", Scheme: "internet-facing", DNSName: "orders-alb-1234567890.us-east-1.elb.amazonaws.com",
			VPCID: "vpc-0prod00000000001", SecurityGroups: []string{"sg-0alb0000000000001"}, Subnets: []string{"subnet-0public0000000001"},
			IPAddressType: "ipv4", CreatedTime: daysAgo(400),
			Attributes: &inventory.LoadBalancerAttributes{DropInvalidHeaderFields: true, DesyncMitigationMode: "defensive",
				DeletionProtection: true, AccessLogsEnabled: true, AccessLogsS3Bucket: "acme-prod-elb-logs", AccessLogsS3Prefix: "orders-alb"},
			WebACLARN: inventory.Ptr(arn("wafv2", East, ProdAccount, "regional/webacl/prod-alb-protection/b2c3d4e5-6789-01ab-cdef-222222222222")),
		},
		&inventory.LoadBalancer{
			Meta:   meta("elasticloadbalancing:DescribeLoadBalancers", legacyALB, legacyALB, "legacy-web-alb"),
			LBType: "application", Scheme: "internet-facing", DNSName: "legacy-web-alb-987654321.us-east-1.elb.amazonaws.com",
			VPCID: "vpc-0prod00000000001", SecurityGroups: []string{"sg-0default000000001"}, Subnets: []string{"subnet-0public0000000001"},
			IPAddressType: "ipv4", CreatedTime: daysAgo(2100),
			Attributes: &inventory.LoadBalancerAttributes{DesyncMitigationMode: "monitor"},
			WebACLARN:  inventory.Ptr(""),
		},
	)
	prod.Resources.Listeners = append(prod.Resources.Listeners,
		&inventory.Listener{
			Meta:            meta("elasticloadbalancing:DescribeListeners", elb("listener/app/orders-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"), elb("listener/app/orders-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"), ""),
			LoadBalancerARN: ordersALB, Protocol: "HTTPS", Port: 443, SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
			Certificates:   []string{arn("acm", East, ProdAccount, "certificate/3c4d5e6f-7a8b-4c9d-0e1f-2a3b4c5d6e7f")},
			DefaultActions: []inventory.ListenerAction{{Type: "forward", Order: 1, TargetGroupARN: ordersTG}},
		},
		&inventory.Listener{
			Meta:            meta("elasticloadbalancing:DescribeListeners", elb("listener/app/orders-alb/50dc6c495c0c9188/0467ef3c8400ae65"), elb("listener/app/orders-alb/50dc6c495c0c9188/0467ef3c8400ae65"), ""),
			LoadBalancerARN: ordersALB, Protocol: "HTTP", Port: 80,
			DefaultActions: []inventory.ListenerAction{{Type: "redirect", Order: 1,
				RedirectConfig: &inventory.ListenerRedirect{Protocol: "HTTPS", Port: "443", Host: "#{host}", Path: "/#{path}", Query: "#{query}", StatusCode: "HTTP_301"}}},
		},
		&inventory.Listener{
			Meta:            meta("elasticloadbalancing:DescribeListeners", elb("listener/app/legacy-web-alb/6d0ecf831eec9f09/a1e4e0d9b8c7f6e5"), elb("listener/app/legacy-web-alb/6d0ecf831eec9f09/a1e4e0d9b8c7f6e5"), ""),
			LoadBalancerARN: legacyALB, Protocol: "HTTP", Port: 80,
			DefaultActions: []inventory.ListenerAction{{Type: "forward", Order: 1, TargetGroupARN: legacyTG}},
		},
		&inventory.Listener{
			Meta:            meta("elasticloadbalancing:DescribeListeners", elb("listener/app/legacy-web-alb/6d0ecf831eec9f09/b2f5f1e0c9d8a7b6"), elb("listener/app/legacy-web-alb/6d0ecf831eec9f09/b2f5f1e0c9d8a7b6"), ""),
			LoadBalancerARN: legacyALB, Protocol: "HTTPS", Port: 443, SSLPolicy: "ELBSecurityPolicy-2016-08",
			Certificates:   []string{"arn:aws:iam::" + ProdAccount + ":server-certificate/wordpress-2019"},
			DefaultActions: []inventory.ListenerAction{{Type: "forward", Order: 1, TargetGroupARN: legacyTG}},
		},
	)

	// An internal network load balancer in dev: a TLS listener on a modern
	// policy (passes the TLS check) but no access logs (fails that check);
	// the ALB-only checks do not apply to it.
	dev := b.region(DevAccount, West)
	nlb := arn("elasticloadbalancing", West, DevAccount, "loadbalancer/net/dev-grpc-nlb/8e9f0a1b2c3d4e5f")
	listener := arn("elasticloadbalancing", West, DevAccount, "listener/net/dev-grpc-nlb/8e9f0a1b2c3d4e5f/c3a6b2d1e0f9a8b7")
	dev.Resources.LoadBalancers = append(dev.Resources.LoadBalancers, &inventory.LoadBalancer{
		Meta:   meta("elasticloadbalancing:DescribeLoadBalancers", nlb, nlb, "dev-grpc-nlb"),
		LBType: "network", Scheme: "internal", DNSName: "dev-grpc-nlb-8e9f0a1b2c3d4e5f.elb.eu-west-1.amazonaws.com",
		VPCID: "vpc-0dev000000000001", Subnets: []string{"subnet-0devprivate00001"}, IPAddressType: "ipv4", CreatedTime: daysAgo(90),
		Attributes: &inventory.LoadBalancerAttributes{},
		WebACLARN:  inventory.Ptr(""),
	})
	dev.Resources.Listeners = append(dev.Resources.Listeners, &inventory.Listener{
		Meta:            meta("elasticloadbalancing:DescribeListeners", listener, listener, ""),
		LoadBalancerARN: nlb, Protocol: "TLS", Port: 8443, SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
		Certificates:   []string{arn("acm", West, DevAccount, "certificate/9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a")},
		DefaultActions: []inventory.ListenerAction{{Type: "forward", TargetGroupARN: arn("elasticloadbalancing", West, DevAccount, "targetgroup/dev-grpc/1a2b3c4d5e6f7a8b")}},
	})
}
