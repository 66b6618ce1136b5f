/**
 * A path DuckDB's file readers take literally. They read a path holding `*`, `?` or `[` as a glob
 * (`s[1].csv` reads `s1.csv`, `runs*` every matching folder), so each such character becomes a
 * one-character class (`[[]`, `[*]`, `[?]`), which matches only itself. Other paths are returned
 * as they are.
 */
export function globLiteral(path: string): string {
  return path.replace(/[[*?]/g, (c) => `[${c}]`);
}
