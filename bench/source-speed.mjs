// `npm run build && node bench/source-speed.mjs [--rows 1000000] [--runs 3]`: single-thread parse
// speed of each source adapter on generated records held in memory (no I/O, no gunzip), cut into
// 1 MiB record-aligned blocks as the block reader cuts them. The row handler only sums a field, so
// this is the cost of turning records into rows. LANL flows through scanBlock is the reference.
// Best of --runs per format; the machine is shared, so treat the numbers as an order of magnitude.
import { SOURCE_ADAPTERS, scannerFor } from '../dist/sources/index.js';
import { LOG_FORMATS, scanBlock } from '../dist/sources/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 1_000_000);
const RUNS = arg('runs', 3);

// Deterministic generator (mulberry32), so every run parses the same bytes.
let seed = 12345;
const rand = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (n) => Math.floor(rand() * n);
const internal = Array.from({ length: 500 }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
const external = Array.from(
  { length: 5000 },
  (_, i) => `${20 + (i % 200)}.${(i * 7) % 256}.${(i * 13) % 256}.${i % 256}`,
);
const ports = [80, 443, 53, 445, 88, 389, 3389, 22, 8080, 123];
const t0 = 1700000000;

function zeekTsv() {
  const header = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    '#open\t2023-11-14-22-13-20',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
  ];
  const lines = [];
  for (let i = 0; i < ROWS; i++) {
    const ts = (t0 + i * 0.05 + rand()).toFixed(6);
    const src = internal[pick(internal.length)];
    const dst = rand() < 0.3 ? internal[pick(internal.length)] : external[pick(external.length)];
    const udp = rand() < 0.3;
    const ob = pick(5000),
      rb = pick(200000);
    const op = 1 + pick(40),
      rp = rand() < 0.1 ? 0 : 1 + pick(60);
    lines.push(
      `${ts}\tC${i.toString(36)}x9f\t${src}\t${49152 + pick(16000)}\t${dst}\t${ports[pick(ports.length)]}\t${udp ? 'udp' : 'tcp'}\t-\t${(rand() * 30).toFixed(6)}\t${ob}\t${rp ? rb : 0}\tSF\tT\tF\t0\tShADadFf\t${op}\t${ob + op * 40}\t${rp}\t${rp ? rb + rp * 40 : 0}\t(empty)`,
    );
  }
  return header.join('\n') + '\n' + lines.join('\n') + '\n';
}

function zeekJson(tsv) {
  const fields = tsv
    .split('\n')
    .find((l) => l.startsWith('#fields'))
    .split('\t')
    .slice(1);
  const counts = new Set([
    'id.orig_p',
    'id.resp_p',
    'orig_bytes',
    'resp_bytes',
    'missed_bytes',
    'orig_pkts',
    'orig_ip_bytes',
    'resp_pkts',
    'resp_ip_bytes',
  ]);
  return (
    tsv
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => {
        const v = l.split('\t');
        const o = {};
        fields.forEach((f, i) => {
          if (v[i] === '-' || f === 'tunnel_parents') return;
          o[f] =
            f === 'ts' || f === 'duration'
              ? Number(v[i])
              : counts.has(f)
                ? Number(v[i])
                : f.startsWith('local_')
                  ? v[i] === 'T'
                  : v[i];
        });
        return JSON.stringify(o);
      })
      .join('\n') + '\n'
  );
}

function lanlFlows() {
  const lines = [];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      `${Math.floor(i / 20) + 1},${pick(30)},C${pick(17000)},N${pick(60000)},C${pick(17000)},${ports[pick(ports.length)]},6,${pick(100)},${pick(100000)}`,
    );
  }
  return lines.join('\n') + '\n';
}

