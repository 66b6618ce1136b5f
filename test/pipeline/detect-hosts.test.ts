import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../src/generate/index.js';
import { analyze } from '../../src/pipeline/index.js';
import { afterStages } from '../../src/cli/after-stages.js';
import { tempDir } from '../helpers/temp-dir.js';

const read = (p: string) => readFileSync(p, 'utf8');

test('every score is identical with or without redteam.txt; only the truth column and the evaluation differ', async () => {
  const data = (await generate({ out: join(tempDir('data'), 'd'), seed: 4, scale: 0.003, days: 6, redteam: 'replay' }))
    .out;
  const blind = join(tempDir('blind'), 'd');
  cpSync(data, blind, { recursive: true });
  rmSync(join(blind, 'redteam.txt'));
  const stages = () => afterStages({ detect: true, report: false });
  const a = join(tempDir('a'), 'o');
  const b = join(tempDir('b'), 'o');
  const withTruth = await analyze({ data, out: a, after: stages() });
  const without = await analyze({ data: blind, out: b, after: stages() });
  const dropTruth = (csv: string) =>
    csv
      .trimEnd()
      .split('\n')
      .map((l) => l.split(',').slice(0, -1).join(','))
      .join('\n');
  assert.equal(dropTruth(read(join(a, 'hosts.csv'))), dropTruth(read(join(b, 'hosts.csv'))));
  assert.equal(read(join(a, 'edges.csv')), read(join(b, 'edges.csv')));
  assert.equal(read(join(a, 'peer_groups.csv')), read(join(b, 'peer_groups.csv')));
  assert.ok(read(join(a, 'hosts.csv')).split('\n')[0]!.endsWith(',compromised'));
  assert.ok(read(join(a, 'hosts.csv')).includes(',1\n'), 'some compromised host is marked');
  assert.ok(!read(join(b, 'hosts.csv')).includes(',1\n'), 'no truth without redteam');

  assert.ok(withTruth.evaluation, 'evaluation with redteam');
  assert.equal(without.evaluation, undefined);
  assert.match(String(without.evaluation_reason), /no redteam/);
  const groups = withTruth.peer_groups as { count: number; sizes: number[]; modularity: number };
  assert.equal(
    groups.sizes.reduce((x, y) => x + y, 0),
    withTruth.humans,
  );
  assert.ok(groups.sizes.every((s) => s >= 5));
  const header = read(join(a, 'hosts.csv')).split('\n')[0];
  assert.equal(header, 'host,peer_group,score,rank,upload_kde,peer_z,service_jsd,lateral,compromised');
  assert.equal(read(join(a, 'edges.csv')).split('\n')[0], 'time,src_host,dst_host,user,score');
});
