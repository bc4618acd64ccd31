// Package estate derives a data-flow model from an AWS estate (the
// inventory): the internet, accounts, VPCs and outside accounts as trust
// boundaries; edges (CloudFront, load balancers, API Gateway, function URLs,
// instances with a public address and an internet route) as entry points;
// instances and functions as processes; databases, buckets, queues, search
// domains and exposed snapshots as stores; and the flows between them that
// security groups, route tables, listeners, origins, role policies and role
// trust policies allow. The result is an ordinary model, written as YAML
// for people to refine.
package estate

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/awssec/awssec/inventory"
	"github.com/awssec/awssec/policy"
	"github.com/awssec/awssec/threat/model"
)

// Internet is the id of the internet boundary and InternetUsers the id of
// the actor standing for everyone on it.
const (
	Internet      = "internet"
	InternetUsers = "internet-users"
)

// Derive builds the model of an estate.
func Derive(e *inventory.Estate, title string) *model.Model {
	m, _ := DeriveWithNotes(e, title)
	return m
}

// derivedTypes are the resource types the model is built from; a gap in
// one of them leaves the model incomplete, which the notes say.
var derivedTypes = []string{"AWS::EC2::Instance", "AWS::EC2::SecurityGroup", "AWS::EC2::RouteTable", "AWS::Lambda::Function",
	"AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::Listener", "AWS::ApiGateway::Stage",
	"AWS::ApiGatewayV2::Api", "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::OpenSearchService::Domain", "AWS::SQS::Queue",
	"AWS::S3::Bucket", "AWS::CloudFront::Distribution", "AWS::IAM::Role"}

// DeriveWithNotes builds the model of an estate and says what it could not
// know: resource types that were not read, security groups that elements
// name but the estate does not hold (the flows they would allow are
// missing).
func DeriveWithNotes(e *inventory.Estate, title string) (*model.Model, []string) {
	d := &deriver{
		m:        &model.Model{Title: title},
		ids:      map[string]bool{},
		byRes:    map[string]*model.Element{},
		boundary: map[string]bool{},
		data:     map[string]bool{},
		inside:   map[string]bool{},
		flowSeen: map[string]bool{},
		vpcs:     map[string]string{},
	}
	if d.m.Title == "" {
		d.m.Title = "AWS estate"
	}
	d.m.Description = "Derived by awssec from the " + e.Source + " estate: edit elements, data classifications and flows, then keep the threat statuses here."
	d.m.Boundaries = append(d.m.Boundaries, &model.Boundary{ID: Internet, Name: "Internet", Kind: model.KindInternet})
	d.boundary[Internet] = true
	d.m.Elements = append(d.m.Elements, &model.Element{ID: InternetUsers, Type: model.Actor, Name: "Internet users", Boundary: Internet})
	d.ids[InternetUsers] = true
	for _, a := range e.Accounts {
		d.inside[a.ID] = true
	}
	if o := e.Organization; o != nil {
		for _, a := range o.Accounts {
			d.inside[a.ID] = true
		}
	}
	for _, a := range e.Accounts {
		d.account(a)
		d.gaps("account "+a.ID, a.Gaps)
		for _, r := range a.Regions {
			d.gaps("account "+a.ID+" region "+r.Name, r.Gaps)
		}
	}
	return d.m, d.notes
}

type deriver struct {
	m *model.Model
	// roles are the computes of the account being derived and the role
	// (ARN) or instance profile (ARN) they run with.
	computeRoles []computeRole
	ids          map[string]bool
	byRes        map[string]*model.Element // ARN, id or DNS name → element
	boundary     map[string]bool
	data         map[string]bool
	inside       map[string]bool // accounts of the estate or its organization
	flowSeen     map[string]bool
	notes        []string
	vpcs         map[string]string // account/VPC id → boundary id
}

// flowID returns a unique flow id from its base.
func (d *deriver) flowID(base string) string {
	base = strings.Trim(unsafeID.ReplaceAllString(base, "-"), "-.")
	if len(base) > 120 {
		base = base[:120]
	}
	id := base
	for i := 2; d.ids[id]; i++ {
		id = fmt.Sprintf("%s.%d", base, i)
	}
	d.ids[id] = true
	return id
}

var unsafeID = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// id returns a unique element id from a readable base; a base already taken
// (the same resource name in another account or region) gets the account
// and then the region appended, so ids stay stable across runs.
func (d *deriver) id(base string, a *inventory.Account, region string) string {
	base = strings.Trim(unsafeID.ReplaceAllString(base, "-"), "-.")
	if len(base) > 100 {
		base = base[:100]
	}
	if base == "" || !(base[0] >= 'a' && base[0] <= 'z' || base[0] >= 'A' && base[0] <= 'Z' || base[0] >= '0' && base[0] <= '9') {
		base = "x" + base
	}
	for _, cand := range []string{base, base + "." + a.ID, base + "." + a.ID + "." + region} {
		if !d.ids[cand] {
			d.ids[cand] = true
			return cand
		}
	}
	for i := 2; ; i++ {
		cand := fmt.Sprintf("%s.%s.%d", base, a.ID, i)
		if !d.ids[cand] {
			d.ids[cand] = true
			return cand
		}
	}
}

