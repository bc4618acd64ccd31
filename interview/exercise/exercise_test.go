package exercise

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCatalogue(t *testing.T) {
	all := All()
	if len(all) < 20 {
		t.Errorf("%d exercises, want at least 20", len(all))
	}
	seen := map[string]bool{}
	for _, e := range all {
		if seen[e.ID] {
			t.Errorf("exercise id %s twice", e.ID)
		}
		seen[e.ID] = true
		if e.Prompt == "" || e.Answer == "" || e.Title == "" || e.grade == nil {
			t.Errorf("%s is incomplete", e.ID)
		}
	}
	if _, err := Lookup("no-such"); err == nil || !strings.Contains(err.Error(), "exercise list") {
		t.Errorf("Lookup of an unknown id: %v", err)
	}
}

func grade(t *testing.T, id, name, answer string) *Result {
	t.Helper()
	e, err := Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Grade(name, []byte(answer))
	if errors.Is(err, errNoSandbox) {
		// The machine forbids the namespaces the sandbox needs; running
		// the candidate's code without them is what the grader refuses.
		t.Skipf("%s: %v", id, err)
	}
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return r
}

func failed(r *Result) string {
	var b strings.Builder
	for _, c := range r.Checks {
		if !c.OK {
			b.WriteString("\n  " + c.Name + ": " + c.Detail)
		}
	}
	return b.String()
}

// permissive returns an answer of the task's type that allows everything:
// it gets the allowed requests right and the denied ones wrong.
func permissive(t *iamTask) string {
	switch t.id {
	case "iam-trust-github-oidc":
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`
	case "iam-trust-external-id":
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`
	}
	switch t.kind.String() {
	case "resource":
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
	case "scp":
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"cloud9:CreateEnvironmentEC2","Resource":"*"}]}`
	}
	return allowAll
}

func TestIAMExercises(t *testing.T) {
	for _, task := range iamTasks {
		t.Run(task.id, func(t *testing.T) {
			// Full marks for the model answer.
			if r := grade(t, task.id, "model.json", task.model); !r.Passed || r.Score != 1 {
				t.Errorf("the model answer scores %.2f:%s", r.Score, failed(r))
			}
			// Partial credit for an answer that allows too much.
			r := grade(t, task.id, "wide.json", permissive(task))
			if r.Passed || r.Score <= 0 || r.Score >= 1 {
				t.Errorf("an allow-everything answer scores %.2f (passed %v); want partial credit", r.Score, r.Passed)
			}
			for _, c := range r.Checks {
				if !c.OK && !strings.Contains(c.Detail, "should be denied, but is allow") {
					t.Errorf("a failed check does not say why: %+v", c)
				}
			}
			// No score for what is not a policy of the right type.
			e, _ := Lookup(task.id)
			if _, err := e.Grade("bad.json", []byte(`{"Version":"2012-10-17","Statement":`)); err == nil || !strings.Contains(err.Error(), "bad.json:1:") {
				t.Errorf("invalid JSON: %v", err)
			}
		})
	}
}

func TestIAMExerciseWrongPolicyType(t *testing.T) {
	e, _ := Lookup("iam-trust-external-id")
	// An identity policy where a trust policy is asked for: no Principal.
	if _, err := e.Grade("id.json", []byte(allowAll)); err == nil || !strings.Contains(err.Error(), "not a valid trust policy") {
		t.Errorf("got %v", err)
	}
}

func TestIAMExerciseWrongAnswerScoresLow(t *testing.T) {
	// The guide's own MFA policy is the wrong answer to fixing it: IAM stays
	// open without MFA.
	guide := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}`
	r := grade(t, "iam-fix-mfa-policy", "guide.json", guide)
	if r.Passed {
		t.Fatal("the guide's policy passes its own fix")
	}
	msg := failed(r)
	for _, want := range []string{"create an access key without MFA", "attach a policy to herself without MFA", "get an MFA session"} {
		if !strings.Contains(msg, want) {
			t.Errorf("failures lack %q:%s", want, msg)
		}
	}
}

func TestFilterExercises(t *testing.T) {
	for _, task := range filterTasks {
		t.Run(task.id, func(t *testing.T) {
			if r := grade(t, task.id, "model.txt", task.model); !r.Passed {
				t.Errorf("the model pattern scores %.2f:%s", r.Score, failed(r))
			}
			// Matching everything gets the positives right only.
			if r := grade(t, task.id, "all.txt", `{ $.eventVersion = * }`); r.Passed || r.Score <= 0 {
				t.Errorf("a match-everything pattern scores %.2f", r.Score)
			}
			e, _ := Lookup(task.id)
			if _, err := e.Grade("bad.txt", []byte(`{ $.eventName = `)); err == nil {
				t.Error("a broken pattern was graded")
			}
		})
	}
}

