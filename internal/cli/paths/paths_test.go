package paths

import (
	"errors"
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/internal/cmdutil"
)

func TestVerdict(t *testing.T) {
	crit := finding.Path{Severity: finding.Critical}
	high := finding.Path{Severity: finding.High}
	notAssessed := []finding.Finding{{Status: finding.Error}}
	for _, tc := range []struct {
		name    string
		paths   []finding.Path
		results []finding.Finding
		failOn  finding.Severity
		code    int
	}{
		{"no gate", []finding.Path{crit}, nil, 0, cmdutil.ExitOK},
		{"at the gate", []finding.Path{high}, nil, finding.High, cmdutil.ExitThreshold},
		{"below the gate", []finding.Path{high}, nil, finding.Critical, cmdutil.ExitOK},
		{"not assessed", nil, notAssessed, 0, cmdutil.ExitPartial},
		{"gate wins", []finding.Path{crit}, notAssessed, finding.High, cmdutil.ExitThreshold},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := verdict(tc.paths, tc.results, tc.failOn)
			if got := cmdutil.ExitCode(err); got != tc.code {
				t.Errorf("exit code %d (%v), want %d", got, err, tc.code)
			}
		})
	}
	var te *cmdutil.ThresholdError
	if err := verdict([]finding.Path{crit, crit}, nil, finding.Critical); !errors.As(err, &te) || te.Msg != "2 attack paths at or above critical" {
		t.Errorf("threshold message: %v", err)
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		paths []finding.Path
		want  string
	}{
		{nil, "0 attack paths"},
		{[]finding.Path{{Severity: finding.High}}, "1 attack path (1 high)"},
		{[]finding.Path{{Severity: finding.High}, {Severity: finding.Critical}, {Severity: finding.Critical}}, "3 attack paths (2 critical, 1 high)"},
	} {
		if got := summary(tc.paths); got != tc.want {
			t.Errorf("summary = %q, want %q", got, tc.want)
		}
	}
}