func (d *deriver) addBoundary(b *model.Boundary) {
	if !d.boundary[b.ID] {
		d.boundary[b.ID] = true
		d.m.Boundaries = append(d.m.Boundaries, b)
	}
}

func accountBoundary(a *inventory.Account) string { return "acct-" + a.ID }

// vpcBoundary returns the boundary of a VPC, creating it on first use.
func (d *deriver) vpcBoundary(a *inventory.Account, vpcID string) string {
	if vpcID == "" {
		return accountBoundary(a)
	}
	key := a.ID + "/" + vpcID
	if id, ok := d.vpcs[key]; ok {
		return id
	}
	// A VPC id is unique in its account; the same id in another account
	// (a copied estate, a shared VPC seen from two accounts) gets the
	// account appended, so each account's VPC stays its own boundary.
	id := vpcID
	if d.boundary[id] {
		id = vpcID + "." + a.ID
	}
	d.vpcs[key] = id
	d.addBoundary(&model.Boundary{ID: id, Kind: model.KindVPC, Parent: accountBoundary(a)})
	return id
}

func (d *deriver) element(e *model.Element, keys ...string) *model.Element {
	d.m.Elements = append(d.m.Elements, e)
	for _, k := range keys {
		if k != "" {
			d.byRes[k] = e
		}
	}
	return e
}

// classification reads a data classification from a resource's tags
// (DataClassification, data-classification, classification), defaulting to
// internal, and returns the data id a store of it holds.
func (d *deriver) classification(tags map[string]string) string {
	c := model.Internal
	for k, v := range tags {
		switch strings.ToLower(strings.ReplaceAll(k, "-", "")) {
		case "dataclassification", "classification":
			if parsed, ok := model.ParseClassification(strings.ToLower(v)); ok {
				c = parsed
			}
		}
	}
	id := c.String() + "-data"
	if !d.data[id] {
		d.data[id] = true
		d.m.Data = append(d.m.Data, &model.Data{ID: id, Name: c.String() + " data", Classification: c})
		slices.SortFunc(d.m.Data, func(x, y *model.Data) int { return int(x.Classification) - int(y.Classification) })
	}
	return id
}

func (d *deriver) flow(from, to *model.Element, protocol string, port int, authenticated *bool, what string) *model.Flow {
	if from == nil || to == nil || from == to {
		return nil
	}
	key := fmt.Sprintf("%s>%s>%s>%d", from.ID, to.ID, protocol, port)
	if d.flowSeen[key] {
		return nil
	}
	d.flowSeen[key] = true
	// The id is made of the ends and the port, not a counter, so it stays
	// the same when the estate gains or loses other resources and the
	// statuses recorded for the flow's threats keep applying.
	base := from.ID + "--" + to.ID
	if port != 0 {
		base += fmt.Sprintf("-%d", port)
	}
	f := &model.Flow{ID: d.flowID(base), From: from.ID, To: to.ID, Protocol: protocol, Port: port, Authenticated: authenticated, Description: what}
	for _, e := range []*model.Element{from, to} {
		if e.Type == model.Store {
			f.Data = append(f.Data, e.Stores...)
		}
	}
	d.m.Flows = append(d.m.Flows, f)
	return f
}

func ref(r inventory.Resource, a *inventory.Account, region string) *model.AWSRef {
	m := r.Metadata()
	out := &model.AWSRef{Type: r.Type(), ARN: m.ARN, Account: a.ID, Region: region}
	if m.ID != m.ARN {
		out.ID = m.ID
	}
	return out
}

