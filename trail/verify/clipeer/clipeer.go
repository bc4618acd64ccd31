// Package clipeer runs `aws cloudtrail validate-logs` of the AWS CLI v2
// (Debian's awscli package, /usr/bin/aws) as a separate process against a
// local endpoint, and reads its verdicts: the peer that the verifier's
// parity test and benchmark compare with.
package clipeer

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Path is the Debian AWS CLI v2. The `aws` first on PATH may be another CLI.
const Path = "/usr/bin/aws"

// Available reports whether the CLI is installed.
func Available() bool {
	_, err := os.Stat(Path)
	return err == nil
}

// plugin gives every client the endpoint: CLI 2.9 reads no
// AWS_ENDPOINT_URL, and validate-logs passes --endpoint-url to its
// CloudTrail client only, not to its S3 and Organizations clients.
const plugin = `import os


def awscli_initialize(cli):
    cli.register('session-initialized', _endpoint)


def _endpoint(session, **kwargs):
    create = session.create_client

    def create_client(*args, **kw):
        if kw.get('endpoint_url') is None:
            kw['endpoint_url'] = os.environ['AWSSEC_PEER_ENDPOINT']
        return create(*args, **kw)

    session.create_client = create_client
`

// Peer is a configured CLI: its config directory (region, path-style S3,
// the endpoint plugin) and the credentials it signs with.
type Peer struct {
	Dir, Endpoint, AccessKey, Secret string
}

// New writes the CLI's configuration into dir.
func New(dir, endpoint, accessKey, secret string) (*Peer, error) {
	config := "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n\n[plugins]\ncli_legacy_plugin_path = " + dir +
		"\nawssec_endpoint = awssec_endpoint\n"
	// An empty credentials file of its own: credentials come from the
	// environment only.
	for name, content := range map[string]string{"awssec_endpoint.py": plugin, "config": config, "credentials": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	return &Peer{Dir: dir, Endpoint: endpoint, AccessKey: accessKey, Secret: secret}, nil
}

// Run is one validate-logs run.
type Run struct {
	TrailARN, Region, Account string
	Start, End                time.Time
}

// Validate runs validate-logs --verbose and returns its verdict on each
// object ("valid" or "invalid", by s3:// URI) and its output.
func (p *Peer) Validate(ctx context.Context, r Run) (map[string]string, string, error) {
	args := []string{"cloudtrail", "validate-logs", "--trail-arn", r.TrailARN, "--region", r.Region, "--endpoint-url", p.Endpoint,
		"--start-time", r.Start.UTC().Format(time.RFC3339), "--end-time", r.End.UTC().Format(time.RFC3339), "--verbose"}
	if r.Account != "" {
		args = append(args, "--account-id", r.Account)
	}
	cmd := exec.CommandContext(ctx, Path, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + p.Dir, "AWS_CONFIG_FILE=" + filepath.Join(p.Dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(p.Dir, "credentials"), "AWS_ACCESS_KEY_ID=" + p.AccessKey, "AWS_SECRET_ACCESS_KEY=" + p.Secret,
		"AWSSEC_PEER_ENDPOINT=" + p.Endpoint, "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER="}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	output := "aws " + strings.Join(args, " ") + "\nstdout:\n" + stdout.String() + "stderr:\n" + stderr.String()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) { // 1: something invalid
		return nil, output, fmt.Errorf("aws cloudtrail validate-logs: %v", err)
	}
	out := map[string]string{}
	for _, stream := range []*bytes.Buffer{&stdout, &stderr} {
		sc := bufio.NewScanner(stream)
		for sc.Scan() {
			parts := strings.SplitN(sc.Text(), "\t", 3)
			if len(parts) != 3 || (parts[0] != "Digest file" && parts[0] != "Log file") {
				continue
			}
			if parts[2] == "valid" {
				out[parts[1]] = "valid"
			} else {
				out[parts[1]] = "invalid"
			}
		}
	}
	return out, output, nil
}
