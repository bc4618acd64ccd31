package dragon

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/awssec/awssec/threat/model"
)

// Threat Dragon cells have no place for most of awssec's properties (WAF,
// IMDS, backups, data classifications, the AWS resource). Export writes
// them as one line at the end of the cell's description, which Threat
// Dragon shows and keeps:
//
//	[awssec] waf=true imds=v1 stores=pii:confidential aws.arn=arn:aws:...
//
// and Import reads that line back, so a model survives the round trip.
// Boundary kinds travel in the boundary's name: "prod VPC [vpc]".
const marker = "[awssec]"

var (
	idPattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)
	kindPattern = regexp.MustCompile(`^(.*) \[(account|vpc|subnet|internet|partner)\]$`)
)

func withProps(desc string, props []string) string {
	if len(props) == 0 {
		return desc
	}
	line := marker + " " + strings.Join(props, " ")
	if desc == "" {
		return line
	}
	return desc + "\n" + line
}

// splitProps separates the description from its properties line.
func splitProps(desc string) (string, []string) {
	lines := strings.Split(desc, "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), marker); ok {
			return strings.TrimSpace(strings.Join(slices.Delete(lines, i, i+1), "\n")), strings.Fields(rest)
		}
	}
	return desc, nil
}

func boolProp(props []string, key string, b *bool) []string {
	if b != nil {
		props = append(props, key+"="+strconv.FormatBool(*b))
	}
	return props
}

func flagProp(props []string, key string, b bool) []string {
	if b {
		props = append(props, key+"=true")
	}
	return props
}

func strProp(props []string, key, v string) []string {
	if v != "" && !strings.ContainsAny(v, " \t\n") {
		props = append(props, key+"="+v)
	}
	return props
}

func dataProp(props []string, key string, ids []string, class map[string]model.Classification) []string {
	if len(ids) == 0 {
		return props
	}
	var parts []string
	for _, id := range ids {
		parts = append(parts, id+":"+class[id].String())
	}
	return append(props, key+"="+strings.Join(parts, ","))
}

func elementProps(e *model.Element, class map[string]model.Classification) []string {
	p := []string{"id=" + e.ID}
	if a := e.AWS; a != nil {
		p = strProp(p, "aws.type", a.Type)
		p = strProp(p, "aws.arn", a.ARN)
		p = strProp(p, "aws.id", a.ID)
		p = strProp(p, "aws.account", a.Account)
		p = strProp(p, "aws.region", a.Region)
	}
	p = dataProp(p, "stores", e.Stores, class)
	p = boolProp(p, "encrypted", e.Encrypted)
	p = boolProp(p, "logging", e.Logging)
	p = boolProp(p, "waf", e.WAF)
	p = boolProp(p, "rate_limited", e.RateLimited)
	p = boolProp(p, "versioning", e.Versioning)
	p = boolProp(p, "deletion_protection", e.DeletionProtection)
	p = boolProp(p, "mfa", e.MFA)
	p = strProp(p, "backup", e.Backup)
	p = strProp(p, "imds", e.IMDS)
	p = flagProp(p, "privileged", e.Privileged)
	p = flagProp(p, "secrets_in_env", e.SecretsInEnv)
	p = flagProp(p, "multi_tenant", e.MultiTenant)
	p = flagProp(p, "public", e.Public)
	p = flagProp(p, "log", e.Log)
	p = flagProp(p, "human", e.Human)
	return p
}

func flowProps(f *model.Flow, class map[string]model.Classification) []string {
	p := []string{"id=" + f.ID}
	if f.Port != 0 {
		p = append(p, fmt.Sprintf("port=%d", f.Port))
	}
	p = boolProp(p, "authenticated", f.Authenticated)
	p = boolProp(p, "external_id", f.ExternalID)
	return dataProp(p, "data", f.Data, class)
}

