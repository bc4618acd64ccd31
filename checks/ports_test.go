package checks

import (
	"strings"
	"testing"

	"github.com/awssec/awssec/finding"
)

// netSeverities maps each failing result's resource id to its severity.
func netSeverities(fs []finding.Finding) map[string]finding.Severity {
	m := map[string]finding.Severity{}
	for _, f := range fs {
		if f.Status == finding.Fail {
			m[f.ResourceID] = f.Severity
		}
	}
	return m
}

func TestKnownPortsSortedAndUnique(t *testing.T) {
	for i := 1; i < len(knownPorts); i++ {
		a, b := knownPorts[i-1], knownPorts[i]
		if a.Proto > b.Proto || (a.Proto == b.Proto && a.Port >= b.Port) {
			t.Errorf("knownPorts not sorted or duplicated at %s/%d, %s/%d", a.Proto, a.Port, b.Proto, b.Port)
		}
		if b.Name == "" || b.Category == "" {
			t.Errorf("%s/%d has no name or category", b.Proto, b.Port)
		}
	}
}

func TestExposure(t *testing.T) {
	for _, tc := range []struct {
		e    portExposure
		want string
		sev  finding.Severity
	}{
		{portExposure{"tcp", 22, 22}, "TCP 22 (SSH)", finding.High},
		{portExposure{"tcp", 3306, 3306}, "TCP 3306 (MySQL)", finding.High},
		{portExposure{"udp", 53, 53}, "UDP 53 (DNS)", finding.High},
		{portExposure{"tcp", 25, 25}, "TCP 25 (SMTP)", finding.High},
		{portExposure{"tcp", 6379, 6379}, "TCP 6379 (Redis)", finding.High},
		{portExposure{"tcp", 9200, 9200}, "TCP 9200 (Elasticsearch / OpenSearch)", finding.High},
		{portExposure{"tcp", 5672, 5672}, "TCP 5672 (AMQP (RabbitMQ))", finding.High},
		{portExposure{"tcp", 80, 80}, "TCP 80 (HTTP)", finding.Low},
		{portExposure{"tcp", 443, 443}, "TCP 443 (HTTPS)", finding.Low},
		{portExposure{"tcp", 3679, 3679}, "TCP 3679 (unassigned, often a typo for Redis 6379)", finding.Medium},
		{portExposure{"tcp", 9001, 9001}, "TCP 9001 (unassigned; Tor ORPort", finding.Medium},
		{portExposure{"tcp", 4444, 4444}, "TCP 4444 (no well-known service)", finding.Medium},
		{portExposure{"tcp", 3300, 3400}, "TCP 3300-3400 (includes MySQL 3306, RDP 3389)", finding.High},
		{portExposure{"tcp", 40000, 40100}, "TCP 40000-40100", finding.Medium},
		{portExposure{"tcp", 0, 65535}, "TCP 0-65535 (all ports)", finding.Critical},
		{portExposure{"all", 0, 0}, "all traffic", finding.Critical},
		{portExposure{"icmp", 0, 0}, "ICMP", finding.Low},
		{portExposure{"50", 0, 0}, "IP protocol 50", finding.Medium},
		{portExposure{"tcp", 1, 3000}, "and ", finding.High},
	} {
		if got := tc.e.String(); !strings.Contains(got, tc.want) {
			t.Errorf("%+v: String() = %q, want it to contain %q", tc.e, got, tc.want)
		}
		if got := tc.e.severity(); got != tc.sev {
			t.Errorf("%+v: severity %v, want %v", tc.e, got, tc.sev)
		}
	}
}

func TestNormProtocol(t *testing.T) {
	for in, want := range map[string]string{"-1": "all", "tcp": "tcp", "6": "tcp", "UDP": "udp", "17": "udp", "1": "icmp", "58": "icmpv6", "50": "50"} {
		if got := normProtocol(in); got != want {
			t.Errorf("normProtocol(%q) = %q, want %q", in, got, want)
		}
	}
}
