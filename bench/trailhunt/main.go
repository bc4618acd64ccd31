// Command trailhunt measures `awssec trail hunt` on synthetic CloudTrail:
// it writes gzipped log files of realistic records (a mix of event names,
// users, roles, instance sessions, addresses), then times in separate
// processes (a) the floor, gunzipping and decoding every event with the
// same reader and nothing else, and (b) the full hunt, every built-in
// detection plus a set of Sigma rules. It prints events/s for both, the
// ratio b/a (target ≥ 0.7), events/s against the 300,000 target, and the
// peak RSS of the hunt at 1× and 4× the input (memory must stay flat).
//
//	go run ./bench/trailhunt [-size 2GB] [-dir DIR]
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/awssec/awssec/internal/benchutil"
	"github.com/awssec/awssec/sigma"
	"github.com/awssec/awssec/trail/ctlog"
	"github.com/awssec/awssec/trail/detect"
)

func main() {
	size := flag.String("size", "2GB", "uncompressed size of the 1× input (e.g. 200MB, 2GB); 4× is generated too")
	dir := flag.String("dir", "", "where to write the logs (default: a temporary directory, removed at the end)")
	child := flag.String("child", "", "internal: run one measurement (floor or hunt) over the directories given as arguments")
	cpuProfile := flag.String("cpuprofile", "", "with -child: write a CPU profile to this file")
	flag.Parse()
	if *child != "" {
		benchutil.RunProfiled(*cpuProfile, func() error { return measure(*child, flag.Args()) })
		return
	}
	bytesWanted, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(bytesWanted, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	u := strings.ToUpper(s)
	for suffix, m := range map[string]int64{"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30} {
		if strings.HasSuffix(u, suffix) {
			mult, u = m, strings.TrimSuffix(u, suffix)
		}
	}
	n, err := strconv.ParseFloat(u, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("-size %q: want a size like 200MB or 2GB", s)
	}
	return int64(n * float64(mult)), nil
}

func run(size int64, dir string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "trailhunt-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	// Four copies of the input, each its own hour range, accounts and
	// event ids: together they are the 4× input.
	var parts []string
	start := time.Now()
	var total genStats
	for i := range 4 {
		p := filepath.Join(dir, fmt.Sprintf("part%d", i))
		st, err := generate(p, size, i)
		parts = append(parts, p)
		if errors.Is(err, errExists) {
			fmt.Printf("reusing %s\n", p)
			continue
		}
		if err != nil {
			return err
		}
		total.add(st)
	}
	fmt.Printf("generated %d events, %.2f GB uncompressed (%.2f GB gzipped) in %d files, 4 parts, in %s\n",
		total.events, gb(total.raw), gb(total.gz), total.files, time.Since(start).Round(time.Second))
	fmt.Printf("machine: %d CPUs (GOMAXPROCS %d)\n\n", runtime.NumCPU(), runtime.GOMAXPROCS(0))

	floor, err := child("floor", parts[:1])
	if err != nil {
		return err
	}
	hunt1, err := child("hunt", parts[:1])
	if err != nil {
		return err
	}
	hunt4, err := child("hunt", parts)
	if err != nil {
		return err
	}
	fmt.Printf("%-30s %10s %9s %10s %9s %14s %10s\n", "phase (1× input unless said)", "events", "seconds", "events/s", "CPU s", "events/CPU-s", "peak RSS")
	for _, r := range []struct {
		name string
		m    result
	}{{"(a) floor: gunzip + decode", floor}, {"(b) hunt: all detections", hunt1}, {"(b) hunt at 4× input", hunt4}} {
		fmt.Printf("%-30s %10d %9.2f %10.0f %9.2f %14.0f %6d MiB\n", r.name, r.m.events, r.m.seconds, r.m.rate(), r.m.cpu,
			float64(r.m.events)/r.m.cpu, r.m.rss>>20)
	}
	fmt.Printf("\nhunt vs floor throughput (b/a): %.2f (target ≥ 0.70); per CPU-second: %.2f\n", hunt1.rate()/floor.rate(),
		(float64(hunt1.events)/hunt1.cpu)/(float64(floor.events)/floor.cpu))
	fmt.Printf("hunt throughput: %.0f events/s (target ≥ 300000): %.2f× the target\n", hunt1.rate(), hunt1.rate()/300000)
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("load average when done: %s", load)
	}
	fmt.Printf("peak RSS at 1×: %d MiB, at 4×: %d MiB: growth %.2f (1.00 is flat)\n", hunt1.rss>>20, hunt4.rss>>20,
		float64(hunt4.rss)/float64(hunt1.rss))
	fmt.Printf("detections: %d built-in + %d bench Sigma rules; findings at 1×: %d, at 4×: %d\n",
		len(detect.Builtins()), len(benchRules), hunt1.findings, hunt4.findings)
	return nil
}