func (d *deriver) account(a *inventory.Account) {
	name := a.ID
	if a.Name != "" {
		name = a.Name + " (" + a.ID + ")"
	}
	d.addBoundary(&model.Boundary{ID: accountBoundary(a), Name: name, Kind: model.KindAccount})
	users := d.m.Elements[0]
	acct := accountBoundary(a)

	// Global: buckets and distributions.
	for _, b := range a.Resources.S3Buckets {
		el := &model.Element{ID: d.id("s3-"+b.DisplayName(), a, "global"), Type: model.Store, Name: b.DisplayName(), Boundary: acct,
			AWS: ref(b, a, b.Region), Stores: []string{d.classification(b.Tags)}}
		if b.Encryption != nil {
			el.Encrypted = model.Bool(b.Encryption.SSEAlgorithm != "")
		}
		if b.Versioning != nil {
			el.Versioning = model.Bool(b.Versioning.Status == "Enabled")
		}
		if b.Meta.Known("logging") {
			el.Logging = model.Bool(b.Logging != nil && b.Logging.TargetBucket != "")
		}
		el.Public = b.PolicyIsPublic != nil && *b.PolicyIsPublic
		d.element(el, b.ARN, "bucket:"+b.DisplayName())
	}
	var dists []*inventory.CloudFrontDistribution
	for _, c := range a.Resources.CloudFrontDistributions {
		if !c.Enabled {
			continue
		}
		el := &model.Element{ID: d.id("cf-"+c.ID, a, "global"), Type: model.Process, Name: "CloudFront " + nameOr(c.Aliases, c.DomainName, c.ID),
			Boundary: acct, AWS: ref(c, a, "global"), WAF: model.Bool(c.WebACLID != "")}
		d.element(el, c.ARN, c.ID)
		proto, port := "https", 443
		if c.DefaultCacheBehavior.ViewerProtocolPolicy == "allow-all" {
			proto, port = "http", 80
		}
		d.flow(users, el, proto, port, model.Bool(false), "viewers")
		dists = append(dists, c)
	}
	d.computeRoles = d.computeRoles[:0]
	for _, r := range a.Regions {
		d.region(a, r)
	}
	d.dataAccess(a)
	// Origins are resolved after the regions, whose load balancers and
	// instances they point to.
	for _, c := range dists {
		el := d.byRes[c.ID]
		for _, o := range c.Origins {
			to, proto := d.origin(o)
			if to == nil {
				continue
			}
			auth := model.Bool(o.OriginAccessControlID != "" || (o.S3OriginConfig != nil && o.S3OriginConfig.OriginAccessIdentity != ""))
			port := 443
			if proto == "http" {
				port = 80
			}
			d.flow(el, to, proto, port, auth, "origin "+o.ID)
		}
	}
	d.trustedRoles(a)
}

func nameOr(aliases []string, fallback ...string) string {
	if len(aliases) > 0 {
		return aliases[0]
	}
	for _, f := range fallback {
		if f != "" {
			return f
		}
	}
	return ""
}

// origin finds the element a CloudFront origin's domain names: a bucket
// (name.s3[.region].amazonaws.com), a load balancer (its DNS name) or an
// instance (its public ec2-A-B-C-D host name).
func (d *deriver) origin(o inventory.CloudFrontOrigin) (*model.Element, string) {
	host := strings.ToLower(o.DomainName)
	proto := "https"
	if o.CustomOriginConfig != nil && o.CustomOriginConfig.OriginProtocolPolicy == "http-only" {
		proto = "http"
	}
	if i := strings.Index(host, ".s3"); i > 0 && strings.HasSuffix(host, ".amazonaws.com") {
		return d.byRes["bucket:"+host[:i]], "https"
	}
	if el := d.byRes["dns:"+host]; el != nil {
		return el, proto
	}
	if strings.HasPrefix(host, "ec2-") {
		ip := strings.ReplaceAll(strings.SplitN(strings.TrimPrefix(host, "ec2-"), ".", 2)[0], "-", ".")
		return d.byRes["ip:"+ip], proto
	}
	return nil, ""
}

// sgIndex answers which security groups admit whom in one region.
type sgIndex struct {
	byID map[string]*inventory.SecurityGroup
}

// openToInternet returns the ports (from the rules' first port; 0 for all
// traffic) that the groups admit from 0.0.0.0/0 or ::/0.
func (x sgIndex) openToInternet(groups []string) []portRule {
	var out []portRule
	for _, g := range groups {
		sg := x.byID[g]
		if sg == nil {
			continue
		}
		for _, r := range sg.IngressRules {
			for _, c := range append(slices.Clone(r.IPv4Ranges), r.IPv6Ranges...) {
				if c.CIDR == "0.0.0.0/0" || c.CIDR == "::/0" {
					out = append(out, portRule{r.IPProtocol, r.FromPort, r.ToPort})
					break
				}
			}
		}
	}
	return out
}

// admits returns the ports that the target's groups open to the source's
// groups (by group reference) or to the source's private address.
func (x sgIndex) admits(target []string, source []string, sourceIP string) []portRule {
	var ip netip.Addr
	if sourceIP != "" {
		ip, _ = netip.ParseAddr(sourceIP)
	}
	var out []portRule
	for _, g := range target {
		sg := x.byID[g]
		if sg == nil {
			continue
		}
		for _, r := range sg.IngressRules {
			ok := slices.ContainsFunc(r.Groups, func(ref inventory.GroupRef) bool { return slices.Contains(source, ref.GroupID) })
			if !ok && ip.IsValid() {
				for _, c := range r.IPv4Ranges {
					if p, err := netip.ParsePrefix(c.CIDR); err == nil && p.Bits() > 0 && p.Contains(ip) {
						ok = true
						break
					}
				}
			}
			if ok {
				out = append(out, portRule{r.IPProtocol, r.FromPort, r.ToPort})
			}
		}
	}
	return out
}

