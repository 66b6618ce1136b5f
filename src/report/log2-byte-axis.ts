/**
 * A Vega-Lite axis for log2(bytes): ticks every 5 (a factor of 32) labelled 1 KB, 32 KB, 1 MB, …,
 * like the original's histograms.
 */
export function log2ByteAxis(title: string): Record<string, unknown> {
  return {
    title,
    values: [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50],
    labelExpr: "pow(2, datum.value % 10) + ' ' + ['B', 'KB', 'MB', 'GB', 'TB', 'PB'][floor(datum.value / 10)]",
  };
}
