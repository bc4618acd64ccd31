package checks

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func elbv2Checks() []*Check {
	return []*Check{elbv2HTTPNoRedirect, elbv2TLSPolicyOutdated, elbv2DropInvalidHeaders, elbv2ALBWAF, elbv2AccessLogs}
}

const (
	elbLBType       = "AWS::ElasticLoadBalancingV2::LoadBalancer"
	elbListenerType = "AWS::ElasticLoadBalancingV2::Listener"
)

// elbLoadBalancer finds a listener's load balancer in its region, or nil.
func elbLoadBalancer(r *inventory.Region, arn string) *inventory.LoadBalancer {
	for _, lb := range r.Resources.LoadBalancers {
		if lb.ARN == arn || lb.ID == arn {
			return lb
		}
	}
	return nil
}

// elbOf names a listener's load balancer for messages.
func elbOf(lb *inventory.LoadBalancer, arn string) string {
	if lb == nil {
		return arn
	}
	return fmt.Sprintf("%s %s load balancer %s", lb.Scheme, lb.LBType, lb.DisplayName())
}

var elbv2HTTPNoRedirect = &Check{
	ID:           "elbv2-http-listener-no-redirect",
	Service:      "elbv2",
	Title:        "HTTP listeners redirect to HTTPS",
	Severity:     finding.Medium,
	ResourceType: elbListenerType,
	Needs:        []string{elbLBType},
	Rationale: "An HTTP listener that forwards to targets serves the application in clear text: session " +
		"cookies, bearer tokens, passwords posted to a login form and the pages themselves can be read and " +
		"changed by anyone on the path (public Wi-Fi, a compromised router, an ISP), and an attacker can " +
		"strip the redirect to HTTPS that the application itself would issue. A listener whose default " +
		"action redirects to HTTPS (HTTP_301) never lets a request reach the application unencrypted.",
	Verify: "aws elbv2 describe-listeners --load-balancer-arn LB_ARN --query " +
		"'Listeners[?Protocol==`HTTP`].[Port,DefaultActions[].[Type,RedirectConfig.Protocol]]'",
	Remediation: Remediation{
		Summary: "Change the HTTP listener's default action to a 301 redirect to HTTPS on port 443.",
		Console: "EC2 > Load balancers > LB > Listeners and rules > HTTP:80 > Edit listener > Default action: Redirect to URL, HTTPS, port 443, 301.",
		CLI: "aws elbv2 modify-listener --listener-arn LISTENER_ARN --default-actions " +
			"'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
		Terraform: "resource \"aws_lb_listener\" \"http\" {\n  load_balancer_arn = aws_lb.main.arn\n  port              = 80\n  protocol          = \"HTTP\"\n" +
			"  default_action {\n    type = \"redirect\"\n    redirect {\n      protocol    = \"HTTPS\"\n      port        = \"443\"\n" +
			"      status_code = \"HTTP_301\"\n    }\n  }\n}",
	},
	Seed: []string{"data-in-transit", "encrypted-channel", "wordpress-posture"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, l := range r.Resources.Listeners {
				if l.Protocol != "HTTP" {
					continue
				}
				loc := At(a, r, l)
				lb := elbLoadBalancer(r, l.LoadBalancerARN)
				if len(l.DefaultActions) == 0 {
					c.Unknown(loc, "the listener's default actions were not read", Ev(l, "DefaultActions", l.DefaultActions))
					continue
				}
				act := l.DefaultActions[0]
				for _, d := range l.DefaultActions {
					if d.Type != "authenticate-oidc" && d.Type != "authenticate-cognito" {
						act = d
						break
					}
				}
				ev := []finding.Evidence{Ev(l, "DefaultActions[].Type", act.Type)}
				switch act.Type {
				case "redirect":
					rc := act.RedirectConfig
					if rc != nil && rc.Protocol == "HTTPS" {
						ev = append(ev, Ev(l, "DefaultActions[].RedirectConfig.Protocol", rc.Protocol))
						c.Pass(loc, fmt.Sprintf("HTTP:%d redirects to HTTPS:%s (%s)", l.Port, orNone(rc.Port), orNone(rc.StatusCode)), ev...)
						continue
					}
					proto := "unknown"
					if rc != nil {
						proto = rc.Protocol
					}
					c.Fail(loc, fmt.Sprintf("HTTP:%d on %s redirects to protocol %s, not HTTPS", l.Port, elbOf(lb, l.LoadBalancerARN), proto), ev...)
				case "fixed-response":
					c.Pass(loc, fmt.Sprintf("HTTP:%d only returns a fixed response (%s); nothing is served in clear text", l.Port, orNone(act.FixedResponseStatusCode)), ev...)
				default:
					sev := c.check.Severity
					if lb != nil && lb.Scheme == "internet-facing" {
						sev = finding.High
					}
					target := ""
					if act.TargetGroupARN != "" {
						target = " to " + act.TargetGroupARN
					}
					c.FailAt(sev, loc, fmt.Sprintf("HTTP:%d on %s forwards requests%s in clear text instead of redirecting to HTTPS",
						l.Port, elbOf(lb, l.LoadBalancerARN), target), ev...)
				}
			}
		}
	},
}

