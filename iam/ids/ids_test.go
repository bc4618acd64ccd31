package ids

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseEveryPrefix parses one id of each prefix in AWS's table. The
// ids are AWS's documentation examples where it has one.
func TestParseEveryPrefix(t *testing.T) {
	tests := []struct {
		id   string
		want Info
	}{
		{"ABIAQAAAAAAAGMKEM7X5", Info{Type: BearerToken, Entity: "AWS STS service bearer token", Credential: true, Temporary: true}},
		{"ACCAEXAMPLE123EXAMPLE", Info{Type: ContextCredential, Entity: "Context-specific credential", Credential: true}},
		{"AGPAJ2UCCR6DPCEXAMPLE", Info{Type: Group, Entity: "Group"}},
		{"AIDAJQABLZS4A3QDU576Q", Info{Type: User, Entity: "IAM user", Principal: true}},
		{"AIPAD5ARO2C5EXAMPLE3G", Info{Type: InstanceProfile, Entity: "Amazon EC2 instance profile"}},
		{"AKIARZPUZDIKGB2VALC4", Info{Type: AccessKey, Entity: "Access key", Credential: true, Account: "123456789012"}},
		{"ANPAJ2UCCR6DPCEXAMPLE", Info{Type: ManagedPolicy, Entity: "Managed policy"}},
		{"ANVAJ2UCCR6DPCEXAMPLE", Info{Type: PolicyVersion, Entity: "Version in a managed policy"}},
		{"APKAEIBAERJR2EXAMPLE", Info{Type: PublicKey, Entity: "Public key", Credential: true}},
		{"AROADBQP57FF2AEXAMPLE", Info{Type: Role, Entity: "Role", Principal: true}},
		{"ASCACKCEVSQ6C2EXAMPLE", Info{Type: Certificate, Entity: "Certificate"}},
		{"ASIAY34FZKBOKMUTVV7A", Info{Type: TemporaryAccessKey, Entity: "Temporary (AWS STS) keys", Credential: true, Temporary: true, Account: "609629065308"}},
		{"AAGAJ2UCCR6DPCEXAMPLE", Info{Type: ActionGroup, Entity: "Action group"}},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		got, err := Parse(tt.id)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.id, err)
			continue
		}
		tt.want.ID, tt.want.Prefix = tt.id, tt.id[:4]
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.id, diff)
		}
		if got.Summary() == "" || len(got.Guidance()) == 0 {
			t.Errorf("Parse(%q): no summary or guidance", tt.id)
		}
		covered[tt.id[:4]] = true
	}
	for _, p := range Prefixes() {
		if !covered[p.Prefix] {
			t.Errorf("prefix %s has no test", p.Prefix)
		}
	}
}

// TestPrefixTable checks the table against AWS's list as the IAM User
// Guide gives it, so that an edit cannot drop or rename a row unnoticed.
func TestPrefixTable(t *testing.T) {
	var got []string
	for _, p := range Prefixes() {
		got = append(got, p.Prefix+" "+p.Entity)
	}
	want := []string{
		"ABIA AWS STS service bearer token",
		"ACCA Context-specific credential",
		"AGPA Group",
		"AIDA IAM user",
		"AIPA Amazon EC2 instance profile",
		"AKIA Access key",
		"ANPA Managed policy",
		"ANVA Version in a managed policy",
		"APKA Public key",
		"AROA Role",
		"ASCA Certificate",
		"ASIA Temporary (AWS STS) keys",
		"AAGA Action group",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("prefix table (-want +got):\n%s", diff)
	}
	types := map[Type]bool{}
	for _, p := range Prefixes() {
		if types[p.Type] {
			t.Errorf("type %s twice", p.Type)
		}
		types[p.Type] = true
		if p.Credential && p.Principal {
			t.Errorf("%s is both a credential and a principal", p.Prefix)
		}
	}
}

