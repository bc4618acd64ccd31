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

func TestSecurityHub(t *testing.T) {
	f, err := SecurityHub(matchers(t, `source = "aws.guardduty"`, `type =~ "Recon:EC2/Portscan|Impact:EC2/PortSweep"`,
		`resource.tag.role = scanner`, `account != "111122223333"`, `severity_label = "high"`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(f)
	want := `{"AwsAccountId":[{"Value":"111122223333","Comparison":"NOT_EQUALS"}],` +
		`"ProductName":[{"Value":"GuardDuty","Comparison":"EQUALS"}],` +
		`"ResourceTags":[{"Key":"role","Value":"scanner","Comparison":"EQUALS"}],` +
		`"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"}],` +
		`"Type":[{"Value":"/Recon:EC2-Portscan","Comparison":"CONTAINS"},{"Value":"/Impact:EC2-PortSweep","Comparison":"CONTAINS"}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	// A Security Hub silence keeps the ASFF type as it is.
	f, err = SecurityHub(matchers(t, `source = "aws.securityhub"`, `type = "Software and Configuration Checks/AWS Security Best Practices"`, `workflow = NEW`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(f)
	want = `{"Type":[{"Value":"Software and Configuration Checks/AWS Security Best Practices","Comparison":"EQUALS"}],"WorkflowStatus":[{"Value":"NEW","Comparison":"EQUALS"}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	for _, bad := range []struct {
		ms   []string
		want string
	}{
		{[]string{`type =~ "Recon:.*"`}, "not regular expressions"},
		{[]string{`severity >= 7`}, "by label"},
		{[]string{`source = "aws.cloudwatch"`, `alarm = x`}, "no findings from aws.cloudwatch"},
		{[]string{`alarm = "orders-5xx"`}, `no equivalent of "alarm"`},
		{[]string{`region = "us-east-1"`}, `no equivalent of "region"`},
		{[]string{`source = "aws.securityhub"`}, "every finding"},
	} {
		if _, err := SecurityHub(matchers(t, bad.ms...)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v: %v, want an error with %q", bad.ms, err, bad.want)
		}
	}
}