// elbTLSPolicies gives the lowest TLS version of the ELB security policies
// whose names do not say it.
var elbTLSPolicies = map[string]string{
	"ELBSecurityPolicy-2016-08":         "1.0",
	"ELBSecurityPolicy-2015-05":         "1.0",
	"ELBSecurityPolicy-2015-03":         "1.0",
	"ELBSecurityPolicy-2015-02":         "1.0",
	"ELBSecurityPolicy-2014-10":         "1.0",
	"ELBSecurityPolicy-2014-01":         "1.0",
	"ELBSecurityPolicy-2011-08":         "1.0",
	"ELBSecurityPolicy-FS-2018-06":      "1.0",
	"ELBSecurityPolicy-TLS-1-0-2015-04": "1.0",
	"ELBSecurityPolicy-TLS-1-1-2017-01": "1.1",
	"ELBSecurityPolicy-FS-1-1-2019-08":  "1.1",
}

// elbTLSMin is the lowest TLS version an ELB security policy accepts, or
// "" for a name it does not know. Recent policy names carry it:
// ELBSecurityPolicy-TLS13-1-2-2021-06 accepts TLS 1.2 and 1.3.
func elbTLSMin(p string) string {
	if v, ok := elbTLSPolicies[p]; ok {
		return v
	}
	for _, pre := range []string{"TLS13-", "TLS-", "FS-"} {
		i := strings.Index(p, pre)
		if i < 0 {
			continue
		}
		rest := p[i+len(pre):]
		for _, v := range []string{"1-0", "1-1", "1-2", "1-3"} {
			if strings.HasPrefix(rest, v+"-") {
				return strings.ReplaceAll(v, "-", ".")
			}
		}
	}
	return ""
}

var elbv2TLSPolicyOutdated = &Check{
	ID:           "elbv2-listener-tls-policy-outdated",
	Service:      "elbv2",
	Title:        "HTTPS and TLS listeners use a security policy that requires TLS 1.2 or later",
	Severity:     finding.Medium,
	ResourceType: elbListenerType,
	Needs:        []string{elbLBType},
	Rationale: "The security policy decides which protocols and ciphers a listener negotiates. " +
		"ELBSecurityPolicy-2016-08 — the default for years and still common — and the other pre-2017 " +
		"policies, ELBSecurityPolicy-TLS-1-0-2015-04, ELBSecurityPolicy-FS-2018-06 and " +
		"ELBSecurityPolicy-TLS13-1-0-2021-06 accept TLS 1.0; ELBSecurityPolicy-TLS-1-1-2017-01, " +
		"ELBSecurityPolicy-FS-1-1-2019-08 and ELBSecurityPolicy-TLS13-1-1-2021-06 accept TLS 1.1. Both versions " +
		"are deprecated (RFC 8996), allow CBC-mode and SHA-1 cipher suites, and let an active attacker " +
		"downgrade clients that support them; PCI DSS forbids them. ELBSecurityPolicy-TLS13-1-2-2021-06 (the " +
		"current default) accepts only TLS 1.2 and 1.3 with forward-secret ciphers.",
	Verify: "aws elbv2 describe-listeners --load-balancer-arn LB_ARN --query 'Listeners[?SslPolicy].[Port,Protocol,SslPolicy]'; " +
		"aws elbv2 describe-ssl-policies --names ELBSecurityPolicy-2016-08 --query 'SslPolicies[].SslProtocols'",
	Remediation: Remediation{
		Summary: "Set the listener's security policy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or a stricter TLS 1.2+ policy).",
		Console: "EC2 > Load balancers > LB > Listeners and rules > HTTPS:443 > Edit listener > Security policy: ELBSecurityPolicy-TLS13-1-2-2021-06.",
		CLI:     "aws elbv2 modify-listener --listener-arn LISTENER_ARN --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06",
		Terraform: "resource \"aws_lb_listener\" \"https\" {\n  load_balancer_arn = aws_lb.main.arn\n  port              = 443\n  protocol          = \"HTTPS\"\n" +
			"  ssl_policy        = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"\n  certificate_arn   = aws_acm_certificate.main.arn\n}",
	},
	Seed: []string{"data-in-transit", "encrypted-channel"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, l := range r.Resources.Listeners {
				if l.Protocol != "HTTPS" && l.Protocol != "TLS" {
					continue
				}
				loc := At(a, r, l)
				ev := Ev(l, "SslPolicy", orNone(l.SSLPolicy))
				if l.SSLPolicy == "" {
					c.Unknown(loc, fmt.Sprintf("%s:%d listener's security policy was not read", l.Protocol, l.Port), ev)
					continue
				}
				v := elbTLSMin(l.SSLPolicy)
				switch v {
				case "":
					c.Unknown(loc, fmt.Sprintf("security policy %s is not one awssec knows", l.SSLPolicy), ev)
				case "1.0", "1.1":
					lb := elbLoadBalancer(r, l.LoadBalancerARN)
					c.Fail(loc, fmt.Sprintf("%s:%d on %s uses %s, which allows TLS %s", l.Protocol, l.Port, elbOf(lb, l.LoadBalancerARN), l.SSLPolicy, v), ev)
				default:
					c.Pass(loc, fmt.Sprintf("%s:%d uses %s (TLS %s or later)", l.Protocol, l.Port, l.SSLPolicy, v), ev)
				}
			}
		}
	},
}

