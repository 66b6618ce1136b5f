import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import type { LogKind } from './log-formats.js';
import type { InputFile } from './input-file.js';

/**
 * The files of one log in a folder as Zeek and its tools leave them: the current `conn.log`,
 * rotated `conn.2024-03-01-10-00-00.log`, zeekctl's archive `2024-03-01/conn.10:00:00-11:00:00.log.gz`
 * (date subfolders are searched one level deep), logrotate's `conn.log.1`, `conn.log.2.gz`, and
 * the same with `.json`. Returned in name order; {@link orderLogFiles} puts them in time order.
 */
export function findLogFiles(folder: string, kind: LogKind, stem = 'conn'): InputFile[] {
  const pattern = new RegExp(
    `^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\..+)?\\.(log|json)(\\.[0-9]+)?(\\.gz)?$`,
  );
  const files: InputFile[] = [];
  const visit = (dir: string, prefix: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      throw new InputError('folder not readable', { file: dir, cause: error });
    }
    for (const name of names) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        if (depth === 0) visit(path, `${prefix}${name}/`, 1);
      } else if (pattern.test(name)) {
        files.push({
          kind,
          path,
          label: `${basename(folder)}/${prefix}${name}`,
          bytes: stat.size,
          gzip: name.endsWith('.gz'),
        });
      }
    }
  };
  visit(folder, '', 0);
  if (files.length === 0)
    throw new InputError(`folder holds no ${stem} log files (${stem}.log, ${stem}.*.log.gz, …)`, { file: folder });
  return files;
}
