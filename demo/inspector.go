package demo

import "github.com/awssec/awssec/inventory"

func addInspector(b *builder) {
	on, off := "ENABLED", "DISABLED"
	// Amazon Inspector per account and region: fully on where prod runs and
	// in the management account (the delegated administrator), partly on
	// in prod eu-west-1 and management eu-west-1, off in dev. Every
	// inspector-* check fails somewhere and passes somewhere.
	for _, s := range []struct {
		account, region  string
		ec2, ecr, lambda string
	}{
		{ProdAccount, East, on, on, on},
		{ProdAccount, West, on, on, off},
		{DevAccount, East, off, off, off},
		{DevAccount, West, off, off, off},
		{ManagementAccount, East, on, on, on},
		{ManagementAccount, West, on, off, off},
	} {
		status := on
		if s.ec2 == off && s.ecr == off && s.lambda == off {
			status = off
		}
		b.region(s.account, s.region).Resources.Inspector = &inventory.InspectorStatus{
			Meta:   meta("inspector2:BatchGetAccountStatus", s.account+"/"+s.region, "", ""),
			Status: status, EC2: inventory.Ptr(s.ec2), ECR: inventory.Ptr(s.ecr), Lambda: inventory.Ptr(s.lambda),
			DelegatedAdmin: ManagementAccount,
		}
	}
}
