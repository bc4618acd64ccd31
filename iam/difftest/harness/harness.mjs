// harness.mjs runs @cloud-copilot/iam-simulate for awssec's differential
// test (iam/difftest). It is our own script: iam-simulate (AGPL) is never
// part of the repository; the test installs it at a pinned version into a
// temporary directory, copies this file there and runs it with node, as a
// separate process.
//
// Protocol. Standard input: one JSON object per line,
//   {"id": "…", "sim": <an iam-simulate Simulation>}
// read to the end, then run. Standard output: one line per case, in order,
//   {"id": "…", "decision": "allow"|"explicit-deny"|"implicit-deny"|"error", "error": "…", "ignored": [..]}
// where ignored lists the context keys iam-simulate dropped as not applying
// to the action (a corpus mistake the test reports)
// then one last line with the harness's own timing, which leaves out node's
// start, module loading and reading the input:
//   {"stats": {"cases": N, "passMs": [..], "simulateMs": [..]}}
// passMs is each pass's wall time; simulateMs the time spent inside
// runSimulation only. With --passes N every case runs N times (the first
// passes warm the JIT) and the decisions of the last pass are printed.
// With --unsafe the harness calls runUnsafeSimulation, iam-simulate's entry
// point without input validation or context normalization, instead of
// runSimulation (the benchmark times both).
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'
import { createInterface } from 'node:readline'

let passes = 1
const i = process.argv.indexOf('--passes')
if (i >= 0) passes = Math.max(1, parseInt(process.argv[i + 1], 10) || 1)
const unsafe = process.argv.includes('--unsafe')

const cases = []
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue
  cases.push(JSON.parse(line))
}

const names = { Allowed: 'allow', ExplicitlyDenied: 'explicit-deny', ImplicitlyDenied: 'implicit-deny' }
const passMs = []
const simulateMs = []
let out = []
for (let p = 0; p < passes; p++) {
  out = []
  let inside = 0
  const start = performance.now()
  for (const c of cases) {
    let line
    try {
      const t = performance.now()
      const r = unsafe ? { resultType: 'unsafe', overallResult: runUnsafeSimulation(c.sim, {}) } : await runSimulation(c.sim, {})
      inside += performance.now() - t
      if (r.resultType === 'error') {
        line = { id: c.id, decision: 'error', error: JSON.stringify(r.errors) }
      } else {
        line = { id: c.id, decision: names[r.overallResult] ?? 'error' }
        if (!names[r.overallResult]) line.error = String(r.overallResult)
        const ignored = r.resultType === 'single' ? r.result.ignoredContextKeys : undefined
        if (ignored && ignored.length > 0) line.ignored = ignored
      }
    } catch (e) {
      line = { id: c.id, decision: 'error', error: String(e && e.stack ? e.stack : e) }
    }
    out.push(JSON.stringify(line))
  }
  passMs.push(performance.now() - start)
  simulateMs.push(inside)
}
out.push(JSON.stringify({ stats: { cases: cases.length, passMs, simulateMs } }))
process.stdout.write(out.join('\n') + '\n')
