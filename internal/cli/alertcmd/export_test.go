package alertcmd

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
)

// TestSilenceExport prints the GuardDuty filter for review, and with
// --apply creates it through the real SDK client against the double.
func TestSilenceExport(t *testing.T) {
	state := filepath.Join(t.TempDir(), "s.db")
	r := runAlert(t, "", "silence", "add", "--state", state, "--match", "type=Recon:EC2/Portscan", "--match", "resource.tag.role=scanner",
		"--for", "30d", "--reason", "scanners scan", "--author", "alice")
	id := strings.TrimSpace(r.stdout)
	p := runAlert(t, "", "silence", "export", "--state", state, id)
	if p.code != 0 || !strings.Contains(p.stdout, "aws guardduty create-filter --detector-id \"$DETECTOR_ID\" --name awssec-"+id+" --action ARCHIVE") ||
		!strings.Contains(p.stdout, `"type":{"Equals":["Recon:EC2/Portscan"]}`) {
		t.Fatalf("print: %d %s %s", p.code, p.stdout, p.stderr)
	}

	srv := awstest.New(t)
	srv.Serve(demo.Estate())
	var mu sync.Mutex
	var bodies []string
	srv.Route("guardduty", "POST", "/detector/{DetectorId}/filter", "CreateFilter", func(r *awstest.Request) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		bodies = append(bodies, r.String("DetectorId")+" "+string(r.Body))
		return awstest.M{"name": r.String("name")}, nil
	})
	awsCfg := srv.Config(t, demo.ProdAccount)
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Now: time.Now, ReadFile: os.ReadFile,
		AWSConfig: func(context.Context, string, string) (aws.Config, error) { return awsCfg, nil }}
	err := silenceExportRun(&SilenceExportOptions{Factory: f, State: stateFlags{State: state}, ID: id, Apply: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if len(bodies) == 0 || !strings.Contains(out.String(), "created filter awssec-"+id) {
		t.Fatalf("created %q, out %s", bodies, out)
	}
	var req struct {
		Action          string `json:"action"`
		FindingCriteria struct {
			Criterion map[string]map[string][]string `json:"criterion"`
		} `json:"findingCriteria"`
	}
	_, body, _ := strings.Cut(bodies[0], " ")
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		t.Fatal(err)
	}
	if req.Action != "ARCHIVE" || req.FindingCriteria.Criterion["resource.instanceDetails.tags.value"]["equals"][0] != "scanner" {
		t.Errorf("CreateFilter body %s", body)
	}
}