function winlogonXml(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = new Date((t0 + i) * 1000).toISOString().replace('Z', '0000Z');
    const ws = `WS${pick(500)}`;
    out.push(
      `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4624</EventID><Version>2</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='${t}'/><EventRecordID>${i}</EventRecordID><Correlation/><Execution ProcessID='620' ThreadID='1884'/><Channel>Security</Channel><Computer>SRV${pick(50)}.corp.example</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-0-0</Data><Data Name='SubjectUserName'>-</Data><Data Name='SubjectDomainName'>-</Data><Data Name='SubjectLogonId'>0x0</Data><Data Name='TargetUserSid'>S-1-5-21-1-2-3-${i}</Data><Data Name='TargetUserName'>user${pick(2000)}</Data><Data Name='TargetDomainName'>CORP</Data><Data Name='TargetLogonId'>0x1b9e2c0</Data><Data Name='LogonType'>3</Data><Data Name='LogonProcessName'>Kerberos</Data><Data Name='AuthenticationPackageName'>Kerberos</Data><Data Name='WorkstationName'>${ws}</Data><Data Name='LogonGuid'>{9A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}</Data><Data Name='TransmittedServices'>-</Data><Data Name='LmPackageName'>-</Data><Data Name='KeyLength'>0</Data><Data Name='ProcessId'>0x0</Data><Data Name='ProcessName'>-</Data><Data Name='IpAddress'>10.1.0.${pick(250)}</Data><Data Name='IpPort'>49187</Data><Data Name='ImpersonationLevel'>%%1833</Data></EventData></Event>`,
    );
  }
  return out.join('');
}

/** Record-aligned blocks of about 1 MiB, as readBlocks cuts them. */
function blocks(text, terminator) {
  const buf = Buffer.from(text);
  const out = [];
  let start = 0;
  while (start < buf.length) {
    let end = Math.min(buf.length, start + (1 << 20));
    if (end < buf.length) end = buf.lastIndexOf(terminator, end) + terminator.length;
    out.push(buf.subarray(start, end));
    start = end;
  }
  return out;
}

// CPU seconds of this process (user + system) as well as wall seconds: on a shared machine the
// CPU time is the steadier of the two (the wall clock also counts time other processes ran).
function measure(name, parts, parse) {
  let bestWall = Infinity,
    bestCpu = Infinity;
  let rows = 0;
  for (let r = 0; r < RUNS; r++) {
    rows = 0;
    const start = performance.now();
    const cpu = process.cpuUsage();
    parts.forEach((b, i) => (rows += parse(b, i === 0)));
    const used = process.cpuUsage(cpu);
    bestWall = Math.min(bestWall, (performance.now() - start) / 1000);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1e6);
  }
  const bytes = parts.reduce((s, b) => s + b.length, 0);
  const m = (x) => `${(x / 1e6).toFixed(2)} M`;
  console.log(
    `| ${name} | ${rows.toLocaleString('en')} | ${(bytes / 2 ** 20).toFixed(1)} | ${bestWall.toFixed(3)} | ${bestCpu.toFixed(3)} | ${m(rows / bestWall)} | ${m(rows / bestCpu)} | ${(bytes / 2 ** 20 / bestCpu).toFixed(0)} |`,
  );
}

const sink = new Float64Array(1);
const onRow = (_b, _s, ints) => {
  sink[0] += ints[8];
};
const viaAdapter = (format, kind, text) => {
  const parts = blocks(text, format === 'winlogon' && text.startsWith('<') ? '</Event>' : '\n');
  const config = SOURCE_ADAPTERS[format].prepare(parts[0], { kind, label: 'bench' });
  const scanner = scannerFor(config);
  return [parts, (b, first) => scanner.scan(b, onRow, 0, 100, first).rows];
};

console.log(
  `source adapters, 1 thread, ${ROWS.toLocaleString('en')} generated records each, best of ${RUNS} (Node ${process.version})\n`,
);
console.log('| format | records | MiB | wall s | CPU s | records/wall s | records/CPU s | MiB/CPU s |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const flows = lanlFlows();
measure('LANL flows (scanBlock)', blocks(flows, '\n'), (b) => scanBlock(b, LOG_FORMATS.flows, onRow, 0, 100).rows);
measure('LANL flows (lanl adapter)', ...viaAdapter('lanl', 'flows', flows));
const tsv = zeekTsv();
measure('Zeek conn TSV', ...viaAdapter('zeek', 'flows', tsv));
measure('Zeek conn JSON', ...viaAdapter('zeek', 'flows', zeekJson(tsv)));
const events = Math.max(1, Math.floor(ROWS / 10));
measure('Windows Event XML (wevtutil)', ...viaAdapter('winlogon', 'auth', winlogonXml(events)));
if (sink[0] === 42) console.log('');