type portRule struct {
	proto    string
	from, to int
}

// protocolFor names the application protocol usually served on a port.
func protocolFor(p portRule) (string, int) {
	if p.proto == "-1" {
		return "tcp", 0
	}
	names := map[int]string{80: "http", 443: "https", 22: "ssh", 3389: "rdp", 3306: "mysql", 5432: "postgres", 25: "smtp",
		53: "dns", 6379: "redis", 1433: "mssql", 1521: "oracle", 27017: "mongodb", 9200: "http", 8080: "http", 8443: "https"}
	if n, ok := names[p.from]; ok && p.from == p.to {
		return n, p.from
	}
	if p.proto == "udp" {
		return "udp", p.from
	}
	return "tcp", p.from
}

// internetRouted reports whether a subnet routes 0.0.0.0/0 (or ::/0) to an
// internet gateway, through its own route table or the VPC's main one.
// When the region's route tables were not read, an address that is public
// counts as routed: the model assumes the worse case.
func internetRouted(r *inventory.Region, vpcID, subnetID string) bool {
	if len(r.Resources.RouteTables) == 0 {
		return true
	}
	var table *inventory.RouteTable
	for _, rt := range r.Resources.RouteTables {
		for _, as := range rt.Associations {
			if as.SubnetID == subnetID && subnetID != "" {
				table = rt
			}
		}
	}
	if table == nil {
		for _, rt := range r.Resources.RouteTables {
			if rt.VPCID == vpcID && rt.Main() {
				table = rt
			}
		}
	}
	if table == nil {
		return true
	}
	for _, route := range table.Routes {
		if (route.DestinationCIDRBlock == "0.0.0.0/0" || route.DestinationIPv6CIDRBlock == "::/0") &&
			strings.HasPrefix(route.GatewayID, "igw-") && route.State != "blackhole" {
			return true
		}
	}
	return false
}

type compute struct {
	el     *model.Element
	vpc    string
	groups []string
	ip     string
}