func gb(n int64) float64 { return float64(n) / (1 << 30) }

type result struct {
	events, findings int64
	seconds, cpu     float64
	rss              int64
}

func (r result) rate() float64 { return float64(r.events) / r.seconds }

// child runs one measurement in a new process, so each peak RSS is its own.
func child(kind string, dirs []string) (result, error) {
	exe, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(exe, append([]string{"-child", kind}, dirs...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", kind, err)
	}
	var r result
	_, err = fmt.Sscan(string(out), &r.events, &r.findings, &r.seconds, &r.rss, &r.cpu)
	return r, err
}

// measure is the child: it prints events, findings, seconds and peak RSS.
func measure(kind string, dirs []string) error {
	srcs, err := ctlog.Local(dirs)
	if err != nil {
		return err
	}
	workers := runtime.GOMAXPROCS(0)
	var findings int
	start := time.Now()
	var stats ctlog.Stats
	var faults []*ctlog.ReadError
	switch kind {
	case "floor":
		stats, faults, err = ctlog.Scan(context.Background(), srcs, workers, func(int, *ctlog.Event) error { return nil })
	case "hunt":
		dets := detect.Builtins()
		for i, text := range benchRules {
			r, perr := sigma.Parse(fmt.Sprintf("bench-%d.yml", i), []byte(text))
			if perr != nil {
				return perr
			}
			dets = append(dets, detect.FromRule(r))
		}
		eng := detect.NewEngine(dets, detect.Options{}, workers)
		stats, faults, err = ctlog.Scan(context.Background(), srcs, workers, func(w int, e *ctlog.Event) error {
			eng.Observe(w, e)
			return nil
		})
		findings = len(eng.Finish())
	default:
		return fmt.Errorf("unknown measurement %q", kind)
	}
	secs := time.Since(start).Seconds()
	if err != nil {
		return err
	}
	if len(faults) > 0 {
		return faults[0]
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	fmt.Println(stats.Events, findings, secs, benchutil.PeakRSS(), cpu)
	return nil
}

// benchRules are Sigma rules of the kinds people write for CloudTrail, on
// top of the built-ins: indexed by event name, and not.
var benchRules = []string{
	rule("s:\n    eventSource: s3.amazonaws.com\n    eventName|startswith: [PutBucket, DeleteBucket]\n  condition: s"),
	rule("s:\n    eventName: AssumeRole\n    requestParameters.roleArn|contains: admin\n  f:\n    userIdentity.type: AWSService\n  condition: s and not f"),
	rule("s:\n    userAgent|contains|all: [kali, linux]\n  condition: s"),
	rule("s:\n    errorCode: [AccessDenied, UnauthorizedOperation, Client.UnauthorizedOperation]\n    sourceIPAddress|cidr: [203.0.113.0/24, 198.51.100.0/24]\n  condition: s"),
	rule("s:\n    eventName: [CreateKeyPair, ImportKeyPair]\n  condition: s"),
	rule("s:\n    eventName|re: '^(Put|Delete)(Role|User)Policy$'\n    requestParameters.policyDocument|contains: '\"Effect\": \"Allow\"'\n  condition: s"),
	rule("a:\n    eventSource: kms.amazonaws.com\n    eventName: Decrypt\n  b:\n    userIdentity.arn|endswith: /break-glass\n  condition: a and b"),
	rule("s:\n    eventName: ConsoleLogin\n    additionalEventData.MFAUsed: 'Yes'\n    sourceIPAddress|cidr: 192.0.2.0/24\n  condition: s"),
	rule("s:\n    eventSource: ec2.amazonaws.com\n    eventName: RunInstances\n    requestParameters.instanceType|re|i: '^(c7|m7)[a-z]*\\.(24|48)xlarge$'\n  condition: s"),
	rule("s:\n    eventName: GetObject\n    requestParameters.key|endswith: [.pem, .key, id_rsa]\n  condition: s"),
}

func rule(det string) string {
	return "title: bench\nlogsource:\n  product: aws\n  service: cloudtrail\nlevel: low\ndetection:\n  " + det + "\n"
}

// ---- generation ----

type genStats struct{ events, raw, gz, files int64 }

func (g *genStats) add(o genStats) {
	g.events += o.events
	g.raw += o.raw
	g.gz += o.gz
	g.files += o.files
}

// errExists says a part was generated by an earlier run with the same -dir.
var errExists = errors.New("part exists")

// fileSize is the uncompressed size of one log file; CloudTrail delivers
// files every five minutes per region, a few MB each on a busy account.
const fileSize = 8 << 20

// generate writes size bytes of logs into dir on every CPU.
func generate(dir string, size int64, part int) (genStats, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return genStats{}, errExists
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return genStats{}, err
	}
	files := int((size + fileSize - 1) / fileSize)
	var (
		mu    sync.Mutex
		total genStats
		first error
		wg    sync.WaitGroup
		next  = make(chan int)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				st, err := writeFile(dir, part, i, min(fileSize, size-int64(i)*fileSize))
				mu.Lock()
				total.add(st)
				if err != nil && first == nil {
					first = err
				}
				mu.Unlock()
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return total, first
}

var (
	regions    = []string{"us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"}
	userAgents = []string{"aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.amzn.2023", "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux",
		"Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10 lang/python#3.12.2", "console.amazonaws.com",
		"APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.40.0"}
	// calls are the event mix: source, name, read-only, request parameters.
	calls = []struct {
		source, name string
		readOnly     bool
		params       string
		weight       int
	}{
		{"s3.amazonaws.com", "GetObject", true, `{"bucketName":"app-data-%d","Host":"app-data-%d.s3.us-east-1.amazonaws.com","key":"reports/2026/11/%d.parquet"}`, 20},
		{"s3.amazonaws.com", "PutObject", false, `{"bucketName":"app-data-%d","Host":"app-data-%d.s3.us-east-1.amazonaws.com","key":"uploads/%d.json"}`, 8},
		{"ec2.amazonaws.com", "DescribeInstances", true, `{"instancesSet":{"items":[{"instanceId":"i-0%d5f%dab%d"}]},"filterSet":{}}`, 12},
		{"sts.amazonaws.com", "AssumeRole", true, `{"roleArn":"arn:aws:iam::%d:role/deploy-%d","roleSessionName":"session-%d","durationSeconds":3600}`, 10},
		{"kms.amazonaws.com", "Decrypt", true, `{"encryptionAlgorithm":"SYMMETRIC_DEFAULT","encryptionContext":{"aws:s3:arn":"arn:aws:s3:::app-data-%d/%d/%d"}}`, 10},
		{"lambda.amazonaws.com", "Invoke", false, `{"functionName":"arn:aws:lambda:us-east-1:%d:function:worker-%d","invocationType":"Event","qualifier":"%d"}`, 6},
		{"dynamodb.amazonaws.com", "GetItem", true, `{"tableName":"orders-%d","key":{"pk":"%d"},"consistentRead":false,"projectionExpression":"#%d"}`, 8},
		{"iam.amazonaws.com", "ListRoles", true, `{"maxItems":%d,"marker":"m%d-%d"}`, 3},
		{"logs.amazonaws.com", "CreateLogStream", false, `{"logGroupName":"/aws/lambda/worker-%d","logStreamName":"2026/11/01/[$LATEST]%d%d"}`, 5},
		{"secretsmanager.amazonaws.com", "GetSecretValue", true, `{"secretId":"arn:aws:secretsmanager:us-east-1:%d:secret:app/db-%d-%d"}`, 3},
		{"ssm.amazonaws.com", "GetParameter", true, `{"name":"/app/config/%d/%d/%d","withDecryption":true}`, 3},
		{"ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", false, `{"groupId":"sg-0%d%d%d","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":443,"toPort":443,"ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]}}]}}`, 1},
		{"signin.amazonaws.com", "ConsoleLogin", false, `null`, 1},
		{"iam.amazonaws.com", "CreateAccessKey", false, `{"userName":"svc-%d-%d-%d"}`, 1},
		{"cloudtrail.amazonaws.com", "LookupEvents", true, `{"maxResults":%d,"startTime":"%d","endTime":"%d"}`, 2},
	}
	weighted []int
)

func init() {
	for i, c := range calls {
		for range c.weight {
			weighted = append(weighted, i)
		}
	}
}

// writeFile writes one gzipped file of about size uncompressed bytes.
func writeFile(dir string, part, index int, size int64) (genStats, error) {
	rng := rand.New(rand.NewPCG(uint64(part), uint64(index)))
	// The same estate in every part: 4× the input is 4× the time.
	account := 100000000000 + int64(index%7)
	region := regions[index%len(regions)]
	// Each file covers five minutes; parts are a month apart.
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).AddDate(0, part, 0).Add(time.Duration(index) * 5 * time.Minute)
	name := fmt.Sprintf("%d_CloudTrail_%s_%s_%06d.json.gz", account, region, base.Format("20060102T1504Z"), index)
	var raw bytes.Buffer
	raw.Grow(int(size) + 4096)
	raw.WriteString(`{"Records":[`)
	n := int64(0)
	for int64(raw.Len()) < size {
		if n > 0 {
			raw.WriteByte(',')
		}
		writeRecord(&raw, rng, account, region, base.Add(time.Duration(rng.IntN(300))*time.Second), part, index, n)
		n++
	}
	raw.WriteString("]}")
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return genStats{}, err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	if _, err := zw.Write(raw.Bytes()); err != nil {
		f.Close()
		return genStats{}, err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return genStats{}, err
	}
	info, _ := f.Stat()
	if err := f.Close(); err != nil {
		return genStats{}, err
	}
	return genStats{events: n, raw: int64(raw.Len()), gz: info.Size(), files: 1}, nil
}

func writeRecord(b *bytes.Buffer, rng *rand.Rand, account int64, region string, t time.Time, part, index int, n int64) {
	c := calls[weighted[rng.IntN(len(weighted))]]
	user := rng.IntN(40)
	// Each user calls from one of a few addresses of its own.
	ip := fmt.Sprintf("%d.%d.%d.%d", []int{203, 198, 52, 54, 10}[user%5], user, user%7, 1+rng.IntN(3))
	fmt.Fprintf(b, `{"eventVersion":"1.09","userIdentity":`)
	switch {
	case c.name == "ConsoleLogin" || user%4 == 0:
		fmt.Fprintf(b, `{"type":"IAMUser","principalId":"AIDA%016X","arn":"arn:aws:iam::%d:user/user-%d","accountId":"%d","accessKeyId":"AKIA%016X","userName":"user-%d"}`,
			user, account, user, account, user*7919, user)
	case user%4 == 1:
		fmt.Fprintf(b, `{"type":"AssumedRole","principalId":"AROA%016X:i-0%015x","arn":"arn:aws:sts::%d:assumed-role/app-role-%d/i-0%015x","accountId":"%d","accessKeyId":"ASIA%016X","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA%016X","arn":"arn:aws:iam::%d:role/app-role-%d","accountId":"%d","userName":"app-role-%d"},"attributes":{"creationDate":"%s","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}}`,
			user, user, account, user, user, account, user*31, user, account, user, account, user, t.Add(-time.Hour).Format(time.RFC3339))
		ip = fmt.Sprintf("10.%d.%d.%d", user%7, user, 10) // an instance calls from its own address
	default:
		fmt.Fprintf(b, `{"type":"AssumedRole","principalId":"AROA%016X:session-%d","arn":"arn:aws:sts::%d:assumed-role/deploy-%d/session-%d","accountId":"%d","accessKeyId":"ASIA%016X","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA%016X","arn":"arn:aws:iam::%d:role/deploy-%d","accountId":"%d","userName":"deploy-%d"},"attributes":{"creationDate":"%s","mfaAuthenticated":"true"}}}`,
			user, user, account, user, user, account, user*131, user, account, user, account, user, t.Add(-time.Hour).Format(time.RFC3339))
	}
	params := c.params
	switch {
	case c.name == "GetSecretValue" || c.name == "GetParameter":
		// Applications read the same few secrets again and again.
		params = fmt.Sprintf(params, account, user, rng.IntN(3))
	case strings.Contains(params, "%d"):
		params = fmt.Sprintf(params, rng.IntN(1000), rng.IntN(100000), rng.IntN(100000))
	}
	response := "null"
	extra := ""
	switch c.name {
	case "ConsoleLogin":
		response = `{"ConsoleLogin":"Success"}`
		extra = `,"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"Yes"}`
	case "AssumeRole":
		response = fmt.Sprintf(`{"credentials":{"accessKeyId":"ASIA%016X","sessionToken":"redacted","expiration":"%s"},"assumedRoleUser":{"assumedRoleId":"AROA%016X:session","arn":"arn:aws:sts::%d:assumed-role/deploy/session"}}`,
			rng.Uint64()>>1, t.Add(time.Hour).Format("Jan 2, 2006, 3:04:05 PM"), rng.Uint64()>>1, account)
	}
	if rng.IntN(50) == 0 {
		extra += `,"errorCode":"AccessDenied","errorMessage":"User is not authorized to perform this operation"`
	}
	fmt.Fprintf(b, `,"eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"%s","sourceIPAddress":"%s","userAgent":"%s","requestParameters":%s,"responseElements":%s%s,"requestID":"%08X-%04X-%04X","eventID":"%08x-%04x-4%03x-%04x-%012x","readOnly":%t,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%d","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"%s.%s.amazonaws.com"}}`,
		t.Format(time.RFC3339), c.source, c.name, region, ip, userAgents[user%len(userAgents)], params, response, extra,
		rng.Uint32(), rng.IntN(65536), rng.IntN(65536), uint32(part)<<24|uint32(index), n&0xffff, rng.IntN(4096), rng.IntN(65536), rng.Uint64()>>16,
		c.readOnly, account, strings.TrimSuffix(c.source, ".amazonaws.com"), region)
}
