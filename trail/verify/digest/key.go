package digest

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// KeyTimeLayout is the end time in a digest file name (20150817T150131Z).
const KeyTimeLayout = "20060102T150405Z"

// LogTimeLayout is the delivery time in a log file name (20150817T1500Z).
const LogTimeLayout = "20060102T1504Z"

// Key is the location of a digest file, as CloudTrail names it:
//
//	[prefix/]AWSLogs/[o-id/]<account>/CloudTrail-Digest/<region>/<yyyy>/<mm>/<dd>/
//	    <account>_CloudTrail-Digest_<region>_<trail>_<home-region>_<end>[_backfill].json.gz
type Key struct {
	Prefix     string // without the trailing slash; "" when none
	OrgID      string // organization trails only
	Account    string
	Region     string // the region whose events the digest covers
	Trail      string // trail name
	HomeRegion string // the trail's home region
	End        time.Time
	Backfill   bool
}

// Chain names the digest chain a key belongs to: one per trail, account
// and region.
type Chain struct{ OrgID, Account, Region, Trail, HomeRegion string }

func (c Chain) String() string {
	s := c.Account + "/" + c.Region + " trail " + c.Trail + " (home " + c.HomeRegion + ")"
	if c.OrgID != "" {
		s = c.OrgID + "/" + s
	}
	return s
}

// Chain returns the chain of the digest.
func (k Key) Chain() Chain {
	return Chain{OrgID: k.OrgID, Account: k.Account, Region: k.Region, Trail: k.Trail, HomeRegion: k.HomeRegion}
}

// String is the S3 key.
func (k Key) String() string {
	var b strings.Builder
	if k.Prefix != "" {
		b.WriteString(k.Prefix + "/")
	}
	b.WriteString("AWSLogs/")
	if k.OrgID != "" {
		b.WriteString(k.OrgID + "/")
	}
	fmt.Fprintf(&b, "%s/CloudTrail-Digest/%s/%s/%s_CloudTrail-Digest_%s_%s_%s_%s", k.Account, k.Region, k.End.Format("2006/01/02"),
		k.Account, k.Region, k.Trail, k.HomeRegion, k.End.Format(KeyTimeLayout))
	if k.Backfill {
		b.WriteString("_backfill")
	}
	b.WriteString(".json.gz")
	return b.String()
}

var (
	digestKey = regexp.MustCompile(`^(?:(.+)/)?AWSLogs/(?:(o-[a-z0-9]{10,32})/)?(\d{12})/CloudTrail-Digest/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/` +
		`(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_([A-Za-z0-9._-]+)_([a-z]{2}(?:-[a-z]+)+-\d+)_(\d{8}T\d{6}Z)(_backfill)?\.json\.gz$`)
	logKey = regexp.MustCompile(`^(?:(.+)/)?AWSLogs/(?:(o-[a-z0-9]{10,32})/)?(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/` +
		`(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json\.gz$`)
)

// ParseKey reads a digest file's S3 key. It reports false for keys that
// are not digest files, or whose parts disagree (the account or region
// in the path and in the name, the date path and the end time).
func ParseKey(key string) (Key, bool) {
	m := digestKey.FindStringSubmatch(key)
	if m == nil || m[3] != m[8] || m[4] != m[9] {
		return Key{}, false
	}
	end, err := time.Parse(KeyTimeLayout, m[12])
	if err != nil || end.Format("2006/01/02") != m[5]+"/"+m[6]+"/"+m[7] {
		return Key{}, false
	}
	return Key{Prefix: m[1], OrgID: m[2], Account: m[3], Region: m[4], Trail: m[10], HomeRegion: m[11], End: end, Backfill: m[13] != ""}, true
}

// LogKey is the location of a log file.
type LogKey struct {
	Prefix, OrgID, Account, Region string
	Delivered                      time.Time
}

// ParseLogKey reads a log file's S3 key:
//
//	[prefix/]AWSLogs/[o-id/]<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<account>_CloudTrail_<region>_<yyyymmddThhmmZ>_<id>.json.gz
func ParseLogKey(key string) (LogKey, bool) {
	m := logKey.FindStringSubmatch(key)
	if m == nil || m[3] != m[8] || m[4] != m[9] {
		return LogKey{}, false
	}
	t, err := time.Parse(LogTimeLayout, m[10])
	if err != nil {
		return LogKey{}, false
	}
	return LogKey{Prefix: m[1], OrgID: m[2], Account: m[3], Region: m[4], Delivered: t}, true
}
