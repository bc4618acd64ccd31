package suppress

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/awssec/awssec/alert/config"
)

func matchers(t *testing.T, ss ...string) config.Matchers {
	var ms config.Matchers
	for _, s := range ss {
		m, err := config.ParseMatcher(s)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	return ms
}

func TestGuardDuty(t *testing.T) {
	c, err := GuardDuty(matchers(t, `source = "aws.guardduty"`, `type =~ "Recon:EC2/Portscan|Impact:EC2/PortSweep"`, `resource.tag.role = scanner`, `severity < 7`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(c)
	want := `{"Criterion":{"resource.instanceDetails.tags.key":{"Equals":["role"]},"resource.instanceDetails.tags.value":{"Equals":["scanner"]},"severity":{"LessThan":7},"type":{"Equals":["Impact:EC2/PortSweep","Recon:EC2/Portscan"]}}}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	for _, bad := range [][]string{
		{`type =~ "Recon:.*"`},
		{`source = "aws.securityhub"`, `type = x`},
		{`title = "x"`},
		{`source = "aws.guardduty"`},
	} {
		if _, err := GuardDuty(matchers(t, bad...)); err == nil || !strings.Contains(err.Error(), "GuardDuty") && !strings.Contains(err.Error(), "every finding") {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
