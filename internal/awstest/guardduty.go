package awstest

import (
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerGuardDuty serves the region's GuardDuty detectors (REST-JSON,
// camelCase members). A detector's administrator, destinations or filters
// that the inventory did not read answer AccessDenied.
func registerGuardDuty(s *Server) {
	detectors := func(r *Request) []*inventory.GuardDutyDetector {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.GuardDutyDetectors
		}
		return nil
	}
	find := func(r *Request) (*inventory.GuardDutyDetector, error) {
		id := r.String("DetectorId")
		for _, d := range detectors(r) {
			if d.ID == id {
				return d, nil
			}
		}
		return nil, &Error{Status: 400, Code: "BadRequestException", Message: "The request is rejected because the input detectorId is not owned by the current account."}
	}
	s.Route("guardduty", "GET", "/detector", "ListDetectors", func(r *Request) (any, error) {
		var ids []any
		for _, d := range detectors(r) {
			ids = append(ids, d.ID)
		}
		page, next, err := Page(ids, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"detectorIds": gdList(page), "nextToken": nilIfEmpty(next)}, nil
	})
	s.Route("guardduty", "GET", "/detector/{DetectorId}", "GetDetector", func(r *Request) (any, error) {
		d, err := find(r)
		if err != nil {
			return nil, err
		}
		out := M{"status": d.Status, "serviceRole": d.ServiceRole, "createdAt": gdTime(d.CreatedAt), "updatedAt": gdTime(d.UpdatedAt)}
		if d.FindingPublishingFrequency != "" {
			out["findingPublishingFrequency"] = d.FindingPublishingFrequency
		}
		if len(d.Tags) > 0 {
			tags := M{}
			for k, v := range d.Tags {
				tags[k] = v
			}
			out["tags"] = tags
		}
		if d.Features != nil {
			features := []any{}
			for _, f := range d.Features {
				feat := M{"name": f.Name, "status": f.Status}
				if !f.UpdatedAt.IsZero() {
					feat["updatedAt"] = f.UpdatedAt
				}
				if len(f.AdditionalConfiguration) > 0 {
					var extra []any
					for _, c := range f.AdditionalConfiguration {
						extra = append(extra, M{"name": c.Name, "status": c.Status})
					}
					feat["additionalConfiguration"] = extra
				}
				features = append(features, feat)
			}
			out["features"] = features
		}
		return out, nil
	})
	s.Route("guardduty", "GET", "/detector/{DetectorId}/administrator", "GetAdministratorAccount", func(r *Request) (any, error) {
		d, err := find(r)
		if err != nil {
			return nil, err
		}
		if d.Administrator == nil {
			return nil, AccessDenied(RESTJSON)
		}
		if d.Administrator.AccountID == "" {
			return M{}, nil // no administrator: the member is standalone or the administrator itself
		}
		a := d.Administrator
		return M{"administrator": M{"accountId": a.AccountID, "relationshipStatus": a.RelationshipStatus,
			"invitationId": "awstest-invitation-" + a.AccountID, "invitedAt": gdTime(a.InvitedAt)}}, nil
	})
	s.Route("guardduty", "GET", "/detector/{DetectorId}/publishingDestination", "ListPublishingDestinations", func(r *Request) (any, error) {
		d, err := find(r)
		if err != nil {
			return nil, err
		}
		if d.PublishingDestinations == nil {
			return nil, AccessDenied(RESTJSON)
		}
		page, next, err := Page(d.PublishingDestinations, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		out := []any{}
		for _, p := range page {
			out = append(out, M{"destinationId": p.DestinationID, "destinationType": p.DestinationType, "status": p.Status})
		}
		return M{"destinations": out, "nextToken": nilIfEmpty(next)}, nil
	})
	s.Route("guardduty", "GET", "/detector/{DetectorId}/publishingDestination/{DestinationId}", "DescribePublishingDestination", func(r *Request) (any, error) {
		d, err := find(r)
		if err != nil {
			return nil, err
		}
		for _, p := range d.PublishingDestinations {
			if p.DestinationID != r.String("DestinationId") {
				continue
			}
			props := M{"destinationArn": nilIfEmpty(p.DestinationARN), "kmsKeyArn": nilIfEmpty(p.KMSKeyARN)}
			return M{"destinationId": p.DestinationID, "destinationType": p.DestinationType, "status": p.Status,
				"publishingFailureStartTimestamp": 0, "destinationProperties": props}, nil
		}
		return nil, &Error{Status: 400, Code: "BadRequestException", Message: "The request is rejected because the input destinationId is not valid."}
	})
	s.Route("guardduty", "GET", "/detector/{DetectorId}/filter", "ListFilters", func(r *Request) (any, error) {
		d, err := find(r)
		if err != nil {
			return nil, err
		}
		if d.Filters == nil {
			return nil, AccessDenied(RESTJSON)
		}
		var names []any
		for _, f := range d.Filters {
			names = append(names, f.Name)
		}
		page, next, err := Page(names, r.String("nextToken"), s.PageSize)
		if err != nil {
			return nil, err
		}
		return M{"filterNames": gdList(page), "nextToken": nilIfEmpty(next)}, nil
	})
	s.Route("guardduty", "GET", "/detector/{DetectorId}/filter/{FilterName}", "GetFilter", func(r *Request) (any, error) {
		d, err := find(r)
		if err != nil {
			return nil, err
		}
		for _, f := range d.Filters {
			if f.Name != r.String("FilterName") {
				continue
			}
			criterion := M{}
			for _, c := range f.Criteria {
				cond := M{}
				if len(c.Equals) > 0 {
					cond["equals"] = c.Equals
				}
				if len(c.NotEquals) > 0 {
					cond["notEquals"] = c.NotEquals
				}
				for key, v := range map[string]*int64{"greaterThan": c.GreaterThan, "greaterThanOrEqual": c.GreaterThanOrEqual,
					"lessThan": c.LessThan, "lessThanOrEqual": c.LessThanOrEqual} {
					if v != nil {
						cond[key] = *v
					}
				}
				criterion[c.Field] = cond
			}
			out := M{"name": f.Name, "action": f.Action, "rank": f.Rank, "findingCriteria": M{"criterion": criterion}}
			if f.Description != "" {
				out["description"] = f.Description
			}
			return out, nil
		}
		return nil, &Error{Status: 400, Code: "BadRequestException", Message: "The request is rejected since no such resource found."}
	})
}

// gdTime is GuardDuty's string timestamp (createdAt, updatedAt, invitedAt).
func gdTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// gdList keeps an empty list an empty JSON array rather than omitting it,
// as the JSON APIs answer.
func gdList(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}