// TestKeyAccount decodes the account from access key ids whose accounts
// were published: by Aidan Steele and Tal Beery (ASIAY34FZKBOKMUTVV7A),
// and by LocalStack, whose emulator reproduces AWS's encoding.
func TestKeyAccount(t *testing.T) {
	tests := []struct {
		key         string
		account     string
		legacy, ok  bool
		description string
	}{
		{"ASIAY34FZKBOKMUTVV7A", "609629065308", false, true, "Aidan Steele's example session key"},
		{"AKIARZPUZDIKGB2VALC4", "123456789012", false, true, "LocalStack: AWS's example account"},
		{"ASIAQAAAAAAAGMKEM7X5", "000000000000", false, true, "LocalStack: account zero"},
		{"ASIAQNZGKIQY56JQ7WML", "029608264753", false, true, "Tal Beery's example; leading zero kept"},
		{"AKIAIOSFODNN7EXAMPLE", "", true, false, "AWS's documentation example: older generation"},
		{"AKIAJ2UCCR6DPCEXAMPL", "", true, false, "J: older generation"},
		{"AKIAI44QH8DHBEXAMPLE", "", true, false, "AWS's other documentation example, with an 8"},
		{"AKIAZ8AAAAAAAAAAAAAA", "", false, false, "an 8 in the account bits: not a real key"},
		{"AKIA7777777777777777", "", false, false, "bits above any 12-digit account"},
		{"AIDAY34FZKBOKMUTVV7A", "", false, false, "not an access key id"},
		{"ASIAY34FZKBOKMUTVV7", "", false, false, "19 characters"},
	}
	for _, tt := range tests {
		account, legacy, ok := KeyAccount(tt.key)
		if account != tt.account || legacy != tt.legacy || ok != tt.ok {
			t.Errorf("KeyAccount(%q) (%s) = %q, %v, %v; want %q, %v, %v",
				tt.key, tt.description, account, legacy, ok, tt.account, tt.legacy, tt.ok)
		}
	}
}

// TestKeyAccountBits checks the decoding bit by bit: every one of the 40
// account bits lands where it should, whatever the characters after them.
func TestKeyAccountBits(t *testing.T) {
	for bit := range 40 {
		n := uint64(1) << bit
		if n > 999_999_999_999 {
			continue
		}
		// Bits 20–60: a 1 (generation), then the account, then 4 bits of
		// the thirteenth character that must not matter.
		v := 1<<44 | n<<4 | 0b1111
		var key [20]byte
		copy(key[:], "AKIA")
		for i := 12; i >= 4; i-- {
			key[i] = base32Alphabet[v&31]
			v >>= 5
		}
		for i := 13; i < 20; i++ {
			key[i] = '7'
		}
		account, _, ok := KeyAccount(string(key[:]))
		if want := strings.Repeat("0", 12-len(itoa(n))) + itoa(n); !ok || account != want {
			t.Errorf("bit %d: KeyAccount(%s) = %q, %v; want %s", bit, key, account, ok, want)
		}
	}
}

var idOrColon = regexp.MustCompile(`^[A-Z0-9:]+$`)

func itoa(n uint64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestParsePrincipalIDs(t *testing.T) {
	tests := []struct {
		id   string
		want Info
	}{
		{"AROADBQP57FF2AEXAMPLE:alice@example.com", Info{Type: RoleSession, Prefix: "AROA", Entity: "Role session",
			Principal: true, Temporary: true, RoleID: "AROADBQP57FF2AEXAMPLE", Session: "alice@example.com"}},
		{"AROADBQP57FF2AEXAMPLE:i-0123456789abcdef0", Info{Type: RoleSession, Prefix: "AROA", Entity: "Role session",
			Principal: true, Temporary: true, RoleID: "AROADBQP57FF2AEXAMPLE", Session: "i-0123456789abcdef0"}},
		{"123456789012", Info{Type: Account, Entity: "AWS account (root user)", Principal: true, Account: "123456789012"}},
		{"123456789012:Bob", Info{Type: FederatedUser, Entity: "AWS STS federated user session", Principal: true,
			Temporary: true, Account: "123456789012", Session: "Bob"}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.id)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.id, err)
			continue
		}
		tt.want.ID = tt.id
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.id, diff)
		}
	}
	if s, _ := Parse("AROADBQP57FF2AEXAMPLE:i-0123456789abcdef0"); !strings.Contains(s.Summary(), "EC2 instance i-0123456789abcdef0") {
		t.Errorf("an instance's role session is not called one: %s", s.Summary())
	}
}

