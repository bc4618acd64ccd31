package elbv2_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/elbv2"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
)

// TestListDenied: without the load balancers, their listeners are unknown too.
func TestListDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "elasticloadbalancing", Op: "DescribeLoadBalancers", Err: awstest.AccessDenied(awstest.Query)})
	r := srv.Collect(t, elbv2.Service, demo.ProdAccount, demo.East).Regions[0]
	if r.Resources.LoadBalancers != nil || r.Resources.Listeners != nil {
		t.Errorf("resources collected despite the denied list: %v %v", r.Resources.LoadBalancers, r.Resources.Listeners)
	}
	if len(r.Gaps) != 2 || r.Gaps[0].ResourceType != "AWS::ElasticLoadBalancingV2::LoadBalancer" ||
		r.Gaps[1].ResourceType != "AWS::ElasticLoadBalancingV2::Listener" || r.Gaps[0].Code != "AccessDenied" {
		t.Errorf("want AccessDenied gaps on load balancers and listeners, got %+v", r.Gaps)
	}
}

func TestListenersDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "elasticloadbalancing", Op: "DescribeListeners", Err: awstest.AccessDenied(awstest.Query)})
	r := srv.Collect(t, elbv2.Service, demo.ProdAccount, demo.East).Regions[0]
	if len(r.Resources.LoadBalancers) != 2 || r.Resources.Listeners != nil {
		t.Errorf("want the 2 load balancers and no listeners, got %d and %v", len(r.Resources.LoadBalancers), r.Resources.Listeners)
	}
	if len(r.Gaps) != 1 || r.Gaps[0].Call != "elasticloadbalancing:DescribeListeners" {
		t.Errorf("want one gap on DescribeListeners, got %+v", r.Gaps)
	}
}

// TestDetailsDenied: failed attribute and web ACL reads leave those fields
// unknown and keep the load balancers.
func TestDetailsDenied(t *testing.T) {
	srv := awstest.Demo(t,
		awstest.Fault{Service: "elasticloadbalancing", Op: "DescribeLoadBalancerAttributes", Err: awstest.AccessDenied(awstest.Query)},
		awstest.Fault{Service: "wafv2", Op: "GetWebACLForResource", Err: awstest.AccessDenied(awstest.JSON)})
	r := srv.Collect(t, elbv2.Service, demo.ProdAccount, demo.East).Regions[0]
	if len(r.Resources.LoadBalancers) != 2 || len(r.Resources.Listeners) != 4 || len(r.Gaps) != 0 {
		t.Fatalf("want 2 load balancers, 4 listeners and no gap, got %d, %d and %+v",
			len(r.Resources.LoadBalancers), len(r.Resources.Listeners), r.Gaps)
	}
	for _, lb := range r.Resources.LoadBalancers {
		if lb.Attributes != nil || lb.WebACLARN != nil {
			t.Errorf("%s: attributes %+v, web ACL %v: want both unknown", lb.Name, lb.Attributes, lb.WebACLARN)
		}
	}
}

// TestNetworkLoadBalancerNoWAF: WAF cannot front a network load balancer,
// so it is not asked and the answer is a known "none".
func TestNetworkLoadBalancerNoWAF(t *testing.T) {
	srv := awstest.Demo(t)
	r := srv.Collect(t, elbv2.Service, demo.DevAccount, demo.West).Regions[0]
	if lb := r.Resources.LoadBalancers[0]; lb.WebACLARN == nil || *lb.WebACLARN != "" {
		t.Errorf("%s: web ACL %v, want known none", lb.Name, lb.WebACLARN)
	}
	for _, c := range srv.Calls() {
		if c.Service == "wafv2" {
			t.Errorf("WAF was asked about a network load balancer: %+v", c)
		}
	}
}
