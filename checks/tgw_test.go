package checks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func tgwFill(a *inventory.Account, r *inventory.Region) {
	shared := []string{"arn:aws:ram:us-east-1:123456789012:resource-share/hub"}
	none := []string{}
	r.Resources.TransitGateways = []*inventory.TransitGateway{
		{Meta: meta("tgw-shared"), OwnerID: testAccount, SharedVia: &shared, SharedWith: []string{"arn:aws:organizations::123456789012:organization/o-abc"},
			Options: &inventory.TransitGatewayOptions{AutoAcceptSharedAttachments: "enable", DefaultRouteTableAssociation: "enable",
				DefaultRouteTablePropagation: "enable", AssociationDefaultRouteTableID: "tgw-rtb-1"}},
		{Meta: meta("tgw-unshared"), OwnerID: testAccount, SharedVia: &none,
			Options: &inventory.TransitGatewayOptions{AutoAcceptSharedAttachments: "enable", DefaultRouteTableAssociation: "enable",
				DefaultRouteTablePropagation: "disable", AssociationDefaultRouteTableID: "tgw-rtb-2"}},
		{Meta: meta("tgw-foreign"), OwnerID: testAccount,
			Options: &inventory.TransitGatewayOptions{AutoAcceptSharedAttachments: "enable", DefaultRouteTableAssociation: "disable",
				DefaultRouteTablePropagation: "enable", PropagationDefaultRouteTableID: "tgw-rtb-3"}},
		{Meta: meta("tgw-good"), OwnerID: testAccount, SharedVia: &shared,
			Options: &inventory.TransitGatewayOptions{AutoAcceptSharedAttachments: "disable", DefaultRouteTableAssociation: "disable",
				DefaultRouteTablePropagation: "disable"}},
		{Meta: meta("tgw-unread"), OwnerID: testAccount},
	}
	r.Resources.TransitGatewayAttachments = []*inventory.TransitGatewayAttachment{
		{Meta: meta("tgw-attach-1"), TransitGatewayID: "tgw-foreign", ResourceType: "vpc", ResourceID: "vpc-x", ResourceOwnerID: "999988887777", State: "available"},
		{Meta: meta("tgw-attach-2"), TransitGatewayID: "tgw-foreign", ResourceType: "vpc", ResourceID: "vpc-own", ResourceOwnerID: testAccount, State: "available"},
	}
}

func TestTGWAutoAcceptSharedAttachments(t *testing.T) {
	runCases(t, tgwAutoAcceptSharedAttachments, []checkCase{{
		name: "auto-accept on fails, off passes, options unread",
		fill: tgwFill,
		want: map[string]finding.Status{"tgw-shared": finding.Fail, "tgw-unshared": finding.Fail, "tgw-foreign": finding.Fail,
			"tgw-good": finding.Pass, "tgw-unread": finding.Error},
		contains: map[string]string{
			"tgw-shared":   "shared through AWS RAM with arn:aws:organizations::123456789012:organization/o-abc",
			"tgw-unshared": "not shared through AWS RAM today",
			"tgw-foreign":  "attachments from other accounts: vpc vpc-x (account 999988887777, available)",
		},
	}, {
		name: "attachments not read",
		fill: func(a *inventory.Account, r *inventory.Region) {
			tgwFill(a, r)
			r.Gaps = []inventory.Gap{netGap("AWS::EC2::TransitGatewayAttachment")}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
	fs := runCheck(t, tgwAutoAcceptSharedAttachments, testEstate(tgwFill))
	want := map[string]finding.Severity{"tgw-shared": finding.High, "tgw-unshared": finding.Medium, "tgw-foreign": finding.High}
	if diff := cmp.Diff(want, netSeverities(fs)); diff != "" {
		t.Errorf("severities (-want +got):\n%s", diff)
	}
}

func TestTGWDefaultRouteTableAssociation(t *testing.T) {
	runCases(t, tgwDefaultRouteTableAssociation, []checkCase{{
		name: "defaults on fail, off passes, options unread",
		fill: tgwFill,
		want: map[string]finding.Status{"tgw-shared": finding.Fail, "tgw-unshared": finding.Fail, "tgw-foreign": finding.Fail,
			"tgw-good": finding.Pass, "tgw-unread": finding.Error},
		contains: map[string]string{
			"tgw-shared":   "associated with and propagated into the default route table tgw-rtb-1: all attachments can reach each other",
			"tgw-unshared": "is associated with the default route table tgw-rtb-2",
			"tgw-foreign":  "is propagated into the default route table tgw-rtb-3",
		},
	}})
}
