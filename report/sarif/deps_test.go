package sarif

import (
	"os/exec"
	"strings"
	"testing"
)

// TestRenderersStayPure: the report renderers, like the report package,
// import neither the AWS SDK nor HTTP; only the Security Hub import does.
func TestRenderersStayPure(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps",
		"github.com/awssec/awssec/report/sarif", "github.com/awssec/awssec/report/ocsf",
		"github.com/awssec/awssec/report/asff", "github.com/awssec/awssec/report/html").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || strings.HasPrefix(dep, "github.com/aws/") {
			t.Errorf("a renderer depends on %s", dep)
		}
	}
}
