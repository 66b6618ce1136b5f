import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { StartedFlowsFile } from '../../src/pipeline/started-flows-file.js';
import { createRandom } from '../../src/stats/index.js';
import { tempDir } from '../helpers/temp-dir.js';

test('StartedFlowsFile writes host, remote host, remote port, time and bytes of each flow line, across buffer flushes and for a line longer than its buffer', () => {
  const random = createRandom(3);
  const expected: string[] = [];
  const file = new StartedFlowsFile(tempDir('started'));
  assert.equal(file.close(), undefined, 'no file without a flow');
  const add = (fields: string[]) => {
    const line = Buffer.from(fields.join(',') + '\n');
    const starts: number[] = [0];
    for (let i = 0; i < line.length; i++) if (line[i] === 44 || line[i] === 10) starts.push(i + 1);
    const range = (f: number): [number, number] => [starts[f]!, starts[f + 1]! - 1];
    file.add(line, ...range(2), ...range(4), ...range(5), ...range(0), ...range(8));
    expected.push([fields[2], fields[4], fields[5], fields[0], fields[8]].join(','));
  };
  // ~40 bytes a flow: 60,000 flows fill the 1 MiB buffer twice.
  for (let i = 0; i < 60_000; i++) {
    const host = `C${Math.floor(random() * 1e5)}`;
    add([
      String(i),
      '3',
      host,
      `N${i}`,
      `C${Math.floor(random() * 1e4)}`,
      '443',
      '6',
      '12',
      String(Math.floor(random() * 1e9)),
    ]);
  }
  add(['7', '0', 'H"q', 'N1', 'x'.repeat(1_200_000), '80', '6', '1', '-5']);
  add(['8', '0', 'C1', 'N1', 'C2', 'N', '6', '1', '0']);
  const path = file.close();
  assert.ok(path !== undefined);
  assert.equal(readFileSync(path, 'utf8'), expected.join('\n') + '\n');
});
