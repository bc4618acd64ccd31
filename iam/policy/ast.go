// Package policy parses IAM policy documents (identity, resource, trust,
// SCP, RCP, permissions boundary, session policies) into a syntax tree that
// keeps the position of every element, so that the evaluator, explainer
// and linter can point at the line and column they talk about.
package policy

// Pos is a position in a policy document: 1-based line and column (in
// bytes), and the byte offset. The zero Pos means "no position" (an element
// that is absent).
type Pos struct {
	Line, Col int
	Offset    int64
}

// Valid reports whether p is a real position.
func (p Pos) Valid() bool { return p.Line > 0 }

// Effect is a statement's effect.
type Effect int

// Effects.
const (
	Allow Effect = iota + 1
	Deny
)

func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	}
	return "Effect(?)"
}

// Policy is a parsed policy document.
type Policy struct {
	// Name names the policy in messages and traces: the file name, or a
	// label the caller gives ("identity policy AdminAccess").
	Name string
	// Version is "2012-10-17", "2008-10-17", or "" when absent (which IAM
	// treats as 2008-10-17: policy variables are literal text).
	Version    string
	VersionPos Pos // where the Version value starts
	ID         string
	IDPos      Pos // where the Id value starts
	// Statements in document order; a single statement object is a list of one.
	Statements []*Statement
	Pos        Pos // the document's opening brace
}

// Statement is one statement of a policy.
type Statement struct {
	Index  int // 0-based position in Statements
	Sid    string
	Effect Effect
	// Exactly one of each pair may be set; nil means absent.
	Principal, NotPrincipal *Principal
	Action, NotAction       *Values
	Resource, NotResource   *Values
	// Condition blocks in document order (operators, then keys, in the
	// order written).
	Condition []*Condition

	Pos       Pos // the statement's opening brace
	SidPos    Pos // where the Sid value starts
	EffectPos Pos // where the Effect value starts
	// ConditionPos is where the Condition element's name starts; zero
	// when the statement has no Condition element.
	ConditionPos Pos
}

// Value is one string of a list, with where it stands.
type Value struct {
	S   string
	Pos Pos
}

// Values is a string-or-list element: Action, Resource, a principal list,
// condition values.
type Values struct {
	Values []Value
	// Single is true when the document gave one string, not a list.
	Single bool
	Pos    Pos // where the element's value starts
	// KeyPos is where the element's name starts: "Action", a principal
	// kind ("AWS"), a condition key.
	KeyPos Pos
}

// Strings returns the values' text.
func (v *Values) Strings() []string {
	if v == nil {
		return nil
	}
	out := make([]string, len(v.Values))
	for i, x := range v.Values {
		out[i] = x.S
	}
	return out
}

// Principal is a Principal or NotPrincipal element.
type Principal struct {
	// Wildcard is true for "Principal": "*".
	Wildcard bool
	// Kinds in document order: "AWS", "Service", "Federated", "CanonicalUser".
	Kinds []PrincipalKind
	Pos   Pos // where the element's value starts ("*" or the brace)
	// KeyPos is where the element's name ("Principal", "NotPrincipal")
	// starts.
	KeyPos Pos
}

// PrincipalKind is one kind of principal and its values.
type PrincipalKind struct {
	Kind   string
	Values *Values
}

// SetOperator is a condition's set qualifier.
type SetOperator int

// Set operators.
const (
	NoSet        SetOperator = iota
	ForAllValues             // every value of the request's key must match
	ForAnyValue              // at least one value must match
)

// Condition is one operator–key pair of a Condition element, with its values.
type Condition struct {
	// Operator is the operator as written ("ForAnyValue:StringLikeIfExists").
	Operator string
	// Base is the operator without qualifiers ("StringLike").
	Base     string
	IfExists bool
	Set      SetOperator
	// Key is the condition key as written ("aws:PrincipalTag/team"); keys
	// compare case-insensitively.
	Key    string
	Values *Values
	Pos    Pos // the operator's position
	KeyPos Pos
}