const alarmModel = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OnCall:
    Type: AWS::SNS::Topic
  Orders5xx:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: orders-prod-5xx-rate
      Namespace: AWS/ApiGateway
      MetricName: 5XXError
      Dimensions:
        - Name: ApiName
          Value: orders
        - Name: Stage
          Value: prod
      Statistic: Average
      Period: 60
      EvaluationPeriods: 5
      DatapointsToAlarm: 3
      Threshold: 0.05
      ComparisonOperator: GreaterThanThreshold
      TreatMissingData: notBreaching
      AlarmActions:
        - !Ref OnCall
`

func TestAlarmExercise(t *testing.T) {
	if r := grade(t, "api-5xx-alarm", "alarm.yaml", alarmModel); !r.Passed {
		t.Errorf("the model template scores %.2f:%s", r.Score, failed(r))
	}
	// JSON with the long form of Ref and an SNS ARN is as good.
	js := `{"Resources":{"A":{"Type":"AWS::CloudWatch::Alarm","Properties":{"Namespace":"AWS/ApiGateway","MetricName":"5XXError",
		"Dimensions":[{"Name":"ApiName","Value":"orders"},{"Name":"Stage","Value":"prod"}],"Statistic":"Average","Period":60,
		"EvaluationPeriods":5,"DatapointsToAlarm":3,"Threshold":0.05,"ComparisonOperator":"GreaterThanOrEqualToThreshold",
		"TreatMissingData":"notBreaching","AlarmActions":["arn:aws:sns:us-east-1:111122223333:oncall"]}}}}`
	if r := grade(t, "api-5xx-alarm", "alarm.json", js); !r.Passed {
		t.Errorf("the JSON template scores %.2f:%s", r.Score, failed(r))
	}
	// A count instead of a rate, and no datapoint rule: partial credit.
	partial := strings.NewReplacer("Statistic: Average", "Statistic: Sum", "Threshold: 0.05", "Threshold: 5", "      DatapointsToAlarm: 3\n", "").Replace(alarmModel)
	r := grade(t, "api-5xx-alarm", "sum.yaml", partial)
	if r.Passed || r.Score < 0.5 {
		t.Errorf("the count-based alarm scores %.2f", r.Score)
	}
	if msg := failed(r); !strings.Contains(msg, "the Average of 5XXError is the error rate") {
		t.Errorf("failures:%s", msg)
	}
	// A template without an alarm scores nothing; something else is no template.
	if r := grade(t, "api-5xx-alarm", "topic.yaml", "Resources:\n  T:\n    Type: AWS::SNS::Topic\n"); r.Score != 0 {
		t.Errorf("no alarm scores %.2f", r.Score)
	}
	e, _ := Lookup("api-5xx-alarm")
	for _, bad := range []string{"[unclosed", "just: a map\n"} {
		if _, err := e.Grade("bad.yaml", []byte(bad)); err == nil {
			t.Errorf("%q was graded", bad)
		}
	}
}

func TestReviewExercise(t *testing.T) {
	tr := truth()
	if len(tr.failing) < 5 {
		t.Fatalf("the review estate has %d misconfigured resources; the exercise needs several", len(tr.failing))
	}
	var all, half []string
	for id := range tr.failing {
		all = append(all, id+"  # "+strings.Join(tr.failing[id], ","))
	}
	half = all[:len(all)/2]
	if r := grade(t, "find-misconfigurations", "all.txt", strings.Join(all, "\n")); !r.Passed {
		t.Errorf("naming every misconfigured resource scores %.2f:%s", r.Score, failed(r))
	}
	r := grade(t, "find-misconfigurations", "half.txt", strings.Join(half, "\n"))
	if r.Passed || r.Score <= 0 || r.Score >= 1 {
		t.Errorf("naming half scores %.2f", r.Score)
	}
	// A resource that passes every check, and one that does not exist, cost.
	var fine string
	for name, id := range tr.names {
		if len(tr.failing[id]) == 0 {
			fine = name
			break
		}
	}
	r = grade(t, "find-misconfigurations", "wrong.txt", strings.Join(all, "\n")+"\n"+fine+"\nsg-doesnotexist\n")
	if r.Passed {
		t.Error("false positives still pass")
	}
	if msg := failed(r); !strings.Contains(msg, "not misconfigured") || !strings.Contains(msg, "no resource of the estate") {
		t.Errorf("failures:%s", msg)
	}
	if data, err := ReviewEstate(); err != nil || len(data) == 0 {
		t.Errorf("ReviewEstate: %v", err)
	}
}

const pyNearest = `import bisect

