const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Bytes in binary units, as the original's axes: 1 KB = 2^10 bytes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${bytes} B`;
  const k = Math.min(UNITS.length - 1, Math.floor(Math.log2(bytes) / 10));
  const v = bytes / 2 ** (10 * k);
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${UNITS[k]}`;
}