var elbv2DropInvalidHeaders = &Check{
	ID:           "elbv2-alb-drop-invalid-headers",
	Service:      "elbv2",
	Title:        "Application load balancers drop invalid HTTP header fields",
	Severity:     finding.Medium,
	ResourceType: elbLBType,
	Rationale: "By default an ALB passes header fields with names that are not valid HTTP tokens (underscores, " +
		"control characters) through to targets. Front ends and back ends that parse such headers " +
		"differently are the raw material of HTTP request smuggling and header-injection attacks, which let " +
		"an attacker poison caches, hijack other users' requests or bypass path-based access rules. With " +
		"routing.http.drop_invalid_header_fields.enabled the ALB removes them before routing.",
	Verify: "aws elbv2 describe-load-balancer-attributes --load-balancer-arn LB_ARN --query " +
		"\"Attributes[?Key=='routing.http.drop_invalid_header_fields.enabled'].Value\"",
	Remediation: Remediation{
		Summary: "Set routing.http.drop_invalid_header_fields.enabled to true on the ALB.",
		Console: "EC2 > Load balancers > ALB > Attributes > Edit > Packet handling: turn on Drop invalid header fields.",
		CLI:     "aws elbv2 modify-load-balancer-attributes --load-balancer-arn LB_ARN --attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true",
		Terraform: "resource \"aws_lb\" \"main\" {\n  load_balancer_type         = \"application\"\n" +
			"  drop_invalid_header_fields = true\n  desync_mitigation_mode     = \"defensive\"\n}",
	},
	Seed: []string{"secure-configuration", "wordpress-posture"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, lb := range r.Resources.LoadBalancers {
				if lb.LBType != "application" {
					continue
				}
				loc := At(a, r, lb)
				at := lb.Attributes
				switch {
				case at == nil:
					c.Unknown(loc, "load balancer attributes were not read", Ev(lb, "Attributes", at))
				case at.DropInvalidHeaderFields:
					c.Pass(loc, "invalid header fields are dropped", Ev(lb, "routing.http.drop_invalid_header_fields.enabled", true))
				default:
					c.Fail(loc, fmt.Sprintf("%s ALB passes invalid header fields to its targets (desync mitigation mode %s)", lb.Scheme, orNone(at.DesyncMitigationMode)),
						Ev(lb, "routing.http.drop_invalid_header_fields.enabled", false))
				}
			}
		}
	},
}