def nearest(nums, target):
    if not nums:
        return None
    i = bisect.bisect_left(nums, target)
    if i < len(nums) and nums[i] == target:
        return target
    cands = [nums[j] for j in (i - 1, i) if 0 <= j < len(nums)]
    return min(cands, key=lambda v: abs(v - target))
`

const goNearest = `package solution

import "sort"

func Nearest(nums []int, target int) (int, bool) {
	if len(nums) == 0 {
		return 0, false
	}
	i := sort.SearchInts(nums, target)
	if i < len(nums) && nums[i] == target {
		return target, true
	}
	best := -1
	for _, j := range []int{i - 1, i} {
		if j >= 0 && j < len(nums) && (best < 0 || abs(nums[j]-target) < abs(nums[best]-target)) {
			best = j
		}
	}
	return nums[best], true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
`

func TestNearestExercise(t *testing.T) {
	if testing.Short() {
		t.Skip("runs candidate programs")
	}
	if r := grade(t, "nearest-number", "solution.py", pyNearest); !r.Passed {
		t.Errorf("the Python reference scores %.2f:%s", r.Score, failed(r))
	}
	if r := grade(t, "nearest-number", "solution.go", goNearest); !r.Passed {
		t.Errorf("the Go reference scores %.2f:%s", r.Score, failed(r))
	}
	// Forgetting the empty list raises on it: partial credit, with the error.
	noEmpty := strings.Replace(pyNearest, "    if not nums:\n        return None\n", "", 1)
	r := grade(t, "nearest-number", "noempty.py", noEmpty)
	if r.Passed || r.Score < 0.8 || !strings.Contains(failed(r), "empty list: raised") {
		t.Errorf("no empty-list case: %.2f%s", r.Score, failed(r))
	}
	// Always returning the target is wrong wherever it is absent.
	r = grade(t, "nearest-number", "target.py", "def nearest(nums, target):\n    return target\n")
	if r.Passed || r.Score > 0.5 {
		t.Errorf("returning the target scores %.2f", r.Score)
	}
	e, _ := Lookup("nearest-number")
	if _, err := e.Grade("broken.go", []byte("package solution\nfunc Nearest(")); err == nil {
		t.Error("Go that does not parse was graded")
	}
	if _, err := e.Grade("wrong.go", []byte("package solution\nfunc Near() {}\n")); err == nil || !strings.Contains(err.Error(), "no func Nearest") {
		t.Errorf("Go without Nearest: %v", err)
	}
	if _, err := e.Grade("solution.rb", []byte("def nearest; end")); err == nil {
		t.Error("Ruby was graded")
	}
}

func TestNearestExerciseStopsRunawayPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("runs candidate programs")
	}
	defer func(w time.Duration, c int) { codeWallTime, codeCPUTime = w, c }(codeWallTime, codeCPUTime)
	codeWallTime, codeCPUTime = 10*time.Second, 2
	r := grade(t, "nearest-number", "loop.py", "def nearest(nums, target):\n    while True:\n        pass\n")
	if r.Score != 0 || !strings.Contains(failed(r), "no answer") {
		t.Errorf("a looping solution: %.2f%s", r.Score, failed(r))
	}
	// The sandbox has no network.
	net := "import socket\ndef nearest(nums, target):\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\n    return 0\n"
	r = grade(t, "nearest-number", "net.py", net)
	if r.Score != 0 || !strings.Contains(failed(r), "unreachable") {
		t.Errorf("a solution that dials out: %.2f%s", r.Score, failed(r))
	}
}

func TestSigmaExercises(t *testing.T) {
	for _, task := range sigmaTasks {
		t.Run(task.id, func(t *testing.T) {
			if r := grade(t, task.id, "model.yml", task.model); !r.Passed {
				t.Errorf("the model rule scores %.2f:%s", r.Score, failed(r))
			}
			// A rule on the event source alone catches the attack and the
			// benign calls of that service: partial credit.
			wide := "title: wide\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  selection:\n    eventSource: " +
				strings.TrimSpace(strings.SplitN(strings.SplitN(task.model, "eventSource: ", 2)[1], "\n", 2)[0]) + "\n  condition: selection\n"
			r := grade(t, task.id, "wide.yml", wide)
			if r.Passed || r.Score <= 0 || !strings.Contains(failed(r), "a false positive") {
				t.Errorf("a rule on the source alone scores %.2f:%s", r.Score, failed(r))
			}
			e, _ := Lookup(task.id)
			if _, err := e.Grade("bad.yml", []byte("title: x\ndetection:\n  condition: nothing\n")); err == nil {
				t.Error("a rule without selections was graded")
			}
		})
	}
}
