// The suite's own reading of an input: bytes after gunzip, physical lines, blank lines, and
// which files make up each kind. Written from the README's rules, sharing no code with src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The log kinds the suite feeds. */
export type Kind = 'auth' | 'flows' | 'redteam';
export const KINDS: readonly Kind[] = ['auth', 'flows', 'redteam'];

/** Input files per kind, in the order peerscope reads them. */
export type KindInputs = Partial<Record<Kind, string[]>>;

const LF = 0x0a;
const CR = 0x0d;

/** A file's text bytes: gunzipped (every member) when it ends in .gz. */
export function inputBytes(path: string): Buffer {
  const raw = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(raw) : raw;
}

/**
 * Physical lines: split at LF, one CR before the LF dropped (CRLF), a last line without LF
 * counted, nothing after a final LF.
 */
export function physicalLines(buf: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(LF, start);
    if (nl < 0) nl = buf.length;
    let end = nl;
    if (end > start && buf[end - 1] === CR) end--;
    lines.push(buf.subarray(start, end));
    start = nl + 1;
  }
  return lines;
}

/** Physical and blank (empty after dropping CRLF) lines of some files. */
export function countLines(paths: readonly string[]): { lines: number; blank: number } {
  let lines = 0;
  let blank = 0;
  for (const path of paths) {
    for (const line of physicalLines(inputBytes(path))) {
      lines++;
      if (line.length === 0) blank++;
    }
  }
  return { lines, blank };
}

/**
 * The files of each kind in DATA, by the README's rule: `K.txt`, else `K.txt.gz`, else the
 * folder `K/` of splits (.txt, .txt.gz, .csv, .csv.gz) in name order.
 */
export function inputsOf(data: string): KindInputs {
  const out: KindInputs = {};
  for (const kind of KINDS) {
    for (const name of [`${kind}.txt`, `${kind}.txt.gz`, kind]) {
      const path = join(data, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      out[kind] = stat.isDirectory()
        ? readdirSync(path)
            .filter((n) => /\.(txt|csv)(\.gz)?$/.test(n))
            .sort()
            .map((n) => join(path, n))
        : [path];
      break;
    }
  }
  return out;
}
