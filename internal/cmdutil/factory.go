package cmdutil

import (
	"time"

	"github.com/awssec/awssec/internal/iostreams"
)

// Factory gives commands their dependencies, built only when asked for:
// `awssec checks` never loads credentials, `awssec scan --demo` never
// touches the network.
type Factory struct {
	IOStreams *iostreams.IOStreams
	// Now is the clock; tests fix it.
	Now func() time.Time
	// ReadFile reads an input file; tests may serve files from memory.
	ReadFile func(name string) ([]byte, error)
	// AWSConfig loads the AWS configuration (default credential chain,
	// profile, endpoint) only when a command talks to AWS.
	AWSConfig AWSConfigLoader
}
