package lambdatest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/awssec/awssec/internal/lambdatest"
)

// TestProtocol speaks the Runtime API by hand: next hands out the event
// with its headers, response completes the invocation, a second answer
// for the same request id is refused, and init errors are kept.
func TestProtocol(t *testing.T) {
	rt := lambdatest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	base := "http://" + rt.Addr + "/2018-06-01/runtime/"
	done := make(chan lambdatest.Result, 1)
	go func() {
		res, err := rt.Invoke(ctx, []byte(`{"n":1}`))
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	resp, err := http.Get(base + "invocation/next")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
	if id == "" || resp.Header.Get("Lambda-Runtime-Deadline-Ms") == "" || resp.Header.Get("Lambda-Runtime-Invoked-Function-Arn") != lambdatest.FunctionARN {
		t.Fatalf("headers %v", resp.Header)
	}
	post := func(path, body string) int {
		resp, err := http.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("invocation/"+id+"/response", `{"ok":true}`); code != http.StatusAccepted {
		t.Errorf("response: %d", code)
	}
	if res := <-done; res.RequestID != id || string(res.Response) != `{"ok":true}` || res.Err != nil {
		t.Errorf("result %+v", res)
	}
	if code := post("invocation/"+id+"/error", `{}`); code != http.StatusBadRequest {
		t.Errorf("second answer: %d, want 400", code)
	}
	if code := post("init/error", `{"errorType":"Runtime.ExitError","errorMessage":"no settings"}`); code != http.StatusAccepted {
		t.Errorf("init error: %d", code)
	}
	if e := rt.InitError(); e == nil || e.Type != "Runtime.ExitError" || e.Message != "no settings" {
		t.Errorf("init error %+v", e)
	}
}
