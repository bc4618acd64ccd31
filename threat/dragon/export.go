package dragon

import (
	"crypto/sha1"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/threat"
	"github.com/awssec/awssec/threat/model"
)

// Version is the Threat Dragon version written into exported models.
const Version = "2.2.0"

// uuid derives a stable UUID-shaped id from a name, so exporting the same
// model twice gives the same file.
func uuid(name string) string {
	h := sha1.Sum([]byte(name))
	h[6] = (h[6] & 0x0f) | 0x50 // version 5
	h[8] = (h[8] & 0x3f) | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

var tdType = map[threat.Category]string{
	threat.Spoofing: "Spoofing", threat.Tampering: "Tampering", threat.Repudiation: "Repudiation",
	threat.InformationDisclosure: "Information disclosure", threat.DenialOfService: "Denial of service",
	threat.ElevationOfPrivilege: "Elevation of privilege",
}

func tdSeverity(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "High"
	case s == finding.Medium:
		return "Medium"
	}
	return "Low"
}

// Layout of exported diagrams: one column per boundary, elements stacked
// in it. Threat Dragon users rearrange it; nesting of boundaries is drawn
// side by side.
const (
	colWidth = 300
	rowStep  = 130
	margin   = 40
)

// Export writes the model and its threats as a Threat Dragon v2 model. Each
// threat's title starts with its awssec id, so Import can bring its status
// back.
func Export(w io.Writer, m *model.Model, res *threat.Result) error {
	by := map[string][]threat.Threat{}
	for _, t := range res.Threats {
		by[t.Subject] = append(by[t.Subject], t)
	}
	number := 0
	threats := func(subject string) ([]tdThreat, bool) {
		var out []tdThreat
		open := false
		for _, t := range by[subject] {
			number++
			status := "Open"
			desc := t.Detail
			switch t.Status {
			case model.Mitigated:
				status = "Mitigated"
			case model.NotApplicable:
				status = "NA"
			case model.Accepted:
				status = "NA"
				desc += " [awssec: accepted]"
			}
			if t.Note != "" {
				desc += " Note: " + t.Note
			}
			if t.Open() {
				open = true
			}
			out = append(out, tdThreat{ID: uuid("threat/" + t.ID), Title: t.ID + ": " + t.Title, Status: status,
				Severity: tdSeverity(t.Severity), Type: tdType[t.Category], Description: desc,
				Mitigation: strings.Join(t.Mitigations, "\n"), ModelType: "STRIDE", Number: number})
		}
		return out, open
	}

	// Columns: boundaries with members, in model order, then elements with
	// no boundary.
	var columns []string
	members := map[string][]*model.Element{}
	for _, e := range m.Elements {
		if len(members[e.Boundary]) == 0 {
			columns = append(columns, e.Boundary)
		}
		members[e.Boundary] = append(members[e.Boundary], e)
	}
	names := map[string]string{}
	for _, b := range m.Boundaries {
		names[b.ID] = nameOr(b.Name, b.ID)
		if b.Kind != "" {
			names[b.ID] += " [" + b.Kind + "]"
		}
	}
	class := map[string]model.Classification{}
	for _, d := range m.Data {
		class[d.ID] = d.Classification
	}
	var cells []tdCell
	z := 1
	cellID := map[string]string{}
	for col, b := range columns {
		x := float64(margin + col*colWidth)
		for row, e := range members[b] {
			id := uuid("element/" + e.ID)
			cellID[e.ID] = id
			size := tdSize{160, 80}
			shape, typ := "actor", typeActor
			switch e.Type {
			case model.Process:
				size, shape, typ = tdSize{100, 100}, "process", typeProcess
			case model.Store:
				shape, typ = "store", typeStore
			}
			ts, open := threats(e.ID)
			d := &tdData{Type: typ, Name: nameOr(e.Name, e.ID), Description: withProps(e.Description, elementProps(e, class)), Threats: ts, HasOpenThreats: open}
			switch e.Type {
			case model.Actor:
				d.ProvidesAuthentication = model.Bool(false)
			case model.Process:
				lvl := ""
				if e.Privileged {
					lvl = "admin"
				}
				d.PrivilegeLevel = &lvl
				d.HandlesCardPayment, d.HandlesGoodsOrServices, d.IsWebApplication = model.Bool(false), model.Bool(false), model.Bool(false)
			case model.Store:
				d.IsALog = model.Bool(e.Log)
				d.IsEncrypted = model.Bool(e.Encrypted != nil && *e.Encrypted)
				d.IsSigned = model.Bool(false)
				d.StoresCredentials = model.Bool(storesRestricted(m, e))
				d.StoresInventory = model.Bool(false)
			}
			cells = append(cells, tdCell{ID: id, Shape: shape, ZIndex: z, Visible: model.Bool(true),
				Position: &tdPoint{x + 30, float64(margin + 50 + row*rowStep)}, Size: &size,
				Attrs: map[string]any{"text": map[string]any{"text": nameOr(e.Name, e.ID)}}, Data: d})
			z++
		}
		if b != "" {
			cells = append(cells, tdCell{ID: uuid("boundary/" + b), Shape: shapeBox, ZIndex: -1, Visible: model.Bool(true),
				Position: &tdPoint{x, float64(margin)}, Size: &tdSize{220, float64(60 + len(members[b])*rowStep)},
				Attrs: map[string]any{"label": map[string]any{"text": names[b]}},
				Data:  &tdData{Type: typeBoundaryBox, Name: names[b], Description: withProps("", boundaryProps(m, b)), IsTrustBoundary: true}})
		}
	}
	internet := internetElements(m)
	for _, f := range m.Flows {
		ts, open := threats(f.ID)
		cells = append(cells, tdCell{ID: uuid("flow/" + f.ID), Shape: "flow", ZIndex: z, Connector: "smooth",
			Attrs: map[string]any{"line": map[string]any{"stroke": "#333333", "strokeWidth": 1, "targetMarker": map[string]any{"name": "block"},
				"sourceMarker": map[string]any{"name": ""}, "strokeDasharray": nil}},
			Source: &tdEnd{Cell: cellID[f.From]}, Target: &tdEnd{Cell: cellID[f.To]},
			Data: &tdData{Type: typeFlow, Name: nameOr(f.Name, f.ID), Description: withProps(f.Description, flowProps(f, class)), Protocol: f.Protocol,
				IsEncrypted: model.Bool(f.IsEncrypted()), IsPublicNetwork: model.Bool(internet[f.From] || internet[f.To]), IsBidirectional: model.Bool(false),
				Threats: ts, HasOpenThreats: open}})
		z++
	}
	doc := tdModel{
		Version: Version,
		Summary: tdSummary{Title: nameOr(m.Title, "awssec model"), Description: m.Description},
		Detail: tdDetail{Contributors: []tdContributor{}, DiagramTop: 1, ThreatTop: number,
			Diagrams: []tdDiagram{{ID: 0, Title: nameOr(m.Title, "Data flow"), DiagramType: "STRIDE", Placeholder: "",
				Thumbnail: "./public/content/images/thumbnail.stride.jpg", Version: Version, Cells: cells}}},
	}
	if err := json.MarshalWrite(w, doc, jsontext.WithIndent("  ")); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func storesRestricted(m *model.Model, e *model.Element) bool {
	for _, id := range e.Stores {
		for _, d := range m.Data {
			if d.ID == id && d.Classification == model.Restricted {
				return true
			}
		}
	}
	return false
}

// internetElements returns the ids of the elements in an internet boundary.
func internetElements(m *model.Model) map[string]bool {
	kind := map[string]string{}
	for _, b := range m.Boundaries {
		kind[b.ID] = b.Kind
	}
	out := map[string]bool{}
	for _, e := range m.Elements {
		if kind[e.Boundary] == model.KindInternet {
			out[e.ID] = true
		}
	}
	return out
}

func boundaryProps(m *model.Model, id string) []string {
	p := []string{"id=" + id}
	for _, b := range m.Boundaries {
		if b.ID == id && b.Parent != "" {
			p = append(p, "parent="+b.Parent)
		}
	}
	return p
}
