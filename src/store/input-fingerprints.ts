import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogKind } from '../sources/log-formats.js';
import type { ResolvedInputs } from '../sources/resolve-inputs.js';
import type { StoreManifest } from './store-format.js';

/** What a store records of its inputs (path, size, mtime), to tell a resume of the same inputs from other ones. */
export function inputFingerprints(inputs: ResolvedInputs): StoreManifest['inputs'] {
  const of = (kind: LogKind) =>
    inputs[kind].map((f) => ({
      path: resolve(f.path),
      bytes: f.bytes,
      mtime_ms: Math.floor(statSync(f.path).mtimeMs),
    }));
  return { auth: of('auth'), flows: of('flows'), redteam: of('redteam') };
}
