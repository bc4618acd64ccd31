package sns_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/sns"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

func TestListTopicsDenied(t *testing.T) {
	srv := awstest.Demo(t, awstest.Fault{Service: "sns", Op: "ListTopics", Err: awstest.AccessDenied(awstest.Query)})
	r := srv.Collect(t, sns.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if r.Resources.SNSTopics != nil {
		t.Errorf("topics = %v, want none (unknown)", r.Resources.SNSTopics)
	}
	if g, ok := inventory.GapFor(r.Gaps, "AWS::SNS::Topic"); !ok || g.Call != "sns:ListTopics" || g.Code != "AccessDenied" {
		t.Errorf("gaps = %+v, want an AccessDenied gap for sns:ListTopics", r.Gaps)
	}
}

func TestTopicDetailsDenied(t *testing.T) {
	srv := awstest.Demo(t,
		awstest.Fault{Service: "sns", Op: "GetTopicAttributes", Err: awstest.AccessDenied(awstest.Query)},
		awstest.Fault{Service: "sns", Op: "ListSubscriptionsByTopic", Err: awstest.AccessDenied(awstest.Query)})
	srv.PageSize = 1
	r := srv.Collect(t, sns.Service, demo.ProdAccount, "us-east-1").Regions[0]
	if len(r.Gaps) != 0 || len(r.Resources.SNSTopics) != 2 {
		t.Fatalf("gaps %+v, %d topics: want no gap and both topics", r.Gaps, len(r.Resources.SNSTopics))
	}
	for _, tp := range r.Resources.SNSTopics {
		if tp.Known("policy") || tp.KMSMasterKeyID != nil || tp.Subscriptions != nil {
			t.Errorf("%s: policy known %v, key %v, subscriptions %v: want all unknown", tp.Name, tp.Known("policy"), tp.KMSMasterKeyID, tp.Subscriptions)
		}
		if tp.ARN == "" || tp.Name == "" {
			t.Errorf("topic identity lost: %+v", tp.Meta)
		}
	}
}

func TestSubscriptionEndpoints(t *testing.T) {
	est := demo.Estate()
	topic := est.Account(demo.ManagementAccount).Region("us-east-1").Resources.SNSTopics[0]
	topic.Subscriptions = append(topic.Subscriptions, inventory.SNSSubscription{ARN: topic.ARN + ":1", Protocol: "https",
		Endpoint: "https://user:pw@hooks.example.com:8443/services/T000/B000/SECRETTOKEN?x=1"})
	srv := awstest.New(t)
	srv.Serve(est)
	r := srv.Collect(t, sns.Service, demo.ManagementAccount, "us-east-1").Regions[0]
	subs := r.Resources.SNSTopics[0].Subscriptions
	if got := subs[len(subs)-1].Endpoint; got != "https://hooks.example.com:8443" {
		t.Errorf("https endpoint kept as %q, want scheme and host only", got)
	}
	if subs[0].Endpoint != "security@acme.example" {
		t.Errorf("e-mail endpoint = %q", subs[0].Endpoint)
	}
}
