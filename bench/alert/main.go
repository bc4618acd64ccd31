// Command alert measures awssec alert's router: 100,000 GuardDuty and
// CloudWatch events (new findings, updates of the same finding ids,
// bursts) decoded, de-duplicated, routed and grouped with the notification
// log in SQLite, against decoding the same events alone. It prints both
// rates and their ratio (targets: ≥ 20,000 events/s and ≥ 0.3× decode).
//
//	go run ./bench/alert
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/awssec/awssec/alert/config"
	"github.com/awssec/awssec/alert/event"
	"github.com/awssec/awssec/alert/router"
	"github.com/awssec/awssec/alert/store"
	"github.com/awssec/awssec/internal/benchutil"
)

const cfgYAML = `route:
  receiver: mail
  group_by: [account, type]
  routes:
    - matchers: ['source = "aws.guardduty"', 'severity >= 7']
      receiver: slack
      continue: true
    - matchers: ['source = "aws.guardduty"']
      receiver: hook
    - matchers: ['source = "aws.cloudwatch"', 'alarm =~ ".*-5xx"']
      receiver: slack
receivers:
  - name: mail
    webhook: {url: "https://mail.example.com/hook"}
  - name: slack
    slack: {webhook_url: "https://hooks.slack.com/services/T/B/x"}
  - name: hook
    webhook: {url: "https://hooks.example.com/x"}
inhibit_rules:
  - source_matchers: ['severity_label = critical']
    target_matchers: ['severity_label = low']
    equal: [account]
`

func main() {
	n := flag.Int("events", 100_000, "events")
	flushEvery := flag.Int("flush-every", 5_000, "events between flushes (one flush is one group_interval tick)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run here")
	flag.Parse()
	benchutil.RunProfiled(*cpuprofile, func() error { return run(*n, *flushEvery) })
}

// events writes n events as JSON Lines: 20 % of them updates of findings
// already seen, bursts of one hot finding, and a 5xx alarm now and then.
func events(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		id := i
		if i%5 == 0 && i > 0 {
			id = i / 2 // an update: the same finding id, a higher count
		}
		if i%1000 < 20 {
			id = 7 // a burst
		}
		if i%97 == 0 {
			fmt.Fprintf(&b, `{"version":"0","id":"e-%d","detail-type":"CloudWatch Alarm State Change","source":"aws.cloudwatch","account":"1111222233%02d","time":"2026-11-25T10:00:00Z","region":"us-east-1","resources":["arn:aws:cloudwatch:us-east-1:111122223333:alarm:api%d-prod-5xx"],"detail":{"alarmName":"api%d-prod-5xx","state":{"value":"ALARM","reason":"Threshold Crossed","timestamp":"2026-11-25T10:00:00.000+0000"},"previousState":{"value":"OK"},"configuration":{"metrics":[{"id":"m1","metricStat":{"metric":{"namespace":"AWS/ApiGateway","name":"5XXError","dimensions":{"ApiName":"api%d","Stage":"prod"}},"period":60,"stat":"Average"},"returnData":true}]}}}`+"\n",
				i, i%40, i%50, i%50, i%50)
			continue
		}
		fmt.Fprintf(&b, `{"version":"0","id":"e-%d","detail-type":"GuardDuty Finding","source":"aws.guardduty","account":"1111222233%02d","time":"2026-11-25T10:00:00Z","region":"us-east-1","resources":[],"detail":{"schemaVersion":"2.0","accountId":"1111222233%02d","region":"us-east-1","partition":"aws","id":"f%08d","arn":"arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/f%08d","type":"%s","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-%08x","tags":[{"key":"role","value":"web"}]}},"service":{"serviceName":"guardduty","action":{"actionType":"PORT_PROBE"},"resourceRole":"TARGET","eventFirstSeen":"2026-11-25T09:00:00Z","eventLastSeen":"2026-11-25T10:00:00Z","archived":false,"count":%d},"severity":%d,"createdAt":"2026-11-25T09:00:00Z","updatedAt":"2026-11-25T10:00:00Z","title":"finding %d","description":"synthetic"}}`+"\n",
			i, id%40, id%40, id, id, types[id%len(types)], 1+i/(n/4+1), 1+id%9, id, id)
	}
	return b.Bytes()
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var types = []string{"Recon:EC2/Portscan", "UnauthorizedAccess:EC2/SSHBruteForce", "CryptoCurrency:EC2/BitcoinTool.B!DNS",
	"Recon:EC2/PortProbeUnprotectedPort", "Backdoor:EC2/C&CActivity.B!DNS", "Trojan:EC2/DNSDataExfiltration"}

func decodeAll(data []byte, each func(*event.Decoder) error) error {
	d := event.NewDecoder("bench", data)
	for {
		if err := each(d); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func run(n, flushEvery int) error {
	data := events(n)
	cfg, err := config.Parse("bench.yaml", []byte(cfgYAML))
	if err != nil {
		return err
	}
	// (a) decode only.
	cpu0 := cpuTime()
	start := time.Now()
	count := 0
	err = decodeAll(data, func(d *event.Decoder) error {
		as, err := d.Next()
		count += len(as)
		return err
	})
	if err != nil {
		return err
	}
	decode, decodeCPU := time.Since(start), cpuTime()-cpu0

	// (b) decode, de-duplicate, route, group, flush with the log in SQLite.
	dir, err := os.MkdirTemp("", "bench-alert")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.OpenSQLite(filepath.Join(dir, "state.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	r := router.New(cfg, st)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	notifications := 0
	flush := func() error {
		ns, err := r.Flush(ctx, now, true)
		for _, nt := range ns {
			notifications++
			if err := r.Done(ctx, nt, nil); err != nil {
				return err
			}
		}
		return err
	}
	i := 0
	cpu0 = cpuTime()
	start = time.Now()
	err = decodeAll(data, func(d *event.Decoder) error {
		as, err := d.Next()
		for _, a := range as {
			r.Ingest(a, now)
		}
		if i++; i%flushEvery == 0 {
			now = now.Add(time.Minute)
			if ferr := flush(); ferr != nil {
				return ferr
			}
		}
		return err
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	routed, routedCPU := time.Since(start), cpuTime()-cpu0
	s := r.Stats()
	groups, _ := r.Pending()

	rate := func(d time.Duration) float64 { return float64(n) / d.Seconds() }
	fmt.Printf("events: %d (%d alerts: %d new, %d updates), %d groups, %d notifications\n", n, s.Events, s.New, s.Updates, groups, notifications)
	fmt.Printf("(a) decode only:                     %8.0f events/s wall (%s), %8.0f events/s of CPU time (%s)\n",
		rate(decode), decode.Round(time.Millisecond), rate(decodeCPU), decodeCPU.Round(time.Millisecond))
	fmt.Printf("(b) decode+dedup+route+group+SQLite: %8.0f events/s wall (%s), %8.0f events/s of CPU time (%s)  target ≥ 20000\n",
		rate(routed), routed.Round(time.Millisecond), rate(routedCPU), routedCPU.Round(time.Millisecond))
	fmt.Printf("ratio b/a: %.2f wall, %.2f CPU time  target ≥ 0.30\n", rate(routed)/rate(decode), rate(routedCPU)/rate(decodeCPU))
	fmt.Println("(CPU time is user+system of the process, GC included: the fairer figure on a shared machine)")
	fmt.Printf("peak RSS: %d MiB\n", benchutil.PeakRSS()>>20)
	return nil
}
