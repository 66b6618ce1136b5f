import type { ColumnType, Engine } from '../engine/index.js';
import type { SpilledPart } from './spill-table.js';

/** A column of a spilled group table: a key (remapped, grouped by) or an accumulator (combined). */
export interface SpilledColumn {
  name: string;
  type: ColumnType;
  /** How partial groups combine; absent for a key column. */
  combine?: 'sum' | 'min' | 'max';
}

/**
 * Completes a group table whose partial groups are spread over DuckDB table `memory` (what the
 * scanners held at the end) and spill files: each file is read with its thread's ids mapped to
 * the merged ids, and DuckDB combines the partial groups (GROUP BY, which spills to disk beyond
 * its memory limit) into `target`, with the column types of `memory`. JS holds one remap at a time.
 */
export async function loadSpilledGroups(
  engine: Engine,
  target: string,
  memory: string,
  columns: readonly SpilledColumn[],
  parts: readonly SpilledPart[],
): Promise<void> {
  const q = (name: string) => engine.ident(name);
  const parts_ = `${target}_parts`;
  await engine.run(`CREATE TABLE ${q(parts_)} AS SELECT * FROM ${q(memory)}`);
  const keys = columns.filter((c) => c.combine === undefined);
  for (const part of parts) {
    if (part.files.length === 0) continue;
    const joins: string[] = [];
    const select = columns.map((c) => {
      const k = keys.indexOf(c);
      if (k < 0 || part.remaps[k] === undefined) return `f.${q(c.name)}`;
      joins.push(`JOIN ${q(`${target}_remap_${k}`)} r${k} ON r${k}.local = f.${q(c.name)}`);
      return `r${k}.id AS ${q(c.name)}`;
    });
    for (const [k, remap] of part.remaps.entries()) {
      if (remap === undefined) continue;
      await engine.load(`${target}_remap_${k}`, [
        { name: 'local', type: 'INTEGER', values: Int32Array.from({ length: remap.length }, (_, i) => i) },
        { name: 'id', type: 'INTEGER', values: remap },
      ]);
    }
    for (const file of part.files) {
      await engine.run(
        `INSERT INTO ${q(parts_)} SELECT ${select.join(', ')} FROM ${engine.readLines(file, columns)} f ${joins.join(' ')}`,
      );
    }
  }
  const keyList = keys.map((c) => q(c.name)).join(', ');
  const aggregates = columns
    .filter((c) => c.combine !== undefined)
    .map((c) => `${c.combine}(${q(c.name)}) AS ${q(c.name)}`);
  await engine.run(
    `CREATE OR REPLACE TABLE ${q(target)} AS SELECT ${keyList}, ${aggregates.join(', ')} FROM ${q(parts_)} GROUP BY ${keyList}`,
  );
  await engine.run(`DROP TABLE ${q(parts_)}`);
  for (let k = 0; k < keys.length; k++) await engine.run(`DROP TABLE IF EXISTS ${q(`${target}_remap_${k}`)}`);
}