func TestParseLegacyKey(t *testing.T) {
	got, err := Parse("AKIAIOSFODNN7EXAMPLE")
	if err != nil {
		t.Fatal(err)
	}
	if !got.LegacyKey || got.Account != "" {
		t.Errorf("AKIAIOSFODNN7EXAMPLE: LegacyKey %v, Account %q; want true, none", got.LegacyKey, got.Account)
	}
	if g := strings.Join(got.Guidance(), "\n"); !strings.Contains(g, "aws sts get-access-key-info --access-key-id AKIAIOSFODNN7EXAMPLE") {
		t.Errorf("no way to find the account of a legacy key:\n%s", g)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		id   string
		want error
		msg  string
	}{
		{"", ErrEmpty, "empty id"},
		{"AKIA", ErrLength, `"AKIA": an access key id has 20 characters, this has 4`},
		{"AKIAIOSFODNN7EXAMPLEX", ErrLength, `"AKIAIOSFODNN7EXAMPLEX": an access key id has 20 characters, this has 21`},
		{"AIDA123", ErrLength, `"AIDA123": AIDA ids have 16 to 128 characters, this has 7`},
		{"AK", ErrLength, `"AK": too short for an id (2 characters)`},
		{"AXYZJQABLZS4A3QDU576Q", ErrPrefix, `"AXYZJQABLZS4A3QDU576Q": unknown prefix "AXYZ" (AWS's unique ids begin with ABIA, ACCA, AGPA, AIDA, AIPA, AKIA, ANPA, ANVA, APKA, AROA, ASCA, ASIA, AAGA)`},
		{"akiaiosfodnn7example", ErrCharset, "ids are upper-case letters and digits (this one is in lower case)"},
		{"AIDA-JQABLZS4A3QDU576", ErrCharset, "ids are upper-case letters and digits"},
		{"AKIAIOSFODNN7EXAMPLE:bob", ErrSession, `"AKIAIOSFODNN7EXAMPLE:…": only a role id (AROA…) or an account id comes before a colon in a principal id`},
		{"AROADBQP57FF2AEXAMPLE:x", ErrSession, `"AROADBQP57FF2AEXAMPLE:…": a role session name has 2 to 64 letters, digits or +=,.@_-`},
		{"AROA12:session", ErrLength, `"AROA12": AROA ids have 16 to 128 characters, this has 6`},
		{"123456789012:no spaces allowed", ErrSession, `"123456789012:…": a federated user's name has 2 to 32 letters, digits or +=,.@_-`},
		{"12345678901", ErrPrefix, `"12345678901": unknown prefix "1234" (AWS's unique ids begin with ABIA, ACCA, AGPA, AIDA, AIPA, AKIA, ANPA, ANVA, APKA, AROA, ASCA, ASIA, AAGA)`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.id)
		if !errors.Is(err, tt.want) {
			t.Errorf("Parse(%q) = %v; want %v", tt.id, err, tt.want)
			continue
		}
		if err.Error() != tt.msg {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.id, err, tt.msg)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q): error has more than one line", tt.id)
		}
	}
}

// TestSecretsRefused feeds the secrets people paste where an id belongs:
// each is refused, and no error repeats any of it.
func TestSecretsRefused(t *testing.T) {
	tests := []struct{ name, in, kind string }{
		{"AWS's example secret access key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "a secret access key"},
		{"secret without / or +", "je7MtGbClwBF2Zp9Utk8h3yCo8nvbEXAMPLEKEYx", "a secret access key"},
		{"key id and secret", "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "a secret access key"},
		{"credentials-file line", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "a secret access key"},
		{"session token", "IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQD" + strings.Repeat("AbCd0123+/", 20), "a session token or another secret"},
		{"Bedrock long-term key", "ABSK" + strings.Repeat("QmVkcm9ja0FQSUtleS", 8) + "==", "an Amazon Bedrock long-term API key"},
		{"Bedrock short-term key", "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t", "an Amazon Bedrock short-term API key"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if !errors.Is(err, ErrSecret) {
			t.Errorf("%s: Parse = %v; want ErrSecret", tt.name, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.kind) {
			t.Errorf("%s: %q does not say it is %s", tt.name, err, tt.kind)
		}
		assertNotRepeated(t, tt.in, err.Error())
	}
}

// assertNotRepeated fails when msg contains any 8-character run of in
// with a character that ids never have (the quoted part of an error is an
// id, perhaps followed by a colon).
func assertNotRepeated(t *testing.T, in, msg string) {
	t.Helper()
	for i := 0; i+8 <= len(in); i++ {
		run := in[i : i+8]
		if idOrColon.MatchString(run) {
			continue
		}
		if strings.Contains(msg, run) {
			t.Errorf("message repeats %q of its input: %s", run, msg)
			return
		}
	}
}

// FuzzParse checks that Parse never panics, that what it accepts is
// well-formed, and that its errors never repeat an input that has
// characters ids never have (which could be a secret).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"AKIAIOSFODNN7EXAMPLE", "ASIAY34FZKBOKMUTVV7A", "AROADBQP57FF2AEXAMPLE:s",
		"123456789012:Bob", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "akia", ":", "AROA:", "ABSK"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		info, err := Parse(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error %T, want *Error", in, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("Parse(%q): multi-line error %q", in, err)
			}
			if !idChars.MatchString(in) && len(in) >= 8 {
				assertNotRepeated(t, in, err.Error())
			}
			return
		}
		if info.ID != in || info.Type == "" {
			t.Fatalf("Parse(%q) = %+v", in, info)
		}
		if info.Account != "" && !accountID.MatchString(info.Account) {
			t.Fatalf("Parse(%q): account %q", in, info.Account)
		}
		if _, secret := LooksSecret(in); secret {
			t.Fatalf("Parse(%q) accepted a secret", in)
		}
	})
}