func (d *deriver) region(a *inventory.Account, r *inventory.Region) {
	res := &r.Resources
	users := d.m.Elements[0]
	x := sgIndex{byID: make(map[string]*inventory.SecurityGroup, len(res.SecurityGroups))}
	for _, sg := range res.SecurityGroups {
		x.byID[sg.ID] = sg
	}
	var computes []compute
	for _, vpc := range res.VPCs {
		d.vpcBoundary(a, vpc.ID)
	}

	// Instances.
	for _, in := range res.EC2Instances {
		if in.State != "" && in.State != "running" && in.State != "stopped" {
			continue
		}
		el := &model.Element{ID: d.id(in.DisplayName(), a, r.Name), Type: model.Process, Name: in.DisplayName(),
			Boundary: d.vpcBoundary(a, in.VPCID), AWS: ref(in, a, r.Name)}
		el.AWS.Related = slices.Clone(in.SecurityGroups)
		if mo := in.MetadataOptions; mo != nil && mo.HTTPEndpoint != "disabled" {
			el.IMDS = map[bool]string{true: "v2", false: "v1"}[mo.HTTPTokens == "required"]
		}
		keys := []string{in.ARN, in.ID}
		if in.PublicIP != "" {
			keys = append(keys, "ip:"+in.PublicIP)
		}
		d.element(el, keys...)
		computes = append(computes, compute{el, in.VPCID, in.SecurityGroups, in.PrivateIP})
		if in.InstanceProfile != "" {
			d.computeRoles = append(d.computeRoles, computeRole{el, "", in.InstanceProfile})
		}
		if (in.PublicIP != "" || len(in.IPv6Addresses) > 0) && internetRouted(r, in.VPCID, in.SubnetID) {
			for _, p := range x.openToInternet(in.SecurityGroups) {
				proto, port := protocolFor(p)
				d.flow(users, el, proto, port, model.Bool(false), "security group open to the internet")
			}
		}
	}

	// Functions.
	for _, fn := range res.LambdaFunctions {
		el := &model.Element{ID: d.id("fn-"+fn.DisplayName(), a, r.Name), Type: model.Process, Name: fn.DisplayName(),
			Boundary: accountBoundary(a), AWS: ref(fn, a, r.Name)}
		var groups []string
		vpc := ""
		if fn.VPCConfig != nil && fn.VPCConfig.VPCID != "" {
			vpc = fn.VPCConfig.VPCID
			el.Boundary = d.vpcBoundary(a, vpc)
			groups = fn.VPCConfig.SecurityGroupIDs
		}
		if fn.Environment != nil {
			el.SecretsInEnv = slices.ContainsFunc(*fn.Environment, func(v inventory.LambdaEnvVar) bool { return inventory.SecretKind(v.Kind) })
		}
		d.element(el, fn.ARN, fn.ID, "fn:"+fn.DisplayName())
		computes = append(computes, compute{el, vpc, groups, ""})
		if fn.Role != "" {
			d.computeRoles = append(d.computeRoles, computeRole{el, fn.Role, ""})
		}
		if fn.FunctionURLs != nil {
			for _, u := range *fn.FunctionURLs {
				d.flow(users, el, "https", 443, model.Bool(u.AuthType == "AWS_IAM"), "function URL")
			}
		}
	}

	// Load balancers: internet → listener; load balancer → targets its
	// security groups admit.
	listeners := map[string][]*inventory.Listener{}
	for _, l := range res.Listeners {
		listeners[l.LoadBalancerARN] = append(listeners[l.LoadBalancerARN], l)
	}
	for _, lb := range res.LoadBalancers {
		el := &model.Element{ID: d.id("lb-"+lb.DisplayName(), a, r.Name), Type: model.Process, Name: lb.DisplayName(),
			Boundary: d.vpcBoundary(a, lb.VPCID), AWS: ref(lb, a, r.Name)}
		el.AWS.Related = slices.Clone(lb.SecurityGroups)
		if lb.WebACLARN != nil {
			el.WAF = model.Bool(*lb.WebACLARN != "")
		}
		if lb.Attributes != nil {
			el.Logging = model.Bool(lb.Attributes.AccessLogsEnabled)
		}
		d.element(el, lb.ARN, lb.ID, "dns:"+strings.ToLower(lb.DNSName))
		if lb.Scheme == "internet-facing" {
			open := x.openToInternet(lb.SecurityGroups)
			for _, l := range listeners[lb.ARN] {
				if len(lb.SecurityGroups) > 0 && !slices.ContainsFunc(open, func(p portRule) bool {
					return p.proto == "-1" || (p.from <= l.Port && l.Port <= p.to)
				}) {
					continue
				}
				auth := slices.ContainsFunc(l.DefaultActions, func(act inventory.ListenerAction) bool {
					return strings.HasPrefix(act.Type, "authenticate-")
				})
				d.flow(users, el, strings.ToLower(l.Protocol), l.Port, model.Bool(auth), "listener")
			}
		}
		if len(lb.SecurityGroups) > 0 {
			for _, c := range computes {
				if c.vpc != lb.VPCID {
					continue
				}
				for _, p := range x.admits(c.groups, lb.SecurityGroups, "") {
					proto, port := protocolFor(p)
					d.flow(el, c.el, proto, port, nil, "target admitted by security group")
				}
			}
		}
	}

	// API Gateway.
	for _, st := range res.RestAPIStages {
		el := &model.Element{ID: d.id("apigw-"+st.RestAPIID+"-"+st.StageName, a, r.Name), Type: model.Process,
			Name: "API " + st.RestAPIID + " stage " + st.StageName, Boundary: accountBoundary(a), AWS: ref(st, a, r.Name),
			WAF: model.Bool(st.WebACLARN != ""), Logging: model.Bool(st.AccessLogDestinationARN != "")}
		d.element(el, st.ARN, st.ID)
		var auth *bool
		if st.Methods != nil {
			auth = model.Bool(!slices.ContainsFunc(*st.Methods, func(m inventory.RestAPIMethod) bool {
				return m.AuthorizationType == "NONE" && !m.APIKeyRequired && m.HTTPMethod != "OPTIONS"
			}))
		}
		d.flow(users, el, "https", 443, auth, "API")
	}
	for _, api := range res.HTTPAPIs {
		el := &model.Element{ID: d.id("httpapi-"+api.DisplayName(), a, r.Name), Type: model.Process, Name: "HTTP API " + api.DisplayName(),
			Boundary: accountBoundary(a), AWS: ref(api, a, r.Name)}
		// A stage with a throttling limit rate-limits the API; AWS WAF
		// cannot be attached to HTTP APIs, so WAF stays unsaid.
		for _, st := range res.HTTPAPIStages {
			if st.APIID == api.ID {
				limited := st.ThrottlingRateLimit != nil || st.ThrottlingBurstLimit != nil
				el.RateLimited = model.Bool(limited || (el.RateLimited != nil && *el.RateLimited))
				el.Logging = model.Bool(st.AccessLogDestinationARN != "" || (el.Logging != nil && *el.Logging))
			}
		}
		d.element(el, api.ARN, api.ID)
		var auth *bool
		if api.Routes != nil {
			auth = model.Bool(!slices.ContainsFunc(*api.Routes, func(rt inventory.HTTPAPIRoute) bool { return rt.AuthorizationType == "NONE" }))
		}
		d.flow(users, el, "https", 443, auth, "API")
	}

	// Stores in VPCs: databases and search domains, reached by the computes
	// their security groups admit, and by the internet when public.
	type vpcStore struct {
		el     *model.Element
		vpc    string
		groups []string
		public bool
		port   int
		proto  string
	}
	var stores []vpcStore
	for _, c := range res.DBClusters {
		el := d.dbElement(a, r, c, c.StorageEncrypted, c.DeletionProtection, c.BackupRetentionPeriod, "")
		stores = append(stores, vpcStore{el, "", c.VPCSecurityGroups, c.PubliclyAccessible != nil && *c.PubliclyAccessible, c.Port, engineProtocol(c.Engine)})
	}
	for _, db := range res.DBInstances {
		if db.DBClusterIdentifier != "" {
			continue // the cluster stands for its members
		}
		el := d.dbElement(a, r, db, db.StorageEncrypted, db.DeletionProtection, db.BackupRetentionPeriod, db.VPCID)
		stores = append(stores, vpcStore{el, db.VPCID, db.VPCSecurityGroups, db.PubliclyAccessible != nil && *db.PubliclyAccessible, db.EndpointPort, engineProtocol(db.Engine)})
	}
	for _, os := range res.OpenSearchDomains {
		el := &model.Element{ID: d.id("es-"+os.DisplayName(), a, r.Name), Type: model.Store, Name: os.DisplayName(),
			Boundary: accountBoundary(a), AWS: ref(os, a, r.Name), Stores: []string{d.classification(os.Tags)}}
		if os.EncryptionAtRestOptions != nil {
			el.Encrypted = model.Bool(os.EncryptionAtRestOptions.Enabled)
		}
		var groups []string
		vpc := ""
		if os.VPCOptions != nil {
			vpc = os.VPCOptions.VPCID
			groups = os.VPCOptions.SecurityGroupIDs
			el.Boundary = d.vpcBoundary(a, vpc)
		} else {
			// A domain outside a VPC has a public endpoint; its access
			// policy alone decides who gets in.
			d.flow(users, el, "https", 443, model.Bool(true), "public domain endpoint")
		}
		d.element(el, os.ARN, os.ID)
		stores = append(stores, vpcStore{el, vpc, groups, false, 443, "https"})
	}
	snapshots := map[string][]string{}
	for _, sn := range res.DBSnapshots {
		snapshots[sn.SourceIdentifier] = append(snapshots[sn.SourceIdentifier], sn.ID)
	}
	// A snapshot whose database is gone, or an EBS snapshot shared beyond
	// the account, is a copy of the data in its own right.
	sources := map[string]bool{}
	for _, s := range stores {
		sources[s.el.Name] = true
	}
	for _, sn := range res.DBSnapshots {
		if !sources[sn.SourceIdentifier] {
			d.element(&model.Element{ID: d.id("rds-snapshot-"+sn.DisplayName(), a, r.Name), Type: model.Store, Name: "snapshot " + sn.DisplayName(),
				Boundary: accountBoundary(a), AWS: ref(sn, a, r.Name), Stores: []string{d.classification(sn.Tags)}, Encrypted: sn.Encrypted}, sn.ARN, sn.ID)
		}
	}
	for _, sn := range res.Snapshots {
		if sn.CreateVolumePermissions != nil && len(*sn.CreateVolumePermissions) > 0 {
			d.element(&model.Element{ID: d.id("ebs-snapshot-"+sn.DisplayName(), a, r.Name), Type: model.Store, Name: "snapshot " + sn.DisplayName(),
				Boundary: accountBoundary(a), AWS: ref(sn, a, r.Name), Stores: []string{d.classification(sn.Tags)}, Encrypted: model.Bool(sn.Encrypted)}, sn.ARN, sn.ID)
		}
	}
	for _, c := range computes {
		d.unknownGroups(a, r, c.el, c.groups, x)
	}
	for _, s := range stores {
		d.unknownGroups(a, r, s.el, s.groups, x)
	}
	for _, s := range stores {
		s.el.AWS.Related = append(slices.Clone(s.groups), snapshots[s.el.Name]...)
		if s.public {
			for _, p := range x.openToInternet(s.groups) {
				if p.proto == "-1" || (p.from <= s.port && s.port <= p.to) {
					d.flow(users, s.el, s.proto, s.port, model.Bool(true), "publicly accessible, security group open to the internet"+tlsUnknown(s.proto))
					break
				}
			}
		}
		for _, c := range computes {
			if len(c.groups) == 0 || (s.vpc != "" && c.vpc != s.vpc) {
				continue
			}
			if ps := x.admits(s.groups, c.groups, c.ip); len(ps) > 0 {
				_, port := protocolFor(ps[0])
				if s.port != 0 {
					port = s.port
				}
				d.flow(c.el, s.el, s.proto, port, model.Bool(true), "admitted by security group"+tlsUnknown(s.proto))
			}
		}
	}

	// Queues.
	for _, q := range res.SQSQueues {
		el := &model.Element{ID: d.id("sqs-"+q.DisplayName(), a, r.Name), Type: model.Store, Name: q.DisplayName(),
			Boundary: accountBoundary(a), AWS: ref(q, a, r.Name), Stores: []string{d.classification(q.Tags)}}
		if q.SQSManagedSSEEnabled != nil || q.KMSMasterKeyID != "" {
			el.Encrypted = model.Bool(q.KMSMasterKeyID != "" || (q.SQSManagedSSEEnabled != nil && *q.SQSManagedSSEEnabled))
		}
		d.element(el, q.ARN, q.ID, "sqs:"+q.DisplayName())
	}
}

