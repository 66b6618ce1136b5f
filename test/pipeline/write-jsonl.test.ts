import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDuckDb } from '../../src/engine/index.js';
import { analyze, topHosts } from '../../src/pipeline/index.js';
import { afterStages } from '../../src/cli/after-stages.js';
import { hostileData } from '../helpers/hostile-data.js';
import { tempDir } from '../helpers/temp-dir.js';

function csvObjects(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
}

/** An ECS record as parsed; its nested fields are read by name, as a SIEM would. */
type Ecs = Record<string, Record<string, string | number | undefined>> & { '@timestamp'?: string };

function jsonLines(path: string): Ecs[] {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.endsWith('\n'), 'every line ends with a newline');
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Ecs);
}

test('--jsonl: hosts and edges as JSON lines with ECS names, row for row with the CSVs; top N in rank order', async () => {
  const data = hostileData(31);
  const out = join(tempDir('jsonl'), 'out');
  const summary = await analyze({ data, out, after: afterStages({ detect: true, report: false, jsonl: true }) });

  const hosts = csvObjects(join(out, 'hosts.csv'));
  const hostLines = jsonLines(join(out, 'hosts.jsonl'));
  assert.ok(hosts.length > 5);
  assert.equal(hostLines.length, hosts.length);
  hosts.forEach((h, i) => {
    const j = hostLines[i]!;
    assert.equal(j.host!.name, h.host);
    assert.equal(j.event!.risk_score, Number(h.score));
    assert.equal(j.event!.dataset, 'peerscope.hosts');
    assert.equal(j.peerscope!.rank, Number(h.rank));
    assert.equal(j.peerscope!.peer_group, Number(h.peer_group));
    // A host's time is its strongest interval; a host without one gets the end of the analysed span.
    const seconds = h.interval === undefined || h.interval === '' ? summary.time_span.last! : Number(h.interval);
    assert.equal(j['@timestamp'], new Date(seconds * 1000).toISOString());
  });

  const edges = csvObjects(join(out, 'edges.csv'));
  const edgeLines = jsonLines(join(out, 'edges.jsonl'));
  assert.ok(edges.length > 0);
  assert.equal(edgeLines.length, edges.length);
  edges.forEach((e, i) => {
    const j = edgeLines[i]!;
    assert.equal(j['@timestamp'], new Date(Number(e.time) * 1000).toISOString());
    assert.equal(j.source!.address, e.src_host);
    assert.equal(j.destination!.address, e.dst_host);
    assert.equal(j.user!.name, e.user);
    assert.equal(j.event!.risk_score, Number(e.score));
    assert.equal(j.source!.ip, undefined, 'LANL names are not addresses');
  });

  const top = await topHosts(out, 3);
  assert.deepEqual(
    top.map((h) => [h.host, h.rank]),
    [...hosts]
      .sort((a, b) => Number(a.rank) - Number(b.rank))
      .slice(0, 3)
      .map((h) => [h.host, Number(h.rank)]),
  );
});

test('alerts.jsonl has one writer and one shape: ECS names, row for row with alerts.csv, with or without --jsonl', async () => {
  const data = hostileData(31);
  // A budget of 1,000 false alerts per 1,000 hosts a day makes every host-interval an alert.
  const detectOptions = { alertBudget: 1000 };
  const plain = join(tempDir('alerts-plain'), 'out');
  const withJsonl = join(tempDir('alerts-jsonl'), 'out');
  await analyze({ data, out: plain, after: afterStages({ detect: true, report: false, detectOptions }) });
  await analyze({
    data,
    out: withJsonl,
    after: afterStages({ detect: true, report: false, jsonl: true, detectOptions }),
  });
  const text = readFileSync(join(plain, 'alerts.jsonl'));
  assert.ok(text.equals(readFileSync(join(withJsonl, 'alerts.jsonl'))), '--jsonl does not rewrite alerts.jsonl');

  const engine = await openDuckDb();
  const csv = await engine.all<Record<string, string>>(
    'SELECT * FROM read_csv($path, header = true, all_varchar = true)',
    { path: join(plain, 'alerts.csv') },
  );
  await engine.close();
  const lines = jsonLines(join(plain, 'alerts.jsonl'));
  assert.ok(csv.length > 5, `${csv.length} alerts`);
  assert.equal(lines.length, csv.length);
  csv.forEach((a, i) => {
    const j = lines[i]!;
    assert.deepEqual(Object.keys(j), ['@timestamp', 'event', 'host', 'peerscope']);
    assert.equal(j['@timestamp'], new Date(Number(a.interval) * 1000).toISOString());
    assert.deepEqual(j.event, { dataset: 'peerscope.alerts', risk_score: Number(a.score) });
    assert.deepEqual(j.host, { name: a.host });
    assert.deepEqual(j.peerscope, {
      interval: Number(a.interval),
      peer_group: Number(a.peer_group),
      p_value: Number(a.p_value),
      views: a.views,
      reason: a.reason,
      evidence: JSON.parse(a.evidence!),
    });
  });
});
