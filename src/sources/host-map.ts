import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import { canonicalIpAddress } from './ip-address.js';

/** Problems shown per load before "and N more". */
export const HOST_MAP_DEFAULTS = { maxErrorsShown: 5 } as const;

/**
 * A host identity map: addresses (IPs as Zeek writes them, or computer names as Windows writes
 * them) to one host name, so that flows from Zeek and logons from Windows meet as one host.
 * Keys are canonical: an IP in its canonical text ({@link canonicalIpAddress}, so `::ffff:10.0.0.5`
 * and `10.0.0.5` are one key), a name in lowercase (Windows names are case-insensitive). Values are
 * kept as written. Without a map, an address is its own host.
 */
export class HostMap {
  private readonly map: ReadonlyMap<string, string>;

  private constructor(
    entries: Iterable<readonly [string, string]>,
    /** Lines that repeated an earlier line's address with the same host (harmless, counted). */
    readonly repeated = 0,
  ) {
    this.map = new Map(entries);
  }

  /** An empty map: every address is its own host. */
  static empty(): HostMap {
    return new HostMap([]);
  }

  /** A map from canonical entries, as {@link entries} returns them (e.g. sent to a worker thread). */
  static fromEntries(entries: readonly (readonly [string, string])[]): HostMap {
    return new HostMap(entries);
  }

  /**
   * Parses CSV `address,host` lines. Blank lines and lines starting with `#` are skipped; a first
   * line `address,host` is a header. Every other line must hold exactly two non-empty fields
   * (no quoting). An address mapped twice to different hosts is an error naming both lines; the
   * same pair twice is counted in {@link repeated}. All problems are gathered, and one InputError
   * lists the first few with their line numbers.
   */
  static parse(text: string, label: string): HostMap {
    const entries = new Map<string, { host: string; line: number }>();
    const errors: { line: number; message: string }[] = [];
    let repeated = 0;
    let seenContent = false;
    const lines = text.split('\n');
    lines.forEach((raw, index) => {
      const line = index + 1;
      const content = raw.replace(/\r$/, '').trim();
      if (content === '' || content.startsWith('#')) return;
      const first = !seenContent;
      seenContent = true;
      if (first && /^address\s*,\s*host$/i.test(content)) return;
      if (content.includes('"')) {
        errors.push({ line, message: `quoted fields are not supported: ${JSON.stringify(content)}` });
        return;
      }
      const fields = content.split(',').map((f) => f.trim());
      if (fields.length !== 2) {
        errors.push({
          line,
          message: `expected "address,host", got ${fields.length} fields: ${JSON.stringify(content)}`,
        });
        return;
      }
      const [address = '', host = ''] = fields;
      if (address === '' || host === '') {
        errors.push({ line, message: `empty ${address === '' ? 'address' : 'host'}: ${JSON.stringify(content)}` });
        return;
      }
      const key = hostKey(address);
      const previous = entries.get(key);
      if (previous === undefined) {
        entries.set(key, { host, line });
      } else if (previous.host === host) {
        repeated++;
      } else {
        errors.push({
          line,
          message: `address "${address}" is already mapped to "${previous.host}" on line ${previous.line}, here to "${host}"`,
        });
      }
    });
    if (errors.length > 0) {
      const shown = errors.slice(0, HOST_MAP_DEFAULTS.maxErrorsShown).map((e) => `line ${e.line}: ${e.message}`);
      const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
      throw new InputError(
        `${errors.length} bad host map line${errors.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`,
        { file: label, line: errors[0]?.line },
      );
    }
    return new HostMap(
      [...entries].map(([key, { host }]) => [key, host] as const),
      repeated,
    );
  }

  /** Reads and parses a host map file (see {@link parse}); `label` defaults to the file name. */
  static load(path: string, label = basename(path)): HostMap {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(code === 'ENOENT' ? 'host map file not found' : 'host map file not readable', {
        file: label,
        cause: error,
      });
    }
    return HostMap.parse(text, label);
  }

  /** Number of addresses mapped. */
  get size(): number {
    return this.map.size;
  }

  /** The host of an address or name, when mapped (looked up by its canonical key). */
  get(address: string): string | undefined {
    return this.map.get(hostKey(address));
  }

  /** The host of an already canonical key (an IP as Zeek writes it, or a lowercase name), when mapped. */
  getKey(key: string): string | undefined {
    return this.map.get(key);
  }

  /** The canonical entries, to rebuild the map elsewhere with {@link fromEntries}. */
  entries(): [string, string][] {
    return [...this.map];
  }
}

/** The canonical key of an address: canonical IP text, or the lowercase name. */
export function hostKey(address: string): string {
  return canonicalIpAddress(address) ?? address.toLowerCase();
}
