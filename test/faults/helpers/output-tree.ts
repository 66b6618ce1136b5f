// Snapshots of output folders: "OUT untouched" is a byte comparison of every file, and "no
// leftovers" is the absence of the temporary siblings analyze builds OUT in.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { snapshotTree } from '../../helpers/snapshot-tree.js';

export { snapshotTree };

/** dir holds exactly the files of `before`, byte for byte. */
export function assertTreeUnchanged(dir: string, before: Map<string, Buffer>, what = dir): void {
  const now = snapshotTree(dir);
  assert.deepEqual([...now.keys()], [...before.keys()], `${what}: the same files as before`);
  for (const [name, bytes] of before) assert.ok(bytes.equals(now.get(name)!), `${what}/${name} unchanged`);
}

/**
 * A previous output at parent/name that a run may replace (it has summary.json, as the README
 * requires) but that a failed run must leave as it was. Returns OUT and its snapshot.
 */
export function previousOut(parent: string, name = 'out'): { out: string; before: Map<string, Buffer> } {
  const out = join(parent, name);
  mkdirSync(join(out, 'rejected'), { recursive: true });
  writeFileSync(join(out, 'summary.json'), '{"peerscope":"0.1.0","note":"a previous run"}\n');
  writeFileSync(join(out, 'humans.csv'), 'host,users,logons\nPREVIOUS,1,1\n');
  writeFileSync(join(out, 'rejected', 'auth.txt'), '7\tprevious\n');
  return { out, before: snapshotTree(out) };
}

/** The temporary siblings of OUT (`.OUT.tmp-*`) in its parent. */
export function tempSiblings(out: string): string[] {
  const parent = dirname(out);
  if (!existsSync(parent)) return [];
  const prefix = `.${basename(out)}.tmp-`;
  return readdirSync(parent).filter((n) => n.startsWith(prefix));
}

/** No `.OUT.tmp-*` left next to OUT. */
export function assertNoTempSiblings(out: string): void {
  assert.deepEqual(tempSiblings(out), [], `no temporary folders left next to ${out}`);
}
