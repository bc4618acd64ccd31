package cli

import (
	"strings"
	"testing"

	"github.com/awssec/awssec/internal/cmdutil"
	"github.com/awssec/awssec/internal/iostreams"
	"github.com/awssec/awssec/interview/bank"
)

// TestBankCommandsExist holds the question bank to the CLI: every command
// a question names as its demonstration is a real awssec command, with
// flags it accepts.
func TestBankCommandsExist(t *testing.T) {
	qs, err := bank.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ios, _, _, _ := iostreams.Test()
	root := NewCmdRoot(&cmdutil.Factory{IOStreams: ios})
	for _, q := range qs {
		args := strings.Fields(q.Command)[1:]
		cmd, rest, err := root.Find(args)
		if err != nil || cmd == root {
			t.Errorf("%s: %q names no awssec command", q.ID, q.Command)
			continue
		}
		if !cmd.Runnable() {
			t.Errorf("%s: %q names a command group, not a command", q.ID, q.Command)
			continue
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Errorf("%s: %q: %v", q.ID, q.Command, err)
		}
	}
}
