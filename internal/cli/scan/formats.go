package scan

import (
	"io"

	"github.com/awssec/awssec/report"
	"github.com/awssec/awssec/report/asff"
	htmlreport "github.com/awssec/awssec/report/html"
	"github.com/awssec/awssec/report/ocsf"
	"github.com/awssec/awssec/report/sarif"
)

// documentWriters render the formats that other tools read: every result,
// passes included, the same whether stdout is a terminal or not.
var documentWriters = map[string]func(io.Writer, *report.Report) error{
	"sarif": sarif.Write, // code scanning (SARIF 2.1.0)
	"ocsf":  ocsf.Write,  // OCSF Compliance Finding events (Security Lake, SIEMs)
	"asff":  asff.Write,  // Security Hub's finding format
	"html":  htmlreport.Write,
}
