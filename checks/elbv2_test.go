package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func elbLB(id, typ, scheme string, spoil func(*inventory.LoadBalancer)) *inventory.LoadBalancer {
	lb := &inventory.LoadBalancer{
		Meta: meta(id), LBType: typ, Scheme: scheme, DNSName: id + ".us-east-1.elb.amazonaws.com",
		Attributes: &inventory.LoadBalancerAttributes{DropInvalidHeaderFields: true, AccessLogsEnabled: true, AccessLogsS3Bucket: "logs", AccessLogsS3Prefix: id},
		WebACLARN:  inventory.Ptr("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/alb/1"),
	}
	lb.ARN = id
	if spoil != nil {
		spoil(lb)
	}
	return lb
}

func elbListener(id, lb, proto string, port int, pol string, acts ...inventory.ListenerAction) *inventory.Listener {
	return &inventory.Listener{Meta: meta(id), LoadBalancerARN: lb, Protocol: proto, Port: port, SSLPolicy: pol, DefaultActions: acts}
}

var (
	elbForward  = inventory.ListenerAction{Type: "forward", TargetGroupARN: "tg-web"}
	elbRedirect = inventory.ListenerAction{Type: "redirect", RedirectConfig: &inventory.ListenerRedirect{Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301"}}
)

func TestELBv2HTTPNoRedirect(t *testing.T) {
	runCases(t, elbv2HTTPNoRedirect, []checkCase{{
		name: "forward fails, redirect and fixed response pass, HTTPS skipped",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.LoadBalancers = []*inventory.LoadBalancer{elbLB("pub", "application", "internet-facing", nil), elbLB("int", "application", "internal", nil)}
			r.Resources.Listeners = []*inventory.Listener{
				elbListener("fwd", "pub", "HTTP", 80, "", elbForward),
				elbListener("int-fwd", "int", "HTTP", 80, "", elbForward),
				elbListener("auth-fwd", "pub", "HTTP", 8080, "", inventory.ListenerAction{Type: "authenticate-cognito"}, elbForward),
				elbListener("to-http", "pub", "HTTP", 81, "", inventory.ListenerAction{Type: "redirect", RedirectConfig: &inventory.ListenerRedirect{Protocol: "HTTP", Port: "8080"}}),
				elbListener("redir", "pub", "HTTP", 82, "", elbRedirect),
				elbListener("fixed", "pub", "HTTP", 83, "", inventory.ListenerAction{Type: "fixed-response", FixedResponseStatusCode: "403"}),
				elbListener("https", "pub", "HTTPS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06", elbForward),
				elbListener("unread", "pub", "HTTP", 84, ""),
			}
		},
		want: map[string]finding.Status{"fwd": finding.Fail, "int-fwd": finding.Fail, "auth-fwd": finding.Fail, "to-http": finding.Fail,
			"redir": finding.Pass, "fixed": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"fwd": "internet-facing application load balancer pub", "to-http": "protocol HTTP"},
	}})
	fs := runCheck(t, elbv2HTTPNoRedirect, testEstate(func(a *inventory.Account, r *inventory.Region) {
		r.Resources.LoadBalancers = []*inventory.LoadBalancer{elbLB("pub", "application", "internet-facing", nil), elbLB("int", "application", "internal", nil)}
		r.Resources.Listeners = []*inventory.Listener{elbListener("fwd", "pub", "HTTP", 80, "", elbForward), elbListener("int-fwd", "int", "HTTP", 80, "", elbForward)}
	}))
	for _, f := range fs {
		want := map[string]finding.Severity{"fwd": finding.High, "int-fwd": finding.Medium}[f.ResourceID]
		if f.Severity != want {
			t.Errorf("%s: severity %v, want %v", f.ResourceID, f.Severity, want)
		}
	}
}

func TestELBv2TLSPolicy(t *testing.T) {
	if got := elbTLSMin("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"); got != "1.2" {
		t.Errorf("TLS13-1-2-Res: %q", got)
	}
	runCases(t, elbv2TLSPolicyOutdated, []checkCase{{
		name: "policies allowing TLS 1.0/1.1 fail",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.LoadBalancers = []*inventory.LoadBalancer{elbLB("pub", "application", "internet-facing", nil)}
			r.Resources.Listeners = []*inventory.Listener{
				elbListener("2016", "pub", "HTTPS", 443, "ELBSecurityPolicy-2016-08", elbForward),
				elbListener("tls11", "pub", "HTTPS", 444, "ELBSecurityPolicy-TLS-1-1-2017-01", elbForward),
				elbListener("tls13-10", "pub", "TLS", 445, "ELBSecurityPolicy-TLS13-1-0-2021-06", elbForward),
				elbListener("fs", "pub", "HTTPS", 446, "ELBSecurityPolicy-FS-2018-06", elbForward),
				elbListener("good", "pub", "HTTPS", 447, "ELBSecurityPolicy-TLS13-1-2-2021-06", elbForward),
				elbListener("tls12", "pub", "HTTPS", 448, "ELBSecurityPolicy-TLS-1-2-Ext-2018-06", elbForward),
				elbListener("tls13", "pub", "TLS", 449, "ELBSecurityPolicy-TLS13-1-3-2021-06", elbForward),
				elbListener("fs12", "pub", "HTTPS", 450, "ELBSecurityPolicy-FS-1-2-Res-2020-10", elbForward),
				elbListener("odd", "pub", "HTTPS", 451, "MyPolicy", elbForward),
				elbListener("unread", "pub", "HTTPS", 452, "", elbForward),
				elbListener("http", "pub", "HTTP", 80, "", elbRedirect),
			}
		},
		want: map[string]finding.Status{"2016": finding.Fail, "tls11": finding.Fail, "tls13-10": finding.Fail, "fs": finding.Fail,
			"good": finding.Pass, "tls12": finding.Pass, "tls13": finding.Pass, "fs12": finding.Pass, "odd": finding.Error, "unread": finding.Error},
		contains: map[string]string{"2016": "ELBSecurityPolicy-2016-08, which allows TLS 1.0", "tls11": "TLS 1.1", "good": "TLS 1.2 or later"},
	}})
}

