package config

import (
	"fmt"
	"net/netip"
	"regexp"
	"testing"
)

// TestCIDRRegexp checks the expression against net/netip's own answer for
// every address around the blocks' edges.
func TestCIDRRegexp(t *testing.T) {
	for _, blocks := range [][]string{
		{"198.51.100.0/24"}, {"203.0.113.77"}, {"10.0.0.0/8"}, {"192.0.2.128/25", "100.64.0.0/10"}, {"0.0.0.0/0"}, {"172.16.4.0/22"},
	} {
		var ps []netip.Prefix
		for _, b := range blocks {
			p, err := parseCIDR(b)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		re := regexp.MustCompile("^(?:" + cidrRegexp(ps) + ")$")
		for _, p := range ps {
			base := p.Addr().As4()
			for _, delta := range []int{-257, -256, -2, -1, 0, 1, 2, 127, 128, 255, 256, 1023, 1024, 1 << 16, 1 << 22} {
				n := int(base[0])<<24 | int(base[1])<<16 | int(base[2])<<8 | int(base[3])
				n += delta
				if n < 0 || n > 1<<32-1 {
					continue
				}
				addr := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
				want := false
				for _, q := range ps {
					want = want || q.Contains(addr)
				}
				if got := re.MatchString(addr.String()); got != want {
					t.Errorf("%v: %s matched %v, want %v", blocks, addr, got, want)
				}
			}
		}
		for _, notIP := range []string{"", "198.51.100", "198.51.100.1.2", "198.51.100.001", "x"} {
			if re.MatchString(notIP) && blocks[0] != "0.0.0.0/0" {
				t.Errorf("%v matched %q", blocks, notIP)
			}
		}
	}
	for _, bad := range []string{"198.51.100.0/33", "2001:db8::/32", "egress", "198.51.100.0/24x"} {
		if _, err := parseCIDR(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func ExampleSuppression_Matchers() {
	cfg, err := Parse("alerts.yaml", []byte(`route: {receiver: r}
receivers: [{name: r}]
suppressions:
  - kind: egress-ip
    cidrs: [198.51.100.0/30, 203.0.113.9]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range cfg.Suppressions[0].Matchers() {
		fmt.Println(m)
	}
	// Output:
	// source = "aws.guardduty"
	// type =~ "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS|UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS"
	// source_ip =~ "(?:198\\.51\\.100\\.(?:0|1|2|3))|(?:203\\.0\\.113\\.9)"
}
