import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerDeviation, peerReference, type TrafficPoint } from '../../src/detect/index.js';
import { createRandom } from '../../src/stats/index.js';

test('the typed reference gives the same upload and download z per host-interval as peerDeviation (its per-interval points), to 1e-12', () => {
  const random = createRandom(31);
  const points: TrafficPoint[] = [];
  const groupOf = new Map<string, number>();
  for (let h = 0; h < 40; h++) {
    groupOf.set(`H${h}`, h % 4);
    for (let t = 0; t < 12; t++)
      if (random() < 0.8)
        points.push({
          host: `H${h}`,
          interval: t,
          upload: Math.floor(2 ** (10 + 10 * random())),
          download: Math.floor(2 ** (12 + 8 * random())),
        });
  }
  const dev = peerDeviation(points, groupOf);
  const group = points.map((p) => groupOf.get(p.host)!);
  const interval = points.map((p) => p.interval);
  const up = peerReference({ group, interval, bytes: points.map((p) => p.upload) });
  const down = peerReference({ group, interval, bytes: points.map((p) => p.download) });
  const zOf = (ref: typeof up, bytes: number, i: number) => (Math.log2(1 + bytes) - ref.location[i]!) / ref.scale[i]!;
  const byKey = new Map(points.map((p, i) => [`${p.host}|${p.interval}`, i]));
  assert.ok(dev.points.length > 300);
  for (const q of dev.points) {
    const i = byKey.get(`${q.host}|${q.interval}`)!;
    assert.ok(Math.abs(zOf(up, points[i]!.upload, i) - q.z) < 1e-12, `${q.host} ${q.interval}`);
  }
  // The host's largest download z equals peerDeviation's maxDownloadZ.
  for (const [host, maxDown] of dev.maxDownloadZ) {
    let best = -Infinity;
    points.forEach((p, i) => {
      if (p.host === host && down.peers[i]! >= 3) best = Math.max(best, zOf(down, p.download, i));
    });
    assert.ok(Math.abs(best - maxDown) < 1e-12, host);
  }
});

test('hand-computed cell: log2(1 + bytes) = 1, 2, 3, 10 → median 2.5, MAD median(1.5, 0.5, 0.5, 7.5) = 1 → scale 1.4826; a cell below minPeers is NaN', () => {
  const r = peerReference({ group: [0, 0, 0, 0, 1, 1], interval: [5, 5, 5, 5, 5, 5], bytes: [1, 3, 7, 1023, 10, 20] });
  for (let i = 0; i < 4; i++) {
    assert.equal(r.location[i], 2.5);
    assert.ok(Math.abs(r.scale[i]! - 1.4826) < 1e-15);
    assert.equal(r.peers[i], 4);
  }
  assert.ok(Number.isNaN(r.location[4]!) && Number.isNaN(r.scale[5]!));
  assert.equal(r.diagnostics.unreferencedPoints, 2);
  // Identical hosts: the scale is the floor.
  assert.equal(peerReference({ group: [0, 0, 0], interval: [1, 1, 1], bytes: [7, 7, 7] }).scale[0], 0.5);
});

test('a cell where most members moved nothing is scaled by its mean deviation, not the floor: a member that moved 1 KB is not 20 floors out', () => {
  // Hourly cells look like this: 6 of 8 members silent, two moved 1 KB and 4 KB.
  const bytes = [0, 0, 0, 0, 0, 0, 1023, 4095];
  const ref = peerReference({ group: bytes.map(() => 0), interval: bytes.map(() => 7), bytes });
  // log2(1 + bytes): six 0s, 10, 12; median 0, MAD 0, mean deviation 22/8.
  const scale = (1.253314 * 22) / 8;
  assert.ok(Math.abs(ref.scale[0]! - scale) < 1e-12, `${ref.scale[0]} vs ${scale}`);
  assert.equal(ref.location[0], 0);
  const z = (10 - ref.location[6]!) / ref.scale[6]!;
  assert.ok(z > 2.8 && z < 3, `z of the 1 KB member ${z}, where the 0.5 floor gave 20`);
});
