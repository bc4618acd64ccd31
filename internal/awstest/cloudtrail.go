package awstest

import (
	"crypto/md5"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerCloudTrail serves the estate's trails (JSON 1.1,
// CloudTrail_20131101). A trail lives in its home region of the account that
// owns it; DescribeTrails also shows it as a shadow trail where AWS does
// (other regions of a multi-region trail, member accounts of an
// organization trail) unless includeShadowTrails is false.
func registerCloudTrail(s *Server) {
	// visible lists the trails DescribeTrails returns to the caller.
	visible := func(r *Request) []*inventory.Trail {
		acct, reg := r.Scope(s)
		if reg == nil {
			return nil
		}
		out := append([]*inventory.Trail(nil), reg.Resources.Trails...)
		if v, ok := r.Params["includeShadowTrails"].(bool); ok && !v {
			return out
		}
		for _, a := range s.Estate.Accounts {
			for _, home := range a.Regions {
				if a == acct && home == reg {
					continue
				}
				for _, t := range home.Resources.Trails {
					everywhere := t.IsMultiRegionTrail || home.Name == reg.Name
					switch {
					case a == acct && t.IsMultiRegionTrail,
						a != acct && t.IsOrganizationTrail && everywhere && s.Estate.Organization != nil &&
							s.Estate.Organization.ManagementAccount == a.ID:
						out = append(out, t)
					}
				}
			}
		}
		return out
	}
	// find looks a trail up by name or ARN among those the caller sees.
	find := func(r *Request, param string) (*inventory.Trail, error) {
		name := r.String(param)
		for _, t := range visible(r) {
			if t.ARN == name || t.Name == name {
				return t, nil
			}
		}
		return nil, &Error{Status: 400, Code: "TrailNotFoundException", Message: "Unknown trail: " + name + " for the user: " + r.Account}
	}
	s.Handle("cloudtrail", "DescribeTrails", func(r *Request) (any, error) {
		names := r.Strings("trailNameList")
		var list []any
		for _, t := range visible(r) {
			if len(names) > 0 && !trailNamed(t, names) {
				continue
			}
			m := M{"Name": t.Name, "TrailARN": t.ARN, "HomeRegion": t.HomeRegion, "S3BucketName": t.S3BucketName,
				"IsMultiRegionTrail": t.IsMultiRegionTrail, "IsOrganizationTrail": t.IsOrganizationTrail,
				"IncludeGlobalServiceEvents": t.IncludeGlobalServiceEvents, "LogFileValidationEnabled": t.LogFileValidationEnabled != nil && *t.LogFileValidationEnabled,
				"HasCustomEventSelectors": t.HasCustomEventSelectors, "HasInsightSelectors": t.HasInsightSelectors,
				"S3KeyPrefix": nilIfEmpty(t.S3KeyPrefix), "KmsKeyId": trailString(t.KMSKeyID),
				"CloudWatchLogsLogGroupArn": trailString(t.CloudWatchLogsLogGroupARN),
				"CloudWatchLogsRoleArn":     nilIfEmpty(t.CloudWatchLogsRoleARN)}
			if t.SNSTopicARN != "" {
				m["SnsTopicARN"] = t.SNSTopicARN
				m["SnsTopicName"] = t.SNSTopicARN[strings.LastIndexByte(t.SNSTopicARN, ':')+1:]
			}
			list = append(list, m)
		}
		return M{"trailList": list}, nil
	})
	s.Handle("cloudtrail", "GetTrailStatus", func(r *Request) (any, error) {
		t, err := find(r, "Name")
		if err != nil {
			return nil, err
		}
		st := t.Status
		if st == nil {
			return nil, AccessDenied(JSON)
		}
		out := M{"IsLogging": st.IsLogging,
			"LatestDeliveryError": nilIfEmpty(st.LatestDeliveryError), "LatestDigestDeliveryError": nilIfEmpty(st.LatestDigestDeliveryError),
			"LatestCloudWatchLogsDeliveryError": nilIfEmpty(st.LatestCloudWatchLogsDeliveryError),
			"LatestNotificationError":           nilIfEmpty(st.LatestNotificationError)}
		for k, v := range map[string]time.Time{"StartLoggingTime": st.StartLoggingTime, "StopLoggingTime": st.StopLoggingTime,
			"LatestDeliveryTime": st.LatestDeliveryTime, "LatestDigestDeliveryTime": st.LatestDigestDeliveryTime,
			"LatestCloudWatchLogsDeliveryTime": st.LatestCloudWatchLogsDeliveryTime} {
			if !v.IsZero() {
				out[k] = v
			}
		}
		return out, nil
	})
	s.Handle("cloudtrail", "GetEventSelectors", func(r *Request) (any, error) {
		t, err := find(r, "TrailName")
		if err != nil {
			return nil, err
		}
		sel := t.Selectors
		if sel == nil {
			return nil, AccessDenied(JSON)
		}
		out := M{"TrailARN": t.ARN}
		if len(sel.EventSelectors) == 0 && len(sel.AdvancedEventSelectors) == 0 {
			// A trail never given selectors reports the default one.
			out["EventSelectors"] = []any{M{"ReadWriteType": "All", "IncludeManagementEvents": true,
				"DataResources": []any{}, "ExcludeManagementEventSources": []any{}}}
			return out, nil
		}
		if len(sel.EventSelectors) > 0 {
			var list []any
			for _, es := range sel.EventSelectors {
				var data []any
				for _, d := range es.DataResources {
					data = append(data, M{"Type": d.Type, "Values": trailStrings(d.Values)})
				}
				list = append(list, M{"ReadWriteType": es.ReadWriteType, "IncludeManagementEvents": es.IncludeManagementEvents,
					"DataResources": append([]any{}, data...), "ExcludeManagementEventSources": trailStrings(es.ExcludeManagementEventSources)})
			}
			out["EventSelectors"] = list
		}
		if len(sel.AdvancedEventSelectors) > 0 {
			var list []any
			for _, as := range sel.AdvancedEventSelectors {
				var fields []any
				for _, f := range as.FieldSelectors {
					m := M{"Field": f.Field}
					for k, v := range map[string][]string{"Equals": f.Equals, "NotEquals": f.NotEquals, "StartsWith": f.StartsWith,
						"NotStartsWith": f.NotStartsWith, "EndsWith": f.EndsWith, "NotEndsWith": f.NotEndsWith} {
						if len(v) > 0 {
							m[k] = trailStrings(v)
						}
					}
					fields = append(fields, m)
				}
				list = append(list, M{"Name": nilIfEmpty(as.Name), "FieldSelectors": fields})
			}
			out["AdvancedEventSelectors"] = list
		}
		return out, nil
	})
	s.Handle("cloudtrail", "GetInsightSelectors", func(r *Request) (any, error) {
		t, err := find(r, "TrailName")
		if err != nil {
			return nil, err
		}
		if !t.HasInsightSelectors {
			return nil, &Error{Status: 400, Code: "InsightNotEnabledException",
				Message: "Trail " + t.Name + " does not have Insights enabled. Edit the trail settings to enable Insights, and then try the operation again."}
		}
		if !t.Known("insightSelectors") {
			return nil, AccessDenied(JSON)
		}
		var list []any
		for _, is := range t.InsightSelectors {
			list = append(list, M{"InsightType": is.InsightType})
		}
		return M{"TrailARN": t.ARN, "InsightSelectors": list}, nil
	})
}

func trailNamed(t *inventory.Trail, names []string) bool {
	for _, n := range names {
		if n == t.Name || n == t.ARN {
			return true
		}
	}
	return false
}

// trailStrings is a JSON string list, empty rather than absent as AWS sends it.
func trailStrings(v []string) []any {
	out := []any{}
	for _, s := range v {
		out = append(out, s)
	}
	return out
}

// trailString is an optional string member: absent when unset or empty.
func trailString(p *string) any {
	if p == nil {
		return nil
	}
	return nilIfEmpty(*p)
}

// PublicKey is a CloudTrail digest-signing public key that ListPublicKeys
// serves in one region.
type PublicKey struct {
	DER        []byte // PKCS#1 RSAPublicKey
	Start, End time.Time
}

// ServePublicKeys makes ListPublicKeys answer with these keys, by region:
// those whose validity overlaps the requested StartTime–EndTime (both
// default to now). The Fingerprint is the MD5 of the DER, as CloudTrail's;
// Value is the DER as a JSON blob (base64), which the AWS CLI v2 passes on
// undecoded to its own base64 decoding in validate-logs.
func (s *Server) ServePublicKeys(keys map[string][]PublicKey) {
	s.Handle("cloudtrail", "ListPublicKeys", func(r *Request) (any, error) {
		now := time.Now()
		start, end := epochParam(r, "StartTime", now), epochParam(r, "EndTime", now)
		if end.Before(start) {
			return nil, &Error{Status: 400, Code: "InvalidTimeRangeException", Message: "Occurs if the timestamp values are not valid."}
		}
		list := []any{}
		for _, k := range keys[r.Region] {
			if k.Start.After(end) || (!k.End.IsZero() && k.End.Before(start)) {
				continue
			}
			sum := md5.Sum(k.DER)
			m := M{"Fingerprint": hex.EncodeToString(sum[:]), "ValidityStartTime": k.Start,
				"Value": k.DER}
			if !k.End.IsZero() {
				m["ValidityEndTime"] = k.End
			}
			list = append(list, m)
		}
		return M{"PublicKeyList": list}, nil
	})
}

// epochParam reads a JSON timestamp member (epoch seconds).
func epochParam(r *Request, name string, def time.Time) time.Time {
	switch v := r.Params[name].(type) {
	case float64:
		sec, frac := math.Modf(v)
		return time.Unix(int64(sec), int64(frac*1e9))
	case string: // JSON numbers arrive as their text
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			sec, frac := math.Modf(f)
			return time.Unix(int64(sec), int64(frac*1e9))
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t
		}
	}
	return def
}