var elbv2ALBWAF = &Check{
	ID:           "elbv2-alb-waf",
	Service:      "elbv2",
	Title:        "Internet-facing application load balancers are protected by an AWS WAF web ACL",
	Severity:     finding.Medium,
	ResourceType: elbLBType,
	Rationale: "An internet-facing ALB hands every request to the application. Without a WAF web ACL nothing " +
		"filters SQL injection, XSS, Log4Shell-style payloads, WordPress xmlrpc and wp-login brute force, " +
		"bad bots or HTTP floods; security groups can only allow or deny whole ports. A web ACL with the AWS " +
		"managed rule groups and a rate-based rule stops the bulk of this at the load balancer, and its logs " +
		"show who is attacking.",
	Verify: "aws wafv2 get-web-acl-for-resource --resource-arn LB_ARN",
	Remediation: Remediation{
		Summary: "Associate a regional AWS WAF web ACL (AWS managed rules plus a rate-based rule) with the ALB.",
		Console: "EC2 > Load balancers > ALB > Integrations > AWS WAF > Associate web ACL (or create one with the AWSManagedRulesCommonRuleSet).",
		CLI:     "aws wafv2 associate-web-acl --web-acl-arn arn:aws:wafv2:us-east-1:111122223333:regional/webacl/alb-protection/ID --resource-arn LB_ARN",
		Terraform: "resource \"aws_wafv2_web_acl_association\" \"alb\" {\n  resource_arn = aws_lb.main.arn\n" +
			"  web_acl_arn  = aws_wafv2_web_acl.alb.arn\n}",
	},
	Seed: []string{"ddos", "wordpress-posture", "public-api-endpoint"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, lb := range r.Resources.LoadBalancers {
				if lb.LBType != "application" || lb.Scheme != "internet-facing" {
					continue
				}
				loc := At(a, r, lb)
				switch w := lb.WebACLARN; {
				case w == nil:
					c.Unknown(loc, "the load balancer's web ACL was not read", Ev(lb, "WebACLArn", w))
				case *w != "":
					c.Pass(loc, "protected by web ACL "+*w, Ev(lb, "WebACLArn", w))
				default:
					c.Fail(loc, fmt.Sprintf("internet-facing ALB %s (%s) has no WAF web ACL", lb.DisplayName(), orNone(lb.DNSName)),
						Ev(lb, "WebACLArn", "none"), Ev(lb, "Scheme", lb.Scheme))
				}
			}
		}
	},
}

var elbv2AccessLogs = &Check{
	ID:           "elbv2-access-logs",
	Service:      "elbv2",
	Title:        "Load balancers write access logs to S3",
	Severity:     finding.Low,
	ResourceType: elbLBType,
	Rationale: "Access logs are the only per-request record of traffic through a load balancer: client IP, " +
		"request line, user agent, TLS protocol and cipher, target and status. Without them you cannot tell " +
		"which clients probed the application, when an exploit attempt succeeded, which clients still use " +
		"old TLS versions, or reconstruct a 5XX spike. They are off by default and cannot be recovered later.",
	Verify: "aws elbv2 describe-load-balancer-attributes --load-balancer-arn LB_ARN --query " +
		"\"Attributes[?starts_with(Key,'access_logs.s3')]\"",
	Remediation: Remediation{
		Summary: "Enable access logs to an S3 bucket whose policy allows the ELB log delivery service.",
		Console: "EC2 > Load balancers > LB > Attributes > Edit > Monitoring: Access logs on, choose the S3 bucket and prefix.",
		CLI: "aws elbv2 modify-load-balancer-attributes --load-balancer-arn LB_ARN --attributes " +
			"Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=acme-elb-logs Key=access_logs.s3.prefix,Value=orders-alb",
		Terraform: "resource \"aws_lb\" \"main\" {\n  access_logs {\n    bucket  = aws_s3_bucket.elb_logs.id\n    prefix  = \"orders-alb\"\n" +
			"    enabled = true\n  }\n}",
	},
	Seed: []string{"log-storage-monitoring", "api-5xx-alerting"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, lb := range r.Resources.LoadBalancers {
				loc := At(a, r, lb)
				at := lb.Attributes
				switch {
				case at == nil:
					c.Unknown(loc, "load balancer attributes were not read", Ev(lb, "Attributes", at))
				case at.AccessLogsEnabled:
					c.Pass(loc, fmt.Sprintf("access logs go to s3://%s/%s", at.AccessLogsS3Bucket, at.AccessLogsS3Prefix),
						Ev(lb, "access_logs.s3.bucket", at.AccessLogsS3Bucket))
				default:
					c.Fail(loc, fmt.Sprintf("%s %s load balancer %s keeps no access logs", lb.Scheme, lb.LBType, lb.DisplayName()),
						Ev(lb, "access_logs.s3.enabled", false))
				}
			}
		}
	},
}
