package inventory

import "time"

// LoadBalancer is an AWS::ElasticLoadBalancingV2::LoadBalancer: an
// Application, Network or Gateway Load Balancer, as
// elasticloadbalancing:DescribeLoadBalancers returns it. Meta.ID is its ARN,
// Meta.Name its name.
type LoadBalancer struct {
	Meta `json:",inline"`
	// LBType is "application", "network" or "gateway".
	LBType string `json:"lbType"`
	// Scheme is "internet-facing" or "internal".
	Scheme         string    `json:"scheme"`
	DNSName        string    `json:"dnsName,omitzero"`
	VPCID          string    `json:"vpcId,omitzero"`
	SecurityGroups []string  `json:"securityGroups,omitzero"`
	Subnets        []string  `json:"subnets,omitzero"`
	IPAddressType  string    `json:"ipAddressType,omitzero"` // "ipv4", "dualstack"
	CreatedTime    time.Time `json:"createdTime,omitzero"`
	// Attributes are from DescribeLoadBalancerAttributes; nil when not read.
	Attributes *LoadBalancerAttributes `json:"attributes,omitzero"`
	// WebACLARN is the AWS WAF web ACL associated with the load balancer
	// (wafv2:GetWebACLForResource): nil when not read, empty when none.
	WebACLARN *string `json:"webAclArn,omitzero"`
}

// Type returns "AWS::ElasticLoadBalancingV2::LoadBalancer".
func (*LoadBalancer) Type() string { return "AWS::ElasticLoadBalancingV2::LoadBalancer" }

// LoadBalancerAttributes are the load balancer attributes awssec reads.
type LoadBalancerAttributes struct {
	// DropInvalidHeaderFields is routing.http.drop_invalid_header_fields.enabled
	// (application load balancers only).
	DropInvalidHeaderFields bool `json:"dropInvalidHeaderFields,omitzero"`
	// DesyncMitigationMode is routing.http.desync_mitigation_mode:
	// "monitor", "defensive" or "strictest".
	DesyncMitigationMode string `json:"desyncMitigationMode,omitzero"`
	// DeletionProtection is deletion_protection.enabled.
	DeletionProtection bool `json:"deletionProtection,omitzero"`
	// AccessLogsEnabled is access_logs.s3.enabled.
	AccessLogsEnabled  bool   `json:"accessLogsEnabled,omitzero"`
	AccessLogsS3Bucket string `json:"accessLogsS3Bucket,omitzero"`
	AccessLogsS3Prefix string `json:"accessLogsS3Prefix,omitzero"`
}

// Listener is an AWS::ElasticLoadBalancingV2::Listener, as
// elasticloadbalancing:DescribeListeners returns it. Meta.ID is its ARN.
type Listener struct {
	Meta            `json:",inline"`
	LoadBalancerARN string `json:"loadBalancerArn"`
	// Protocol is "HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP" or "GENEVE".
	Protocol string `json:"protocol"`
	Port     int    `json:"port"`
	// SSLPolicy is the security policy of an HTTPS or TLS listener:
	// "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-2016-08", ...
	SSLPolicy string `json:"sslPolicy,omitzero"`
	// Certificates are the ARNs of the listener's server certificates.
	Certificates   []string         `json:"certificates,omitzero"`
	DefaultActions []ListenerAction `json:"defaultActions,omitzero"`
}

// Type returns "AWS::ElasticLoadBalancingV2::Listener".
func (*Listener) Type() string { return "AWS::ElasticLoadBalancingV2::Listener" }

// ListenerAction is one of a listener's default actions.
type ListenerAction struct {
	// Type is "forward", "redirect", "fixed-response",
	// "authenticate-oidc" or "authenticate-cognito".
	Type           string `json:"type"`
	Order          int    `json:"order,omitzero"`
	TargetGroupARN string `json:"targetGroupArn,omitzero"`
	// RedirectConfig is set for redirect actions.
	RedirectConfig *ListenerRedirect `json:"redirectConfig,omitzero"`
	// FixedResponseStatusCode is FixedResponseConfig.StatusCode ("403")
	// for fixed-response actions.
	FixedResponseStatusCode string `json:"fixedResponseStatusCode,omitzero"`
}

// ListenerRedirect is a redirect action's RedirectConfig.
type ListenerRedirect struct {
	Protocol   string `json:"protocol,omitzero"` // "HTTPS", "HTTP" or "#{protocol}"
	Port       string `json:"port,omitzero"`     // "443" or "#{port}"
	Host       string `json:"host,omitzero"`
	Path       string `json:"path,omitzero"`
	Query      string `json:"query,omitzero"`
	StatusCode string `json:"statusCode,omitzero"` // "HTTP_301" or "HTTP_302"
}
