package compliance_test

import (
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/inventory"
)

func demoEstate() *inventory.Estate { return demo.Estate() }