// engineProtocol names a database engine's wire protocol. Whether a
// connection uses TLS is a server parameter (rds.force_ssl,
// require_secure_transport) the inventory does not hold, so the flow is
// not stated encrypted: the model assumes the worse case until a person
// says otherwise.
func engineProtocol(engine string) string {
	switch {
	case strings.Contains(engine, "postgres"):
		return "postgres"
	case strings.Contains(engine, "mysql"), strings.Contains(engine, "mariadb"):
		return "mysql"
	case strings.HasPrefix(engine, "sqlserver"):
		return "mssql"
	case strings.HasPrefix(engine, "oracle"):
		return "oracle"
	}
	return "tcp"
}

func tlsUnknown(proto string) string {
	if proto == "https" {
		return ""
	}
	return "; TLS not known: set encrypted: true once the database requires it"
}

func (d *deriver) dbElement(a *inventory.Account, r *inventory.Region, res inventory.Resource, enc, delProt *bool, retention *int, vpc string) *model.Element {
	meta := res.Metadata()
	el := &model.Element{ID: d.id("rds-"+meta.DisplayName(), a, r.Name), Type: model.Store, Name: meta.DisplayName(),
		Boundary: d.vpcBoundary(a, vpc), AWS: ref(res, a, r.Name), Stores: []string{d.classification(meta.Tags)},
		Encrypted: enc, DeletionProtection: delProt}
	if retention != nil && *retention == 0 {
		el.Backup = model.BackupNone
	}
	return d.element(el, meta.ARN, meta.ID)
}

