package checks

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/awssec/awssec/finding"
)

// portCategory groups services by what an attacker gains when they are
// reachable from the internet.
type portCategory string

const (
	catAdmin     portCategory = "remote administration"
	catDatabase  portCategory = "database"
	catCache     portCategory = "cache"
	catSearch    portCategory = "search"
	catQueue     portCategory = "message queue"
	catMail      portCategory = "mail"
	catDNS       portCategory = "DNS"
	catFileShare portCategory = "file sharing"
	catDirectory portCategory = "directory"
	catWeb       portCategory = "web"
	catOther     portCategory = "other"
)

// severity is the severity of the category's service being open to the
// internet.
func (c portCategory) severity() finding.Severity {
	switch c {
	case catWeb:
		return finding.Low
	case catOther:
		return finding.Medium
	default:
		return finding.High
	}
}

// portService is what usually listens on a port.
type portService struct {
	Proto    string // "tcp" or "udp"
	Port     int
	Name     string // "SSH", "MySQL"
	Category portCategory
}

// knownPorts lists the services awssec names, sorted by protocol and port.
// Ports with no well-known service but a common use are named by that use.
var knownPorts = []portService{
	{"tcp", 20, "FTP data", catFileShare},
	{"tcp", 21, "FTP", catFileShare},
	{"tcp", 22, "SSH", catAdmin},
	{"tcp", 23, "Telnet", catAdmin},
	{"tcp", 25, "SMTP", catMail},
	{"tcp", 53, "DNS", catDNS},
	{"tcp", 80, "HTTP", catWeb},
	{"tcp", 110, "POP3", catMail},
	{"tcp", 111, "RPC portmapper", catAdmin},
	{"tcp", 135, "MS RPC", catAdmin},
	{"tcp", 139, "NetBIOS session", catFileShare},
	{"tcp", 143, "IMAP", catMail},
	{"tcp", 389, "LDAP", catDirectory},
	{"tcp", 443, "HTTPS", catWeb},
	{"tcp", 445, "SMB/CIFS", catFileShare},
	{"tcp", 465, "SMTPS", catMail},
	{"tcp", 587, "SMTP submission", catMail},
	{"tcp", 636, "LDAPS", catDirectory},
	{"tcp", 993, "IMAPS", catMail},
	{"tcp", 995, "POP3S", catMail},
	{"tcp", 1433, "Microsoft SQL Server", catDatabase},
	{"tcp", 1521, "Oracle", catDatabase},
	{"tcp", 1883, "MQTT", catQueue},
	{"tcp", 2049, "NFS", catFileShare},
	{"tcp", 2375, "Docker API (plain text)", catAdmin},
	{"tcp", 2376, "Docker API", catAdmin},
	{"tcp", 2379, "etcd", catDatabase},
	{"tcp", 2380, "etcd peer", catDatabase},
	{"tcp", 3000, "Grafana / Node.js dev server", catOther},
	{"tcp", 3306, "MySQL", catDatabase},
	{"tcp", 3389, "RDP", catAdmin},
	{"tcp", 3679, "unassigned, often a typo for Redis 6379", catOther},
	{"tcp", 4369, "Erlang port mapper (RabbitMQ)", catQueue},
	{"tcp", 5000, "Docker registry / Flask dev server", catOther},
	{"tcp", 5432, "PostgreSQL", catDatabase},
	{"tcp", 5601, "Kibana", catSearch},
	{"tcp", 5672, "AMQP (RabbitMQ)", catQueue},
	{"tcp", 5900, "VNC", catAdmin},
	{"tcp", 5984, "CouchDB", catDatabase},
	{"tcp", 5985, "WinRM", catAdmin},
	{"tcp", 5986, "WinRM over HTTPS", catAdmin},
	{"tcp", 6379, "Redis", catCache},
	{"tcp", 6443, "Kubernetes API", catAdmin},
	{"tcp", 7474, "Neo4j", catDatabase},
	{"tcp", 8080, "HTTP alternate / app server", catOther},
	{"tcp", 8086, "InfluxDB", catDatabase},
	{"tcp", 8443, "HTTPS alternate / app server", catOther},
	{"tcp", 8888, "Jupyter Notebook", catAdmin},
	{"tcp", 9000, "PHP-FPM / SonarQube / MinIO", catOther},
	{"tcp", 9001, "unassigned; Tor ORPort, supervisord web UI, Hadoop", catOther},
	{"tcp", 9042, "Cassandra", catDatabase},
	{"tcp", 9090, "Prometheus", catOther},
	{"tcp", 9092, "Kafka", catQueue},
	{"tcp", 9200, "Elasticsearch / OpenSearch", catSearch},
	{"tcp", 9300, "Elasticsearch transport", catSearch},
	{"tcp", 10250, "Kubelet API", catAdmin},
	{"tcp", 11211, "Memcached", catCache},
	{"tcp", 15672, "RabbitMQ management", catQueue},
	{"tcp", 27017, "MongoDB", catDatabase},
	{"tcp", 27018, "MongoDB shard", catDatabase},
	{"tcp", 61616, "ActiveMQ", catQueue},
	{"udp", 53, "DNS", catDNS},
	{"udp", 69, "TFTP", catFileShare},
	{"udp", 123, "NTP", catOther},
	{"udp", 137, "NetBIOS name", catFileShare},
	{"udp", 138, "NetBIOS datagram", catFileShare},
	{"udp", 161, "SNMP", catAdmin},
	{"udp", 500, "IKE (IPsec VPN)", catOther},
	{"udp", 1434, "SQL Server Browser", catDatabase},
	{"udp", 1900, "SSDP", catOther},
	{"udp", 3389, "RDP", catAdmin},
	{"udp", 4500, "IPsec NAT-T", catOther},
	{"udp", 5353, "mDNS", catOther},
	{"udp", 11211, "Memcached", catCache},
	{"udp", 51820, "WireGuard", catOther},
}

