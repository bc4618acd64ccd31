// Package dragon reads and writes OWASP Threat Dragon v2 models (the JSON
// files Threat Dragon saves), so teams can move a model between Threat
// Dragon and awssec: diagram cells become elements, flows and boundaries,
// and awssec's threats become Threat Dragon threats on their cells.
package dragon

// The Threat Dragon v2 file format, as its schema
// (owasp.threat-dragon.schema.V2.json) describes it. Only what a data-flow
// model needs is read; the many drawing attributes (ports, labels, colours)
// are ignored on import and written with Threat Dragon's defaults on export.

type tdModel struct {
	Version string    `json:"version"`
	Summary tdSummary `json:"summary"`
	Detail  tdDetail  `json:"detail"`
}

type tdSummary struct {
	Title       string `json:"title"`
	Owner       string `json:"owner"`
	Description string `json:"description"`
	ID          int    `json:"id"`
}

type tdDetail struct {
	Contributors []tdContributor `json:"contributors"`
	Diagrams     []tdDiagram     `json:"diagrams"`
	DiagramTop   int             `json:"diagramTop"`
	Reviewer     string          `json:"reviewer"`
	ThreatTop    int             `json:"threatTop"`
}

type tdContributor struct {
	Name string `json:"name"`
}

type tdDiagram struct {
	ID          int      `json:"id"`
	Title       string   `json:"title"`
	DiagramType string   `json:"diagramType"`
	Placeholder string   `json:"placeholder"`
	Thumbnail   string   `json:"thumbnail"`
	Version     string   `json:"version"`
	Description string   `json:"description,omitempty"`
	Cells       []tdCell `json:"cells"`
}

type tdPoint struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

type tdSize struct {
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

type tdEnd struct {
	Cell string   `json:"cell,omitempty"`
	X    *float64 `json:"x,omitempty"`
	Y    *float64 `json:"y,omitempty"`
}

type tdCell struct {
	ID        string         `json:"id"`
	Shape     string         `json:"shape"`
	ZIndex    int            `json:"zIndex"`
	Visible   *bool          `json:"visible,omitempty"`
	Position  *tdPoint       `json:"position,omitempty"`
	Size      *tdSize        `json:"size,omitempty"`
	Attrs     map[string]any `json:"attrs,omitempty"`
	Connector string         `json:"connector,omitempty"`
	Source    *tdEnd         `json:"source,omitempty"`
	Target    *tdEnd         `json:"target,omitempty"`
	Vertices  []tdPoint      `json:"vertices,omitempty"`
	Data      *tdData        `json:"data,omitempty"`
}

type tdData struct {
	Type                   string     `json:"type"`
	Name                   string     `json:"name"`
	Description            string     `json:"description"`
	OutOfScope             bool       `json:"outOfScope"`
	ReasonOutOfScope       string     `json:"reasonOutOfScope"`
	IsTrustBoundary        bool       `json:"isTrustBoundary"`
	HasOpenThreats         bool       `json:"hasOpenThreats"`
	Threats                []tdThreat `json:"threats,omitempty"`
	Protocol               string     `json:"protocol,omitempty"`
	IsEncrypted            *bool      `json:"isEncrypted,omitempty"`
	IsPublicNetwork        *bool      `json:"isPublicNetwork,omitempty"`
	IsBidirectional        *bool      `json:"isBidirectional,omitempty"`
	IsALog                 *bool      `json:"isALog,omitempty"`
	IsSigned               *bool      `json:"isSigned,omitempty"`
	StoresCredentials      *bool      `json:"storesCredentials,omitempty"`
	StoresInventory        *bool      `json:"storesInventory,omitempty"`
	PrivilegeLevel         *string    `json:"privilegeLevel,omitempty"`
	HandlesCardPayment     *bool      `json:"handlesCardPayment,omitempty"`
	HandlesGoodsOrServices *bool      `json:"handlesGoodsOrServices,omitempty"`
	IsWebApplication       *bool      `json:"isWebApplication,omitempty"`
	ProvidesAuthentication *bool      `json:"providesAuthentication,omitempty"`
}

type tdThreat struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Status      string `json:"status"`
	Severity    string `json:"severity"`
	Type        string `json:"type"`
	Description string `json:"description"`
	Mitigation  string `json:"mitigation"`
	ModelType   string `json:"modelType"`
	Number      int    `json:"number"`
	Score       string `json:"score"`
}

// Cell data types and shapes.
const (
	typeActor       = "tm.Actor"
	typeProcess     = "tm.Process"
	typeStore       = "tm.Store"
	typeFlow        = "tm.Flow"
	typeBoundary    = "tm.Boundary"
	typeBoundaryBox = "tm.BoundaryBox"
	typeText        = "tm.Text"

	shapeBox   = "trust-boundary-box"
	shapeCurve = "trust-boundary-curve"
)

// shapeType maps a cell's shape to its data type, for cells whose data
// does not say.
var shapeType = map[string]string{
	"actor": typeActor, "process": typeProcess, "store": typeStore, "flow": typeFlow,
	shapeCurve: typeBoundary, shapeBox: typeBoundaryBox, "td-text-block": typeText,
}
