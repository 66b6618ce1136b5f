import { InputError } from '../errors.js';
import { AddressBook } from './address-book.js';
import { bomLength } from './bom-length.js';
import { HostMap } from './host-map.js';
import { LocalNets } from './local-nets.js';
import { parseZeekHeader } from './parse-zeek-header.js';
import type { BlockScanner, PrepareOptions, SourceAdapter, ZeekSourceConfig } from './source-adapter.js';
import { ZeekJsonScanner } from './zeek-json-scanner.js';
import { ZEEK_CONN_FIELDS } from './zeek-conn-fields.js';
import { ZeekTsvScanner } from './zeek-tsv-scanner.js';

const ZEEK_CONN_MARKERS: readonly string[] = ZEEK_CONN_FIELDS.markers;

/**
 * Zeek's conn.log (flows), in TSV with its `#separator`/`#fields`/`#types` header or as JSON
 * lines; each connection becomes one or two directed flow rows (see {@link ConnRowEmitter}).
 * Addresses go through the host map; each row's side is marked local from Zeek's
 * `local_orig`/`local_resp`, else from the local networks. Zeek writes a connection when it
 * ends, so `ts` (its start) is not sorted in the file.
 */
export const ZEEK_CONN_ADAPTER: SourceAdapter<ZeekSourceConfig> = {
  format: 'zeek',

  prepare(head: Buffer, options: PrepareOptions): ZeekSourceConfig {
    const where = { file: options.label };
    if (options.kind !== 'flows')
      throw new InputError(`a Zeek conn log holds flows; it cannot be read as ${options.kind}`, where);
    const bytes = options.zeekBytes ?? 'payload';
    const base = {
      format: 'zeek' as const,
      kind: 'flows' as const,
      bytes,
      hosts: (options.hosts ?? HostMap.empty()).entries(),
      localNets: [...(options.localNets ?? LocalNets.defaults()).cidrs],
      terminator: '\n' as const,
    };
    const text = head.toString('utf8', bomLength(head));
    const start = text.trimStart();
    if (start.startsWith('{')) {
      const firstLine = start.split('\n')[0] ?? '';
      let first: unknown;
      try {
        first = JSON.parse(firstLine);
      } catch {
        // A first line longer than the head is read by the scanner; only a complete one is checked here.
        first = undefined;
      }
      if (first !== undefined) checkJsonRecord(first, options.label);
      return { ...base, encoding: 'json', separator: 9, fields: [], unsetField: '-', emptyField: '(empty)' };
    }
    const header = parseZeekHeader(start);
    if (header === undefined)
      throw new InputError('not a Zeek conn log: no "#separator" header line and not JSON lines', where);
    if (header.path !== undefined && header.path !== 'conn')
      throw new InputError(`a Zeek ${header.path} log, not conn (#path ${header.path})`, where);
    if (header.fields.length === 0) throw new InputError('Zeek log header without a #fields line', where);
    const needed: string[] = [
      ...ZEEK_CONN_FIELDS.required,
      ...(bytes === 'ip' ? ['orig_ip_bytes', 'resp_ip_bytes'] : []),
    ];
    const missing = needed.filter((f) => !header.fields.includes(f));
    if (missing.length > 0) throw new InputError(`Zeek conn log #fields lacks ${missing.join(', ')}`, where);
    if (!ZEEK_CONN_MARKERS.some((f) => header.fields.includes(f))) {
      throw new InputError(
        `not a Zeek conn log: #fields has none of ${ZEEK_CONN_MARKERS.join(', ')} (another Zeek log?)`,
        where,
      );
    }
    return {
      ...base,
      encoding: 'tsv',
      separator: header.separator,
      fields: header.fields,
      unsetField: header.unsetField,
      emptyField: header.emptyField,
    };
  },

  scanner(config: ZeekSourceConfig): BlockScanner {
    const nets = config.localNets.length > 0 ? LocalNets.parse(config.localNets) : undefined;
    const book = new AddressBook(HostMap.fromEntries(config.hosts), nets);
    return config.encoding === 'tsv' ? new ZeekTsvScanner(config, book) : new ZeekJsonScanner(config, book);
  },
};

function checkJsonRecord(value: unknown, label: string): void {
  const obj =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  if (obj === undefined)
    throw new InputError('Zeek JSON log: the first line is not a JSON object', { file: label, line: 1 });
  const path = obj['_path'];
  if (path !== undefined && path !== 'conn') return;
  const nested = typeof obj['id'] === 'object' && obj['id'] !== null ? (obj['id'] as Record<string, unknown>) : {};
  const has = (name: string) => name in obj || name.slice(3) in nested;
  const keys = Object.keys(obj).slice(0, 8).join(', ');
  if (!('ts' in obj) || !has('id.orig_h') || !has('id.resp_h')) {
    throw new InputError(`not a Zeek conn record: the first line lacks ts, id.orig_h or id.resp_h (keys: ${keys})`, {
      file: label,
      line: 1,
    });
  }
  if (!ZEEK_CONN_MARKERS.some((f) => f in obj)) {
    throw new InputError(
      `not a Zeek conn record: the first line has none of ${ZEEK_CONN_MARKERS.join(', ')} (another Zeek log? keys: ${keys})`,
      { file: label, line: 1 },
    );
  }
}
