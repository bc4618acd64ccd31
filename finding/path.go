package finding

// Path is an attack path: a chain of steps an attacker can take from an
// entry point to something of value, each step enabled by findings.
type Path struct {
	// ID is stable across scans: the rule and the resources of its steps.
	ID       string   `json:"id"`
	Rule     string   `json:"rule"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Steps    []Step   `json:"steps"`
	// Fix is the single cheapest change that breaks the path.
	Fix string `json:"fix"`
}

// Step is one hop of an attack path: the resource it reaches and the
// findings (check ids) that make the hop possible.
type Step struct {
	Account      string   `json:"account,omitempty"`
	Region       string   `json:"region,omitempty"`
	ResourceType string   `json:"resourceType,omitempty"`
	ResourceID   string   `json:"resourceId"`
	ResourceARN  string   `json:"resourceArn,omitempty"`
	Description  string   `json:"description"`
	Findings     []string `json:"findings,omitempty"`
}
