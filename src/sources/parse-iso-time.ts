/** A point in time as whole epoch seconds and the microseconds within that second. */
export interface EpochTime {
  seconds: number;
  /** 0-999999. */
  micros: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 / RFC 3339 date-time (`2015-11-12T00:24:35.079785200Z`, as Windows writes
 * SystemTime, or `2019-05-08T19:41:12.157Z`, as Winlogbeat writes @timestamp; `+02:00` offsets
 * allowed, no zone = UTC). The fraction is truncated to microseconds. Returns undefined for
 * anything else, including impossible dates (2015-02-30).
 */
export function parseIsoTime(text: string): EpochTime | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  )
    return undefined;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return undefined;
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hh = Number(digits.slice(0, 2));
    const mm = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hh > 23 || mm > 59) return undefined;
    offset = sign * (hh * 3600 + mm * 60);
  }
  const fraction = (m[7] ?? '').slice(0, 6).padEnd(6, '0');
  return { seconds: ms / 1000 - offset, micros: Number(fraction) };
}
