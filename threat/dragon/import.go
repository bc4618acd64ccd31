package dragon

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/awssec/awssec/internal/jsonerr"
	"github.com/awssec/awssec/threat/model"
)

// MaxBytes and MaxCells bound what Import reads.
const (
	MaxBytes = 64 << 20
	MaxCells = 200_000
)

// Error is a problem in a Threat Dragon file, with its position when known.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Imported is a model read from Threat Dragon, with what could not be
// carried over.
type Imported struct {
	Model *model.Model
	// Notes say what was skipped or approximated (out-of-scope cells,
	// dangling flows, threats Threat Dragon users wrote by hand).
	Notes []string
}

var threatIDPattern = regexp.MustCompile(`^(T-[A-Za-z0-9_.-]+-[STRIDE]-[a-z0-9-]+):`)

// Import reads a Threat Dragon v2 model. Actors, processes and stores become
// elements; flows connect them; trust boundary boxes become boundaries
// holding the elements drawn inside them; trust boundary curves split the
// diagram into zones (elements whose flows do not cross a curve share a
// zone). Threats whose title starts with an awssec threat id (as Export
// writes them) bring their status back; other threats are listed in the
// element's description, because awssec generates its own.
func Import(file string, data []byte) (*Imported, error) {
	if len(data) > MaxBytes {
		return nil, &Error{File: file, Line: 1, Column: 1, Msg: fmt.Sprintf("the file is %d bytes; the limit is %d", len(data), MaxBytes)}
	}
	var td tdModel
	if err := json.Unmarshal(data, &td); err != nil {
		return nil, positioned(file, data, err)
	}
	if td.Summary.Title == "" && len(td.Detail.Diagrams) == 0 {
		return nil, &Error{File: file, Line: 1, Column: 1, Msg: "not a Threat Dragon v2 model: no summary.title and no detail.diagrams"}
	}
	if strings.HasPrefix(td.Version, "1.") {
		return nil, &Error{File: file, Line: 1, Column: 1, Msg: fmt.Sprintf("Threat Dragon version %s models are v1; open and save it in Threat Dragon 2 first", td.Version)}
	}
	im := &importer{file: file, out: &Imported{Model: &model.Model{File: file, Title: td.Summary.Title, Description: td.Summary.Description}},
		byCell: map[string]*model.Element{}, ids: map[string]bool{}, data: map[string]bool{}}
	var cells []tdCell
	for i, d := range td.Detail.Diagrams {
		for j, c := range d.Cells {
			if c.ID == "" {
				return nil, &Error{File: file, Msg: fmt.Sprintf("at /detail/diagrams/%d/cells/%d: a cell needs an id", i, j)}
			}
			cells = append(cells, c)
		}
	}
	if len(cells) > MaxCells {
		return nil, &Error{File: file, Msg: fmt.Sprintf("%d cells; the limit is %d", len(cells), MaxCells)}
	}
	return im.build(cells)
}

func positioned(file string, data []byte, err error) error {
	var (
		serr   *json.SemanticError
		synerr *jsontext.SyntacticError
		offset int64
		msg    string
	)
	switch {
	case errors.As(err, &synerr):
		offset, msg = synerr.ByteOffset, "invalid JSON: "+jsonerr.Escape(strings.TrimPrefix(synerr.Err.Error(), "jsontext: "))
	case errors.As(err, &serr):
		offset, msg = serr.ByteOffset, jsonerr.Describe(serr)
		if p := serr.JSONPointer; p != "" {
			msg = fmt.Sprintf("at %s: %s", p, msg)
		}
	default:
		return &Error{File: file, Msg: jsonerr.Escape(err.Error())}
	}
	line, col := jsonerr.LineCol(data, offset)
	return &Error{File: file, Line: line, Column: col, Msg: "not a Threat Dragon v2 model: " + msg}
}

type importer struct {
	file   string
	out    *Imported
	byCell map[string]*model.Element
	ids    map[string]bool
	data   map[string]bool
}

func (im *importer) note(format string, args ...any) {
	im.out.Notes = append(im.out.Notes, fmt.Sprintf(format, args...))
}

var unsafeID = regexp.MustCompile(`[^a-z0-9_.-]+`)

