package templates

import (
	"strings"
	"testing"
)

func TestSource(t *testing.T) {
	for _, tpl := range All {
		src, err := Source(tpl.Name)
		if err != nil || !strings.HasPrefix(string(src), "title: ") {
			t.Errorf("%s: %v", tpl.Name, err)
		}
	}
	if _, err := Source("../templates"); err == nil || !strings.Contains(err.Error(), "valid: web-app") {
		t.Errorf("err = %v", err)
	}
}
