package verify_test

import (
	"strings"
	"testing"

	"github.com/awssec/awssec/trail/verify"
)

// FuzzReadKeyFile: saved keys are read or refused with a one-line error.
func FuzzReadKeyFile(f *testing.F) {
	f.Add([]byte(`{"PublicKeyList":[{"Fingerprint":"7f3f401420072e50a65a141430817ab3","ValidityStartTime":1453076702.0,"ValidityEndTime":"2016-02-17T00:25:02Z",` +
		`"Value":"MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB"}]}`))
	f.Add([]byte(`{"PublicKeyList":[{"ValidityStartTime":1e300}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		keys, err := verify.ReadKeyFile("k.json", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
			return
		}
		for _, k := range keys {
			if k.Key == nil || len(k.Fingerprint) != 32 {
				t.Errorf("accepted %+v", k)
			}
		}
	})
}
