import { statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { globLiteral, type Engine } from '../engine/index.js';

/** Options of {@link readNumericColumn}. */
export interface ReadNumericColumnOptions {
  /** Take log2 of each value (0 gives −Infinity and negatives are invalid, as numpy). Default false. */
  log2?: boolean;
}

/** One column's numbers, and an account of the cells that were not numbers. */
export interface NumericColumn {
  values: Float64Array;
  /** Data rows in the file. */
  rows: number;
  /** Cells left out: empty, not a number, NaN, or negative under log2. */
  invalid: { empty: number; not_numeric: number; nan: number; negative_log: number };
  /** The first few left-out cells, as `FILE row N: "text"`. */
  examples: string[];
}

/**
 * Loads one numeric column from a CSV with a header row (.csv or .csv.gz) or a Parquet file,
 * through the engine, so the file is parsed by DuckDB rather than by JS.
 */
export async function readNumericColumn(
  engine: Engine,
  file: string,
  column: string,
  options: ReadNumericColumnOptions = {},
): Promise<NumericColumn> {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new InputError('no such file', { file });
  }
  if (!isFile) throw new InputError('not a file', { file });
  // DuckDB reads a path with * ? [ as a glob: `s[1].csv` would read `s1.csv`.
  const path = globLiteral(file);
  const source = /\.parquet$/i.test(file)
    ? 'read_parquet($path)'
    : 'read_csv($path, header = true, all_varchar = true)';
  let names: string[];
  try {
    names = (await engine.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${source}`, { path })).map(
      (r) => r.column_name,
    );
  } catch (error) {
    throw new InputError(
      `cannot read it as ${/\.parquet$/i.test(file) ? 'Parquet' : 'CSV with a header row'}: ${(error as Error).message.split('\n')[0]}`,
      { file },
    );
  }
  if (!names.includes(column))
    throw new InputError(`no column "${column}"; columns are ${names.map((n) => `"${n}"`).join(', ')}`, { file });
  const rows = await engine.all<{ raw: string | null; v: number | null }>(
    `SELECT CAST(${engine.ident(column)} AS VARCHAR) AS raw, TRY_CAST(${engine.ident(column)} AS DOUBLE) AS v FROM ${source}`,
    { path },
  );
  const values: number[] = [];
  const invalid = { empty: 0, not_numeric: 0, nan: 0, negative_log: 0 };
  const examples: string[] = [];
  rows.forEach((r, i) => {
    let reason: keyof typeof invalid | null = null;
    if (r.raw === null || r.raw.trim() === '') reason = 'empty';
    else if (r.v === null) reason = 'not_numeric';
    else if (Number.isNaN(r.v)) reason = 'nan';
    else if (options.log2 && r.v < 0) reason = 'negative_log';
    if (reason === null) {
      values.push(options.log2 ? Math.log2(r.v!) : r.v!);
      return;
    }
    invalid[reason]++;
    if (examples.length < 5) examples.push(`${file} row ${i + 1}: ${reason.replace('_', ' ')} "${r.raw ?? ''}"`);
  });
  return { values: Float64Array.from(values), rows: rows.length, invalid, examples };
}
