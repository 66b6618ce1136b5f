import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string | undefined;

/**
 * A new empty folder for a test, named after `prefix`. All of a test file's folders sit in one
 * folder of the OS temp dir, removed when the process exits (kept with PEERSCOPE_KEEP_TEST_DIRS=1,
 * to look at a failure).
 */
export function tempDir(prefix: string): string {
  if (root === undefined) {
    const base = mkdtempSync(join(tmpdir(), 'peerscope-test-'));
    root = base;
    if (!process.env.PEERSCOPE_KEEP_TEST_DIRS) process.on('exit', () => rmSync(base, { recursive: true, force: true }));
  }
  return mkdtempSync(join(root, `${prefix}-`));
}
