package mail_test

import (
	"strings"
	"testing"

	"github.com/awssec/awssec/internal/mail"
)

// FuzzParseSMTPURL: any --smtp-url is accepted as smtp[s]://[user@]host[:port]
// or refused with a one-line error that never repeats a password.
func FuzzParseSMTPURL(f *testing.F) {
	for _, s := range []string{"smtp://mail.example.com", "smtps://u@mail.example.com:465", "smtp://u:hunter2@h", "http://h",
		"smtp://[::1]:25", "smtp://h:0", "smtp://h/path?x=1", "smtp://%zz", "smtp://u:@h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		host, port, _, user, err := mail.ParseSMTPURL(raw)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			if strings.Contains(raw, "hunter2") && strings.Contains(err.Error(), "hunter2") && strings.Contains(err.Error(), "password") {
				t.Fatalf("error repeats the password: %q", err)
			}
			return
		}
		if host == "" || port < 1 || port > 65535 || strings.ContainsAny(user, ":") {
			t.Fatalf("%q: host %q port %d user %q", raw, host, port, user)
		}
	})
}

// FuzzParseAddress: an accepted address is a bare addr-spec with no line
// breaks, so it can never smuggle a header.
func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"secops@example.com", "Sec Ops <a@b.c>", "a@b\r\nBcc: x@y", "\"q\"@example.com", "@", "a@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		addr, err := mail.ParseAddress("--to", s)
		if err != nil {
			return
		}
		if strings.ContainsAny(addr, "\r\n<>") || !strings.Contains(addr, "@") {
			t.Fatalf("%q accepted as %q", s, addr)
		}
	})
}
