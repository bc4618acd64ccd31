package awsverify_test

import (
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/trail/verify"
	"github.com/awssec/awssec/trail/verify/awsverify"
	"github.com/awssec/awssec/trail/verify/chaingen"
	"github.com/awssec/awssec/trail/verify/clipeer"
)

// findsMore lists, by scenario, what awssec reports that `aws cloudtrail
// validate-logs` does not: the check ids behind each object awssec judges
// invalid while the CLI says valid or does not look at it.
var findsMore = map[string][]string{
	// A digest or log file that no authentic digest lists is invisible
	// to the CLI, which only reads what digests list.
	"forged-digest":  {verify.CheckUncovered},
	"deleted-digest": {verify.CheckUncovered},
	// The CLI skips from the missing digest to the next one it lists and
	// reports one missing digest; awssec reports every missing hour.
	"two-deleted-digests":    {verify.CheckDeleted, verify.CheckUncovered},
	"bad-signature-encoding": {verify.CheckUncovered},
	// No digest points at the newest ones: the CLI starts from the
	// newest it finds and never notices them gone.
	"deleted-newest-digests": {verify.CheckDeleted, verify.CheckUncovered},
	"unknown-key":            {verify.CheckUncovered},
	// An authentic digest put in another's place: the CLI checks each
	// signature alone and never compares previousDigestHashValue and
	// previousDigestSignature with the previous digest.
	"replaced-digest": {verify.CheckChain, verify.CheckUncovered},
	// Python's zlib stops at the end of the first gzip member: data
	// appended after it is never hashed, so the CLI calls the file valid.
	"log-trailing-gzip-member":    {verify.CheckLogHash},
	"digest-trailing-gzip-member": {verify.CheckSignature},
	"uncovered-log":               {verify.CheckUncovered},
	"log-while-stopped":           {verify.CheckUncovered},
}

// notJudged lists, by scenario, why awssec gives no verdict on objects
// the CLI judges.
var notJudged = map[string]string{
	// awssec rejects the digest, so the hashes it lists are not trusted
	// and its log files are not judged by them; the CLI judges them.
	"digest-trailing-gzip-member": "listed by a digest awssec rejects",
}

// cliRuns are the validate-logs runs that cover the fixture: the
// account trail in both regions, the organization trail for its member.
var cliRuns = []clipeer.Run{
	{TrailARN: chaingen.TrailARN(), Region: "us-east-1"},
	{TrailARN: chaingen.TrailARN(), Region: "eu-west-1"},
	{TrailARN: chaingen.OrgTrailARN(), Region: "us-east-1", Account: chaingen.MemberAccount},
}

// TestParityWithAWSCLI runs `aws cloudtrail validate-logs` (a separate
// process) and awssec against the same double for every scenario, and
// requires the same verdict on every object both judge; where awssec
// finds more, the finding must be one findsMore lists.
func TestParityWithAWSCLI(t *testing.T) {
	if !clipeer.Available() {
		if os.Getenv("AWSSEC_SKIP_PEERS") == "1" {
			t.Skip("AWSSEC_SKIP_PEERS=1: not comparing with the AWS CLI")
		}
		t.Fatalf("%s not found: run scripts/test, which installs Debian's awscli (or set AWSSEC_SKIP_PEERS=1)", clipeer.Path)
	}
	if testing.Short() {
		t.Skip("runs the AWS CLI about 40 times")
	}
	for _, sc := range chaingen.Scenarios() {
		if sc.Name == "missing-public-key" {
			continue // the CLI stops with "No public keys found": no verdicts to compare
		}
		t.Run(sc.Name, func(t *testing.T) {
			f := fixture()
			sc.Damage(f)
			srv := awstest.New(t)
			chaingen.Serve(srv, f)
			cfg := srv.Config(t, chaingen.Account)
			res, err := verify.Run(awstest.Context(t), awsverify.NewS3Store(cfg), options(awsverify.PublicKeys(cfg)))
			if err != nil {
				t.Fatal(err)
			}
			ours := res.Verdicts()
			why := map[string][]string{}
			for _, fd := range res.Findings {
				if fd.Status == finding.Fail {
					why[fd.ResourceID] = append(why[fd.ResourceID], fd.CheckID)
				}
			}
			key, secret := srv.Credentials(chaingen.Account)
			peer, err := clipeer.New(t.TempDir(), srv.URL, key, secret)
			if err != nil {
				t.Fatal(err)
			}
			theirs := map[string]string{}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for _, run := range cliRuns {
				wg.Go(func() {
					run.Start, run.End = chaingen.Start, chaingen.Start.Add(chaingen.Hours*time.Hour)
					v, output, err := peer.Validate(awstest.Context(t), run)
					if err != nil {
						t.Errorf("%v\n%s", err, output)
					} else if os.Getenv("AWSSEC_PARITY_DEBUG") != "" {
						t.Log(output)
					}
					mu.Lock()
					defer mu.Unlock()
					for uri, verdict := range v {
						if theirs[uri] != "invalid" {
							theirs[uri] = verdict
						}
					}
				})
			}
			wg.Wait()
			if len(theirs) == 0 {
				t.Fatal("the AWS CLI judged nothing")
			}
			both := 0
			for uri, cli := range theirs {
				got, ok := ours[uri]
				if !ok {
					if reason := notJudged[sc.Name]; reason != "" {
						t.Logf("%s: the CLI says %s; awssec does not judge it: %s", uri, cli, reason)
					} else {
						t.Errorf("%s: the CLI says %s, awssec says nothing", uri, cli)
					}
					continue
				}
				both++
				if got == cli {
					continue
				}
				if cli == "invalid" {
					t.Errorf("%s: the CLI says invalid, awssec says valid", uri)
				} else if !explained(sc.Name, why[uri]) {
					t.Errorf("%s: awssec says invalid (%v), the CLI valid, and findsMore does not list it", uri, why[uri])
				}
			}
			more := 0
			for uri, got := range ours {
				if _, ok := theirs[uri]; !ok && got == "invalid" {
					more++
					if !explained(sc.Name, why[uri]) {
						t.Errorf("%s: only awssec judges it (%v), and findsMore does not list it", uri, why[uri])
					}
				}
			}
			t.Logf("%d objects judged by both, same verdicts; %d more found by awssec", both, more)
		})
	}
}

func explained(scenario string, checks []string) bool {
	if len(checks) == 0 {
		return false
	}
	for _, c := range checks {
		if !slices.Contains(findsMore[scenario], c) {
			return false
		}
	}
	return true
}