var portIndex = func() map[string]portService {
	m := make(map[string]portService, len(knownPorts))
	for _, p := range knownPorts {
		m[p.Proto+"/"+strconv.Itoa(p.Port)] = p
	}
	return m
}()

// lookupPort returns what usually listens on a TCP or UDP port.
func lookupPort(proto string, port int) (portService, bool) {
	p, ok := portIndex[proto+"/"+strconv.Itoa(port)]
	return p, ok
}

// portsIn returns the known services in an inclusive port range, in port
// order.
func portsIn(proto string, from, to int) []portService {
	var out []portService
	for _, p := range knownPorts {
		if p.Proto == proto && p.Port >= from && p.Port <= to {
			out = append(out, p)
		}
	}
	return out
}

// adminPorts are the remote server administration ports the CIS networking
// controls name (22, 3389) and the others that give a shell or desktop.
var adminPorts = []int{22, 23, 3389, 5900, 5985, 5986}

// naclAdminPorts are the ports the network ACL check looks at: the CIS pair
// only, because network ACLs routinely allow an ephemeral range inbound for
// return traffic, and 1024-65535 would flag VNC and WinRM on every one. A
// range that covers 3389 still fails, as CIS asks.
var naclAdminPorts = []int{22, 3389}

// normProtocol turns an EC2 protocol ("tcp", "6", "-1", "all") into "tcp",
// "udp", "icmp", "icmpv6", "all", or the protocol number for the rest.
func normProtocol(p string) string {
	switch strings.ToLower(p) {
	case "-1", "all":
		return "all"
	case "tcp", "6":
		return "tcp"
	case "udp", "17":
		return "udp"
	case "icmp", "1":
		return "icmp"
	case "icmpv6", "58":
		return "icmpv6"
	}
	return p
}

// portExposure is one protocol and port range reachable from some sources.
type portExposure struct {
	Proto    string // normalized: "tcp", "udp", "icmp", "all", ...
	From, To int    // port range for tcp/udp
}

// allPorts reports whether the exposure covers every port of its protocol.
func (e portExposure) allPorts() bool {
	return e.Proto == "all" || ((e.Proto == "tcp" || e.Proto == "udp") && e.From <= 1 && e.To >= 65535)
}

// covers reports whether the exposure reaches port on proto ("tcp"/"udp").
func (e portExposure) covers(proto string, port int) bool {
	if e.Proto == "all" {
		return true
	}
	return e.Proto == proto && e.From <= port && port <= e.To
}

// String renders the exposure with the service(s) behind it:
// "TCP 22 (SSH)", "TCP 8000-8100 (includes HTTP alternate / app server 8080)",
// "all traffic".
func (e portExposure) String() string {
	switch e.Proto {
	case "all":
		return "all traffic (all protocols and ports)"
	case "icmp", "icmpv6":
		return strings.ToUpper(e.Proto)
	case "tcp", "udp":
	default:
		return "IP protocol " + e.Proto
	}
	proto := strings.ToUpper(e.Proto)
	if e.From == e.To {
		if p, ok := lookupPort(e.Proto, e.From); ok {
			return fmt.Sprintf("%s %d (%s)", proto, e.From, p.Name)
		}
		return fmt.Sprintf("%s %d (no well-known service)", proto, e.From)
	}
	if e.allPorts() {
		return fmt.Sprintf("%s %d-%d (all ports)", proto, e.From, e.To)
	}
	inside := portsIn(e.Proto, e.From, e.To)
	if len(inside) == 0 {
		return fmt.Sprintf("%s %d-%d", proto, e.From, e.To)
	}
	var names []string
	for i, p := range inside {
		if i == 4 {
			names = append(names, fmt.Sprintf("and %d more", len(inside)-4))
			break
		}
		names = append(names, fmt.Sprintf("%s %d", p.Name, p.Port))
	}
	return fmt.Sprintf("%s %d-%d (includes %s)", proto, e.From, e.To, strings.Join(names, ", "))
}

// severity is how bad it is for the exposure to be open to the internet:
// critical for everything, else by the worst known service in the range,
// medium for what is unknown.
func (e portExposure) severity() finding.Severity {
	switch {
	case e.allPorts():
		return finding.Critical
	case e.Proto == "icmp" || e.Proto == "icmpv6":
		return finding.Low
	case e.Proto != "tcp" && e.Proto != "udp":
		return finding.Medium
	}
	if e.From == e.To {
		if p, ok := lookupPort(e.Proto, e.From); ok {
			return p.Category.severity()
		}
		return finding.Medium
	}
	sev := finding.Medium
	for _, p := range portsIn(e.Proto, e.From, e.To) {
		sev = max(sev, p.Category.severity())
	}
	return sev
}

// sortExposures orders exposures: all traffic first, then by protocol and
// port.
func sortExposures(es []portExposure) {
	rank := map[string]int{"all": 0, "tcp": 1, "udp": 2, "icmp": 3, "icmpv6": 4}
	r := func(p string) int {
		if v, ok := rank[p]; ok {
			return v
		}
		return 5
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if r(a.Proto) != r(b.Proto) {
			return r(a.Proto) < r(b.Proto)
		}
		if a.Proto != b.Proto {
			return a.Proto < b.Proto
		}
		if a.From != b.From {
			return a.From < b.From
		}
		return a.To < b.To
	})
}