// applyElement sets an element's properties from its properties line;
// what it cannot read is noted and skipped.
func (im *importer) applyElement(e *model.Element, props []string) {
	for _, kv := range props {
		k, v, _ := strings.Cut(kv, "=")
		var err error
		switch k {
		case "id": // read by idFromProps
		case "aws.type", "aws.arn", "aws.id", "aws.account", "aws.region":
			if e.AWS == nil {
				e.AWS = &model.AWSRef{}
			}
			switch k {
			case "aws.type":
				e.AWS.Type = v
			case "aws.arn":
				if !strings.HasPrefix(v, "arn:") {
					err = fmt.Errorf("not an ARN")
				} else {
					e.AWS.ARN = v
				}
			case "aws.id":
				e.AWS.ID = v
			case "aws.account":
				e.AWS.Account = v
			case "aws.region":
				e.AWS.Region = v
			}
		case "stores":
			if e.Type == model.Store {
				e.Stores, err = im.dataList(v)
			}
		case "backup":
			if e.Type == model.Store && slices.Contains(model.BackupStates, v) {
				e.Backup = v
			} else {
				err = fmt.Errorf("not a backup state")
			}
		case "imds":
			if e.Type == model.Process && (v == "v1" || v == "v2") {
				e.IMDS = v
			} else {
				err = fmt.Errorf("not v1 or v2")
			}
		default:
			var b bool
			if b, err = strconv.ParseBool(v); err != nil {
				break
			}
			ptr := map[string]**bool{"encrypted": &e.Encrypted, "logging": &e.Logging, "waf": &e.WAF, "rate_limited": &e.RateLimited,
				"versioning": &e.Versioning, "deletion_protection": &e.DeletionProtection, "mfa": &e.MFA}
			flag := map[string]*bool{"privileged": &e.Privileged, "secrets_in_env": &e.SecretsInEnv, "multi_tenant": &e.MultiTenant,
				"public": &e.Public, "log": &e.Log, "human": &e.Human}
			if p, ok := ptr[k]; ok && allowed(e.Type, k) {
				*p = &b
			} else if f, ok := flag[k]; ok && allowed(e.Type, k) {
				*f = b
			} else {
				err = fmt.Errorf("unknown property")
			}
		}
		if err != nil {
			im.note("%s %q: property %q skipped: %v", e.Type, e.ID, kv, err)
		}
	}
}

// allowed says which properties apply to which element type, as the
// model's parser does.
func allowed(typ, key string) bool {
	switch key {
	case "human", "mfa":
		return typ == model.Actor
	case "waf", "rate_limited", "imds", "privileged", "secrets_in_env":
		return typ == model.Process
	case "logging":
		return typ == model.Process || typ == model.Store
	}
	return typ == model.Store
}

func (im *importer) applyFlow(f *model.Flow, props []string) {
	for _, kv := range props {
		k, v, _ := strings.Cut(kv, "=")
		var err error
		switch k {
		case "id": // read by idFromProps
		case "port":
			var n int
			if n, err = strconv.Atoi(v); err == nil && (n < 0 || n > 65535) {
				err = fmt.Errorf("out of range")
			}
			if err == nil {
				f.Port = n
			}
		case "authenticated", "external_id":
			var b bool
			if b, err = strconv.ParseBool(v); err == nil {
				if k == "authenticated" {
					f.Authenticated = &b
				} else {
					f.ExternalID = &b
				}
			}
		case "data":
			var ids []string
			if ids, err = im.dataList(v); err == nil {
				for _, id := range ids {
					if !slices.Contains(f.Data, id) {
						f.Data = append(f.Data, id)
					}
				}
			}
		default:
			err = fmt.Errorf("unknown property")
		}
		if err != nil {
			im.note("flow %q: property %q skipped: %v", f.ID, kv, err)
		}
	}
}

// dataList reads "id:classification,..." and declares the data.
func (im *importer) dataList(v string) ([]string, error) {
	var ids []string
	for _, part := range strings.Split(v, ",") {
		id, cls, _ := strings.Cut(part, ":")
		c, ok := model.ParseClassification(cls)
		if !idPattern.MatchString(id) || !ok {
			return nil, fmt.Errorf("%q is not id:classification", part)
		}
		im.declare(id, c)
		ids = append(ids, id)
	}
	return ids, nil
}

func (im *importer) declare(id string, c model.Classification) {
	if im.data[id] {
		return
	}
	im.data[id] = true
	im.out.Model.Data = append(im.out.Model.Data, &model.Data{ID: id, Classification: c})
}

// idFromProps returns the awssec id an exported cell carried, if any.
func idFromProps(props []string) string {
	for _, kv := range props {
		if v, ok := strings.CutPrefix(kv, "id="); ok && idPattern.MatchString(v) {
			return v
		}
	}
	return ""
}

// claim takes an id the cell carried when it is still free, and otherwise
// makes one from the name.
func (im *importer) claim(props []string, name, cell, prefix string) string {
	if id := idFromProps(props); id != "" && !im.ids[id] {
		im.ids[id] = true
		return id
	}
	return im.id(name, cell, prefix)
}
