import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../src/store/index.js';
import {
  dayOf,
  partitionName,
  readStore,
  readStoreManifest,
  STORE_FILES,
  storeColumns,
} from '../../src/store/store-format.js';
import { flagName } from '../../src/cli/flag-name.js';
import { describeError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp-dir.js';

test('days and partition names: floor(time / 86400), five digits, negative days signed', () => {
  assert.deepEqual([0, 86_399, 86_400, -1, 86_400 * 123_456].map(dayOf), [0, 0, 1, -1, 123_456]);
  assert.deepEqual([0, 42, -3, 123_456].map(partitionName), [
    'day=00000.parquet',
    'day=00042.parquet',
    'day=-00003.parquet',
    'day=123456.parquet',
  ]);
  assert.deepEqual(
    storeColumns('redteam').map((c) => `${c.name} ${c.type}`),
    ['file INTEGER', 'line BIGINT', 'time BIGINT', 'user VARCHAR', 'src_host VARCHAR', 'dst_host VARCHAR'],
  );
});

test('readStore tells a complete store, an unfinished ingest and another folder apart; a bad manifest names its field', async () => {
  const data = tempDir('store-data');
  writeFileSync(join(data, 'auth.txt'), '5,U1@DOM1,U1@DOM1,C1,C1,?,Interactive,LogOn,Success\n');
  writeFileSync(join(data, 'flows.txt'), '7,1,C1,N1,C2,80,6,1,100\n');
  const store = join(tempDir('store'), 's');
  assert.equal(readStore(store, 'store').status, 'none');
  const made = await ingest({ data, out: store });

  const state = readStore(store, 'store');
  assert.equal(state.status, 'complete');
  assert.deepEqual(state.status === 'complete' ? state.manifest.partitions : undefined, made.partitions);
  assert.deepEqual(readStoreManifest(store, 'store').time_span, { first: 5, last: 7 });

  const manifestPath = join(store, STORE_FILES.manifest);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, partitions: { auth: 'day=0' } }));
  assert.throws(
    () => readStore(store, 'store'),
    (e: Error) =>
      e.name === 'InputError' &&
      e.message.startsWith(`${manifestPath}: partitions.auth: `) &&
      /expected array/.test(e.message),
  );
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, store_format: 2 }));
  assert.throws(
    () => readStoreManifest(store, 'store'),
    (e: Error) =>
      e.name === 'UsageError' &&
      e.message === `store ${store} has store format 2; this peerscope reads format 1` &&
      describeError(e, flagName) === `--store ${store} has store format 2; this peerscope reads format 1`,
  );
  writeFileSync(manifestPath, '{"store_format": 1,');
  assert.throws(() => readStore(store, 'store'), /not valid JSON/);
});
