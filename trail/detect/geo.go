package detect

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssec/awssec/trail/ctlog"
)

// GeoDB locates IP addresses: networks with a latitude and longitude.
type GeoDB struct {
	nets []geoNet
}

type geoNet struct {
	pfx      netip.Prefix
	lat, lon float64
}

// ReadGeoCSV reads a CSV with a header naming at least the columns
// "network", "latitude" and "longitude" — the layout of MaxMind's GeoLite2
// City blocks files (GeoLite2-City-Blocks-IPv4.csv), so those files work
// as they are. Networks must not overlap.
func ReadGeoCSV(name string, r io.Reader) (*GeoDB, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.ToLower(h))] = i
	}
	ni, ok1 := col["network"]
	lai, ok2 := col["latitude"]
	loi, ok3 := col["longitude"]
	if !ok1 || !ok2 || !ok3 {
		return nil, fmt.Errorf("%s:1: header must name the columns network, latitude and longitude", name)
	}
	db := &GeoDB{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if len(rec) <= max(ni, lai, loi) {
			return nil, fmt.Errorf("%s:%d: want %d columns, got %d", name, line, len(head), len(rec))
		}
		if rec[lai] == "" || rec[loi] == "" {
			continue // a network with no location (anonymous proxies, satellites)
		}
		pfx, err := netip.ParsePrefix(rec[ni])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: network %q is not a CIDR block", name, line, rec[ni])
		}
		lat, err1 := strconv.ParseFloat(rec[lai], 64)
		lon, err2 := strconv.ParseFloat(rec[loi], 64)
		if err1 != nil || err2 != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
			return nil, fmt.Errorf("%s:%d: latitude/longitude %q,%q is not a location", name, line, rec[lai], rec[loi])
		}
		db.nets = append(db.nets, geoNet{pfx.Masked(), lat, lon})
	}
	slices.SortFunc(db.nets, func(a, b geoNet) int { return a.pfx.Addr().Compare(b.pfx.Addr()) })
	return db, nil
}

// Locate returns the location of an address.
func (g *GeoDB) Locate(ip string) (lat, lon float64, ok bool) {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return 0, 0, false
	}
	a = a.Unmap()
	i, _ := slices.BinarySearchFunc(g.nets, a, func(n geoNet, t netip.Addr) int { return n.pfx.Addr().Compare(t) })
	// The candidate is the last network starting at or before a.
	for _, j := range []int{i, i - 1} {
		if j >= 0 && j < len(g.nets) && g.nets[j].pfx.Contains(a) {
			return g.nets[j].lat, g.nets[j].lon, true
		}
	}
	return 0, 0, false
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// seen is when one principal used one address: the first and last time and
// an event of each.
type seen struct {
	first, last       time.Time
	firstRef, lastRef EventRef
}

type travelTracker struct {
	// principal → address → use; addresses per principal are capped, so
	// memory does not grow with the number of events.
	uses map[string]map[string]*seen
}

const maxAddrsPerPrincipal = 64

func newTravel() *travelTracker { return &travelTracker{uses: map[string]map[string]*seen{}} }

func (t *travelTracker) observe(e *ctlog.Event) {
	ip := e.SourceIPAddress
	if ip == "" || ip[0] < '0' || ip[0] > '9' && !strings.Contains(ip, ":") || e.UserIdentity.InvokedBy != "" {
		return
	}
	ts := e.Time()
	if ts.IsZero() || e.UserIdentity.Type == "AWSService" {
		return
	}
	p := e.Principal()
	m := t.uses[p]
	if m == nil {
		m = map[string]*seen{}
		t.uses[p] = m
	}
	s := m[ip]
	if s == nil {
		if len(m) >= maxAddrsPerPrincipal {
			return
		}
		r := Ref(e)
		m[ip] = &seen{ts, ts, r, r}
		return
	}
	if ts.Before(s.first) {
		s.first, s.firstRef = ts, Ref(e)
	}
	if ts.After(s.last) {
		s.last, s.lastRef = ts, Ref(e)
	}
}

func (t *travelTracker) merge(x tracker) {
	for p, m := range x.(*travelTracker).uses {
		mine := t.uses[p]
		if mine == nil {
			t.uses[p] = m
			continue
		}
		for ip, s := range m {
			if o := mine[ip]; o != nil {
				if s.first.Before(o.first) {
					o.first, o.firstRef = s.first, s.firstRef
				}
				if s.last.After(o.last) {
					o.last, o.lastRef = s.last, s.lastRef
				}
			} else if len(mine) < maxAddrsPerPrincipal {
				mine[ip] = s
			}
		}
	}
}

func (t *travelTracker) finish(d *Detection, o *Options) []*Hit {
	if o.Geo == nil {
		return nil
	}
	var hits []*Hit
	for _, p := range slices.Sorted(maps.Keys(t.uses)) {
		m := t.uses[p]
		ips := slices.Sorted(maps.Keys(m))
		var worst *Hit
		worstSpeed := 0.0
		for i, a := range ips {
			la1, lo1, ok1 := o.Geo.Locate(a)
			if !ok1 {
				continue
			}
			for _, b := range ips[i+1:] {
				la2, lo2, ok2 := o.Geo.Locate(b)
				if !ok2 {
					continue
				}
				km := distanceKm(la1, lo1, la2, lo2)
				if km < minTravelKm {
					continue
				}
				sa, sb := m[a], m[b]
				// The closest two uses of the addresses in time.
				from, to := sa.lastRef, sb.firstRef
				gap := sb.first.Sub(sa.last)
				if sb.last.Before(sa.first) {
					from, to, gap = sb.lastRef, sa.firstRef, sa.first.Sub(sb.last)
				} else if gap < 0 {
					gap = 0 // the two addresses were in use at the same time
					from, to = sa.firstRef, sb.firstRef
				}
				speed := math.Inf(1)
				if gap > 0 {
					speed = km / gap.Hours()
				}
				if speed <= maxSpeedKmh || speed <= worstSpeed {
					continue
				}
				worstSpeed = speed
				how := "at the same time"
				if gap > 0 {
					how = fmt.Sprintf("%s apart (%.0f km/h)", gap.Round(time.Second), speed)
				}
				worst = &Hit{Detection: d, Principal: p, Count: 2, Events: []EventRef{from, to},
					Reason: fmt.Sprintf("calls from %s and %s, %.0f km apart, %s", from.SourceIP, to.SourceIP, km, how)}
			}
		}
		if worst != nil {
			finishHit(worst)
			hits = append(hits, worst)
		}
	}
	slices.SortFunc(hits, func(a, b *Hit) int { return cmp.Compare(a.Principal, b.Principal) })
	return hits
}
