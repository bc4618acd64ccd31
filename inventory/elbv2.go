package inventory

// LoadBalancer is an AWS::ElasticLoadBalancingV2::LoadBalancer.
type LoadBalancer struct {
	Meta `json:",inline"`
}

// Type returns "AWS::ElasticLoadBalancingV2::LoadBalancer".
func (*LoadBalancer) Type() string { return "AWS::ElasticLoadBalancingV2::LoadBalancer" }

// Listener is an AWS::ElasticLoadBalancingV2::Listener.
type Listener struct {
	Meta `json:",inline"`
}

// Type returns "AWS::ElasticLoadBalancingV2::Listener".
func (*Listener) Type() string { return "AWS::ElasticLoadBalancingV2::Listener" }