// id makes a readable, unique id from a name.
func (im *importer) id(name, cell, prefix string) string {
	base := strings.Trim(unsafeID.ReplaceAllString(strings.ToLower(name), "-"), "-.")
	if len(base) > 60 {
		base = strings.Trim(base[:60], "-.")
	}
	if base == "" {
		c := unsafeID.ReplaceAllString(strings.ToLower(cell), "")
		base = prefix + "-" + c[:min(8, len(c))]
	}
	id := base
	for i := 2; im.ids[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	im.ids[id] = true
	return id
}

func cellType(c *tdCell) string {
	if c.Data != nil && c.Data.Type != "" {
		return c.Data.Type
	}
	return shapeType[c.Shape]
}

func cellName(c *tdCell) string {
	if c.Data != nil && c.Data.Name != "" {
		return strings.ReplaceAll(c.Data.Name, "\n", " ")
	}
	if t, ok := c.Attrs["text"].(map[string]any); ok {
		if s, ok := t["text"].(string); ok {
			return strings.ReplaceAll(s, "\n", " ")
		}
	}
	return ""
}

type box struct {
	b        *model.Boundary
	x0, y0   float64
	x1, y1   float64
	area     float64
	cellName string
}

func (b box) contains(x, y float64) bool { return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1 }

func center(c *tdCell) (float64, float64, bool) {
	if c.Position == nil {
		return 0, 0, false
	}
	x, y := c.Position.X, c.Position.Y
	if c.Size != nil {
		x += c.Size.Width / 2
		y += c.Size.Height / 2
	}
	return x, y, true
}

func (im *importer) build(cells []tdCell) (*Imported, error) {
	m := im.out.Model
	var boxes []box
	var curves [][]tdPoint
	parents := map[*model.Boundary]string{}
	cellOf := map[string]*tdCell{}
	for i := range cells {
		c := &cells[i]
		cellOf[c.ID] = c
		switch cellType(c) {
		case typeBoundaryBox:
			if c.Position == nil || c.Size == nil {
				im.note("trust boundary box %s has no position or size: skipped", c.ID)
				continue
			}
			name, kind := cellName(c), ""
			if sub := kindPattern.FindStringSubmatch(name); sub != nil {
				name, kind = sub[1], sub[2]
			}
			var props []string
			if c.Data != nil {
				_, props = splitProps(c.Data.Description)
			}
			b := &model.Boundary{ID: im.claim(props, name, c.ID, "boundary"), Name: name, Kind: kind}
			for _, kv := range props {
				if v, ok := strings.CutPrefix(kv, "parent="); ok {
					parents[b] = v
				}
			}
			m.Boundaries = append(m.Boundaries, b)
			boxes = append(boxes, box{b, c.Position.X, c.Position.Y, c.Position.X + c.Size.Width, c.Position.Y + c.Size.Height,
				c.Size.Width * c.Size.Height, c.ID})
		case typeBoundary:
			if pts := curvePoints(c); len(pts) >= 2 {
				curves = append(curves, pts)
			}
		}
	}
	// Nest boxes: a box's parent is the one its exported properties name,
	// else the smallest other box holding its centre.
	for i := range boxes {
		if p := parents[boxes[i].b]; p != "" && p != boxes[i].b.ID && slices.ContainsFunc(boxes, func(x box) bool { return x.b.ID == p }) {
			boxes[i].b.Parent = p
			continue
		}
		cx, cy := (boxes[i].x0+boxes[i].x1)/2, (boxes[i].y0+boxes[i].y1)/2
		if p := smallest(boxes, cx, cy, i); p >= 0 && boxes[p].area > boxes[i].area {
			boxes[i].b.Parent = boxes[p].b.ID
		}
	}
	// Parents named in properties can still form a cycle (a hand-edited
	// file); break it rather than hand the parser a model it refuses.
	for _, bx := range boxes {
		at := bx.b.Parent
		for range len(boxes) + 1 {
			if at == "" {
				break
			}
			if at == bx.b.ID {
				bx.b.Parent = ""
				break
			}
			next := ""
			for _, o := range boxes {
				if o.b.ID == at {
					next = o.b.Parent
				}
			}
			at = next
		}
	}
	var creds, cards bool
	for i := range cells {
		c := &cells[i]
		t := cellType(c)
		var typ string
		switch t {
		case typeActor:
			typ = model.Actor
		case typeProcess:
			typ = model.Process
		case typeStore:
			typ = model.Store
		default:
			continue
		}
		name := cellName(c)
		if c.Data != nil && c.Data.OutOfScope {
			im.note("%s %q is out of scope in Threat Dragon: not imported", typ, name)
			continue
		}
		var desc string
		var props []string
		if c.Data != nil {
			desc, props = splitProps(c.Data.Description)
		}
		e := &model.Element{ID: im.claim(props, name, c.ID, typ), Type: typ, Name: name, Description: desc}
		if c.Data != nil {
			d := c.Data
			switch typ {
			case model.Store:
				e.Encrypted = d.IsEncrypted
				e.Log = d.IsALog != nil && *d.IsALog
				if d.StoresCredentials != nil && *d.StoresCredentials {
					e.Stores = append(e.Stores, "credentials")
					creds = true
				}
			case model.Process:
				if d.PrivilegeLevel != nil {
					switch strings.ToLower(*d.PrivilegeLevel) {
					case "admin", "administrator", "root", "system", "high", "elevated":
						e.Privileged = true
					}
				}
				if d.HandlesCardPayment != nil && *d.HandlesCardPayment {
					cards = true
					e.Description = strings.TrimSpace(e.Description + " Handles card payments.")
				}
			}
			im.applyElement(e, props)
			im.threats(e, d.Threats)
		}
		if x, y, ok := center(c); ok {
			if p := smallest(boxes, x, y, -1); p >= 0 {
				e.Boundary = boxes[p].b.ID
			}
		}
		im.byCell[c.ID] = e
		m.Elements = append(m.Elements, e)
	}
	if creds {
		im.declare("credentials", model.Restricted)
	}
	if cards {
		im.declare("card-data", model.Restricted)
	}
	for i := range cells {
		c := &cells[i]
		if cellType(c) != typeFlow {
			continue
		}
		name := cellName(c)
		if c.Data != nil && c.Data.OutOfScope {
			im.note("flow %q is out of scope in Threat Dragon: not imported", name)
			continue
		}
		if c.Source == nil || c.Target == nil || c.Source.Cell == "" || c.Target.Cell == "" {
			im.note("flow %q is not connected at both ends: not imported", nameOr(name, c.ID))
			continue
		}
		from, to := im.byCell[c.Source.Cell], im.byCell[c.Target.Cell]
		if from == nil || to == nil {
			im.note("flow %q connects a cell that was not imported: skipped", nameOr(name, c.ID))
			continue
		}
		var desc string
		var props []string
		if c.Data != nil {
			desc, props = splitProps(c.Data.Description)
		}
		f := &model.Flow{ID: im.claim(props, name, c.ID, "flow"), Name: name, From: from.ID, To: to.ID, Description: desc}
		if d := c.Data; d != nil {
			im.applyFlow(f, props)
			f.Protocol = strings.ToLower(strings.TrimSpace(d.Protocol))
			f.Encrypted = d.IsEncrypted
			if d.IsPublicNetwork != nil && *d.IsPublicNetwork {
				f.Description = strings.TrimSpace(f.Description + " Crosses a public network.")
			}
			if cards && (strings.Contains(from.Description, "Handles card payments.") || strings.Contains(to.Description, "Handles card payments.")) {
				f.Data = append(f.Data, "card-data")
			}
			im.flowThreats(f, d.Threats)
		}
		for _, e := range []*model.Element{from, to} {
			if slices.Contains(e.Stores, "credentials") && !slices.Contains(f.Data, "credentials") {
				f.Data = append(f.Data, "credentials")
			}
		}
		m.Flows = append(m.Flows, f)
	}
	if len(curves) > 0 {
		im.zones(curves, cellOf, cells)
	}
	if len(m.Elements) == 0 {
		return nil, &Error{File: im.file, Msg: "the Threat Dragon model has no actors, processes or stores to import"}
	}
	return im.out, nil
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// smallest returns the index of the smallest box containing (x, y), other
// than skip, or -1.
func smallest(boxes []box, x, y float64, skip int) int {
	best := -1
	for i, b := range boxes {
		if i != skip && b.contains(x, y) && (best < 0 || b.area < boxes[best].area) {
			best = i
		}
	}
	return best
}

func curvePoints(c *tdCell) []tdPoint {
	var pts []tdPoint
	if c.Source != nil && c.Source.X != nil && c.Source.Y != nil {
		pts = append(pts, tdPoint{*c.Source.X, *c.Source.Y})
	}
	pts = append(pts, c.Vertices...)
	if c.Target != nil && c.Target.X != nil && c.Target.Y != nil {
		pts = append(pts, tdPoint{*c.Target.X, *c.Target.Y})
	}
	return pts
}

// flowPath is the polyline a flow is drawn along: its source's centre, its
// vertices, its target's centre.
func flowPath(c *tdCell, cellOf map[string]*tdCell) []tdPoint {
	var pts []tdPoint
	if s := cellOf[c.Source.Cell]; s != nil {
		if x, y, ok := center(s); ok {
			pts = append(pts, tdPoint{x, y})
		}
	}
	pts = append(pts, c.Vertices...)
	if t := cellOf[c.Target.Cell]; t != nil {
		if x, y, ok := center(t); ok {
			pts = append(pts, tdPoint{x, y})
		}
	}
	return pts
}

func crossesAny(path []tdPoint, curves [][]tdPoint) bool {
	for _, curve := range curves {
		for i := 0; i+1 < len(path); i++ {
			for j := 0; j+1 < len(curve); j++ {
				if intersect(path[i], path[i+1], curve[j], curve[j+1]) {
					return true
				}
			}
		}
	}
	return false
}

func orient(a, b, c tdPoint) float64 { return (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X) }

// intersect reports whether segments ab and cd properly cross.
func intersect(a, b, c, d tdPoint) bool {
	d1, d2 := orient(c, d, a), orient(c, d, b)
	d3, d4 := orient(a, b, c), orient(a, b, d)
	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

// zones turns trust boundary curves into boundaries: elements joined by a
// flow that crosses no curve share a zone; each zone of two or more zones
// becomes a boundary for its elements that no box holds already.
func (im *importer) zones(curves [][]tdPoint, cellOf map[string]*tdCell, cells []tdCell) {
	m := im.out.Model
	parent := map[string]string{}
	find := func(x string) string {
		for parent[x] != "" && parent[x] != x {
			x = parent[x]
		}
		return x
	}
	for _, e := range m.Elements {
		parent[e.ID] = e.ID
	}
	for i := range cells {
		c := &cells[i]
		if cellType(c) != typeFlow || c.Source == nil || c.Target == nil {
			continue
		}
		from, to := im.byCell[c.Source.Cell], im.byCell[c.Target.Cell]
		if from == nil || to == nil || crossesAny(flowPath(c, cellOf), curves) {
			continue
		}
		parent[find(from.ID)] = find(to.ID)
	}
	roots := map[string]string{}
	var order []string
	for _, e := range m.Elements {
		r := find(e.ID)
		if _, ok := roots[r]; !ok {
			roots[r] = ""
			order = append(order, r)
		}
	}
	if len(order) < 2 {
		return
	}
	for i, r := range order {
		id := im.id(fmt.Sprintf("zone-%d", i+1), "", "zone")
		roots[r] = id
		m.Boundaries = append(m.Boundaries, &model.Boundary{ID: id, Name: fmt.Sprintf("zone %d (between trust boundary curves)", i+1)})
	}
	for _, e := range m.Elements {
		if e.Boundary == "" {
			e.Boundary = roots[find(e.ID)]
		}
	}
	// Drop zones nothing ended up in (their elements were all in boxes).
	used := map[string]bool{}
	for _, e := range m.Elements {
		used[e.Boundary] = true
	}
	m.Boundaries = slices.DeleteFunc(m.Boundaries, func(b *model.Boundary) bool {
		return strings.HasPrefix(b.ID, "zone-") && !used[b.ID]
	})
}

var tdStatus = map[string]string{"open": model.Open, "mitigated": model.Mitigated, "na": model.NotApplicable, "n/a": model.NotApplicable, "notapplicable": model.NotApplicable}

// threats brings back the statuses of awssec threats and lists the others
// in the element's description.
func (im *importer) threats(e *model.Element, ts []tdThreat) {
	var other []string
	for _, t := range ts {
		if st, ours := im.status(t); ours {
			if st != nil {
				im.out.Model.Threats = append(im.out.Model.Threats, st)
			}
			continue
		}
		other = append(other, fmt.Sprintf("%s (%s, %s)", t.Title, t.Type, t.Status))
	}
	if len(other) > 0 {
		e.Description = strings.TrimSpace(e.Description + " Threat Dragon threats: " + strings.Join(other, "; ") + ".")
		im.note("%d hand-written Threat Dragon threats on %q kept in its description", len(other), e.ID)
	}
}

func (im *importer) flowThreats(f *model.Flow, ts []tdThreat) {
	var other []string
	for _, t := range ts {
		if st, ours := im.status(t); ours {
			if st != nil {
				im.out.Model.Threats = append(im.out.Model.Threats, st)
			}
			continue
		}
		other = append(other, fmt.Sprintf("%s (%s, %s)", t.Title, t.Type, t.Status))
	}
	if len(other) > 0 {
		f.Description = strings.TrimSpace(f.Description + " Threat Dragon threats: " + strings.Join(other, "; ") + ".")
		im.note("%d hand-written Threat Dragon threats on flow %q kept in its description", len(other), f.ID)
	}
}

// status reads a threat awssec exported (its title starts with the threat
// id): ours is false for hand-written threats; the status is nil for open
// threats, the default, and for a repeated id.
func (im *importer) status(t tdThreat) (*model.ThreatStatus, bool) {
	sub := threatIDPattern.FindStringSubmatch(t.Title)
	if sub == nil {
		return nil, false
	}
	st := tdStatus[strings.ToLower(strings.ReplaceAll(t.Status, " ", ""))]
	if st == "" {
		st = model.Open
	}
	if strings.Contains(t.Description, "[awssec: accepted]") {
		st = model.Accepted
	}
	if st == model.Open {
		return nil, true // open is the default; nothing to record
	}
	note := ""
	if i := strings.Index(t.Description, "Note: "); i >= 0 {
		note = strings.TrimSpace(t.Description[i+len("Note: "):])
	}
	for _, seen := range im.out.Model.Threats {
		if seen.ID == sub[1] {
			return nil, true
		}
	}
	return &model.ThreatStatus{ID: sub[1], Status: st, Note: note}, true
}