// trustedRoles adds, for each role trusted by an account outside the estate and
// its organization, a partner actor and its assume-role flow, recording
// whether the trust requires an sts:ExternalId.
func (d *deriver) trustedRoles(a *inventory.Account) {
	for _, role := range a.Resources.IAMRoles {
		if role.ServiceLinked || role.AssumeRolePolicyDocument == "" {
			continue
		}
		doc, err := policy.Parse(role.AssumeRolePolicyDocument)
		if err != nil {
			continue
		}
		var roleEl *model.Element
		for i := range doc.Statements {
			s := &doc.Statements[i]
			if s.Effect != "Allow" || !s.CoversAction("sts:AssumeRole") {
				continue
			}
			ext := len(s.ConditionValues("sts:ExternalId")) > 0 && !slices.Contains(s.ConditionValues("sts:ExternalId"), "*")
			for _, p := range s.Principal["AWS"] {
				acct := accountOf(p)
				if acct == "" || acct == a.ID || d.inside[acct] {
					continue
				}
				if roleEl == nil {
					roleEl = d.element(&model.Element{ID: d.id("role-"+role.DisplayName(), a, "global"), Type: model.Process,
						Name: "role " + role.DisplayName(), Boundary: accountBoundary(a), AWS: ref(role, a, "global")}, role.ARN)
				}
				pb := "partner-" + acct
				d.addBoundary(&model.Boundary{ID: pb, Name: "account " + acct, Kind: model.KindPartner})
				actorID := "acct-" + acct
				partner := d.byRes["partner:"+acct]
				if partner == nil {
					partner = d.element(&model.Element{ID: d.id(actorID, a, "global"), Type: model.Actor, Name: "AWS account " + acct, Boundary: pb}, "partner:"+acct)
				}
				if f := d.flow(partner, roleEl, "aws-api", 443, model.Bool(true), "sts:AssumeRole"); f != nil {
					f.ExternalID = model.Bool(ext)
				}
			}
		}
	}
}

var accountID = regexp.MustCompile(`^\d{12}$`)

func accountOf(principal string) string {
	if accountID.MatchString(principal) {
		return principal
	}
	if parts := strings.Split(principal, ":"); len(parts) >= 6 && parts[0] == "arn" && accountID.MatchString(parts[4]) {
		return parts[4]
	}
	return ""
}

type computeRole struct {
	el      *model.Element
	role    string // role ARN (functions)
	profile string // instance profile ARN (instances)
}

