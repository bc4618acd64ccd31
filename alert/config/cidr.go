package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// anyOctet matches one decimal octet, 0–255.
const anyOctet = `(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])`

// parseCIDR reads an IPv4 prefix ("198.51.100.0/24", or one address) in
// its canonical form. Matchers compare strings, so an address must be
// written as GuardDuty writes it: dotted decimal, no leading zeros.
func parseCIDR(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		s += "/32"
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return p, fmt.Errorf("%q is not a CIDR block (want 198.51.100.0/24)", s)
	}
	if !p.Addr().Is4() {
		return p, fmt.Errorf("%s: only IPv4 blocks are supported", s)
	}
	return p.Masked(), nil
}

// cidrRegexp returns the regular expression (for an anchored =~ matcher)
// that matches exactly the dotted-decimal addresses in the prefixes: the
// event model has string matchers, and a range of octets is an
// alternation of their values.
func cidrRegexp(prefixes []netip.Prefix) string {
	alts := make([]string, 0, len(prefixes))
	for _, p := range prefixes {
		o := p.Addr().As4()
		bits := p.Bits()
		parts := make([]string, 4)
		for i := range 4 {
			switch {
			case bits >= 8*(i+1):
				parts[i] = strconv.Itoa(int(o[i]))
			case bits <= 8*i:
				parts[i] = anyOctet
			default:
				free := 8*(i+1) - bits
				lo := int(o[i])
				var vals []string
				for v := lo; v < lo+1<<free; v++ {
					vals = append(vals, strconv.Itoa(v))
				}
				parts[i] = "(?:" + strings.Join(vals, "|") + ")"
			}
		}
		alts = append(alts, strings.Join(parts, `\.`))
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "(?:" + strings.Join(alts, ")|(?:") + ")"
}