func TestELBv2DropInvalidHeaders(t *testing.T) {
	runCases(t, elbv2DropInvalidHeaders, []checkCase{{
		name: "ALBs only",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.LoadBalancers = []*inventory.LoadBalancer{
				elbLB("keeps", "application", "internet-facing", func(lb *inventory.LoadBalancer) { lb.Attributes.DropInvalidHeaderFields = false }),
				elbLB("drops", "application", "internal", nil),
				elbLB("nlb", "network", "internet-facing", func(lb *inventory.LoadBalancer) { lb.Attributes.DropInvalidHeaderFields = false }),
				elbLB("unread", "application", "internal", func(lb *inventory.LoadBalancer) { lb.Attributes = nil }),
			}
		},
		want: map[string]finding.Status{"keeps": finding.Fail, "drops": finding.Pass, "unread": finding.Error},
	}})
}

func TestELBv2ALBWAF(t *testing.T) {
	runCases(t, elbv2ALBWAF, []checkCase{{
		name: "internet-facing ALBs only",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.LoadBalancers = []*inventory.LoadBalancer{
				elbLB("bare", "application", "internet-facing", func(lb *inventory.LoadBalancer) { lb.WebACLARN = inventory.Ptr("") }),
				elbLB("waf", "application", "internet-facing", nil),
				elbLB("internal", "application", "internal", func(lb *inventory.LoadBalancer) { lb.WebACLARN = inventory.Ptr("") }),
				elbLB("nlb", "network", "internet-facing", func(lb *inventory.LoadBalancer) { lb.WebACLARN = inventory.Ptr("") }),
				elbLB("unread", "application", "internet-facing", func(lb *inventory.LoadBalancer) { lb.WebACLARN = nil }),
			}
		},
		want:     map[string]finding.Status{"bare": finding.Fail, "waf": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"bare": "bare.us-east-1.elb.amazonaws.com"},
	}})
}

func TestELBv2AccessLogs(t *testing.T) {
	runCases(t, elbv2AccessLogs, []checkCase{{
		name: "all load balancer types",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.LoadBalancers = []*inventory.LoadBalancer{
				elbLB("off", "network", "internet-facing", func(lb *inventory.LoadBalancer) { lb.Attributes.AccessLogsEnabled = false }),
				elbLB("on", "application", "internal", nil),
				elbLB("unread", "application", "internal", func(lb *inventory.LoadBalancer) { lb.Attributes = nil }),
			}
		},
		want:     map[string]finding.Status{"off": finding.Fail, "on": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"on": "s3://logs/on"},
	}})
}