// dataAccess adds the flows between computes and the buckets and queues of
// their account that their role's policies allow them to use: writes from
// the compute to the store, reads from the store to the compute. Allow
// statements are read as written; Deny statements, permissions boundaries,
// SCPs and resource policies are not subtracted, so a flow here is a
// permission to check, as a threat model wants.
func (d *deriver) dataAccess(a *inventory.Account) {
	if len(d.computeRoles) == 0 {
		return
	}
	managed := map[string]string{}
	for _, p := range a.Resources.IAMPolicies {
		managed[p.ARN] = p.Document
	}
	byARN := map[string]*inventory.IAMRole{}
	byProfile := map[string]*inventory.IAMRole{}
	for _, r := range a.Resources.IAMRoles {
		byARN[r.ARN] = r
		for _, p := range r.InstanceProfiles {
			byProfile[p] = r
		}
	}
	for _, p := range a.Resources.IAMInstanceProfiles {
		for _, name := range p.Roles {
			for _, r := range a.Resources.IAMRoles {
				if r.Name == name || r.ARN == name {
					byProfile[p.ARN] = r
				}
			}
		}
	}
	type target struct {
		el           *model.Element
		read, write  string
		resourceARNs []string
	}
	var targets []target
	for _, b := range a.Resources.S3Buckets {
		if el := d.byRes[b.ARN]; el != nil && b.ARN != "" {
			targets = append(targets, target{el, "s3:GetObject", "s3:PutObject", []string{b.ARN + "/*"}})
		}
	}
	for _, r := range a.Regions {
		for _, q := range r.Resources.SQSQueues {
			if el := d.byRes[q.ARN]; el != nil && q.ARN != "" {
				targets = append(targets, target{el, "sqs:ReceiveMessage", "sqs:SendMessage", []string{q.ARN}})
			}
		}
	}
	parsed := map[string]*policy.Document{}
	docs := func(r *inventory.IAMRole) []*policy.Document {
		var out []*policy.Document
		add := func(key, text string) {
			if text == "" {
				return
			}
			doc, ok := parsed[key]
			if !ok {
				doc, _ = policy.Parse(text)
				parsed[key] = doc
			}
			if doc != nil {
				out = append(out, doc)
			}
		}
		for _, p := range r.InlinePolicies {
			add(r.ARN+"#"+p.PolicyName, p.PolicyDocument)
		}
		for _, p := range r.AttachedPolicies {
			add(p.PolicyARN, managed[p.PolicyARN])
		}
		return out
	}
	allows := func(ds []*policy.Document, action string, resources []string) bool {
		for _, doc := range ds {
			for i := range doc.Statements {
				st := &doc.Statements[i]
				if st.Effect != "Allow" || !st.CoversAction(action) {
					continue
				}
				for _, res := range resources {
					if st.CoversResource(res) {
						return true
					}
				}
			}
		}
		return false
	}
	for _, c := range d.computeRoles {
		role := byARN[c.role]
		if c.profile != "" {
			role = byProfile[c.profile]
		}
		if role == nil {
			continue
		}
		ds := docs(role)
		if len(ds) == 0 {
			continue
		}
		for _, t := range targets {
			if allows(ds, t.write, t.resourceARNs) {
				d.flow(c.el, t.el, "aws-api", 443, model.Bool(true), "role "+role.DisplayName()+" may "+t.write)
			}
			if allows(ds, t.read, t.resourceARNs) {
				d.flow(t.el, c.el, "aws-api", 443, model.Bool(true), "role "+role.DisplayName()+" may "+t.read)
			}
		}
	}
}

// unknownGroups notes the security groups an element names that the estate
// does not hold: the flows they allow cannot be derived.
func (d *deriver) unknownGroups(a *inventory.Account, r *inventory.Region, el *model.Element, groups []string, x sgIndex) {
	if _, gap := inventory.GapFor(r.Gaps, "AWS::EC2::SecurityGroup"); gap {
		return // noted once for the region
	}
	for _, g := range groups {
		if x.byID[g] == nil {
			d.notes = append(d.notes, fmt.Sprintf("%s: security group %s (account %s, %s) is not in the estate: the flows it allows are missing", el.ID, g, a.ID, r.Name))
		}
	}
}

// gaps notes the resource types the model is built from that a scope
// could not read.
func (d *deriver) gaps(scope string, gaps []inventory.Gap) {
	for _, g := range gaps {
		if g.ResourceType == inventory.AllTypes || slices.Contains(derivedTypes, g.ResourceType) {
			what := g.ResourceType
			if what == inventory.AllTypes {
				what = "nothing"
			}
			d.notes = append(d.notes, fmt.Sprintf("%s: %s could be read (%s %s): the model lacks what it holds", scope, strings.Replace(what, "AWS::", "no AWS::", 1), g.Call, g.Code))
		}
	}
}
