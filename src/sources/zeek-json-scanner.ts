import type { AddressBook } from './address-book.js';
import { parseIsoTime } from './parse-iso-time.js';
import type { RowHandler } from './scan-block.js';
import { scanJsonLines } from './scan-json-lines.js';
import type { BlockScanner, SourceBlockResult, ZeekSourceConfig } from './source-adapter.js';
import { ConnRowEmitter, type ConnRecord } from './zeek-conn-rows.js';
import { zeekProtocol } from './zeek-protocol.js';

type Json = Record<string, unknown>;

class Reject {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {}
}

/**
 * Parses blocks of a Zeek conn.log written as JSON lines (`LogAscii::use_json=T`, or the
 * json-streaming-logs package): one object per line with Zeek's field names, either flat
 * (`"id.orig_h"`) or nested (`"id": {"orig_h": ...}`); unset fields are absent or null. `ts` may
 * be epoch seconds or an ISO 8601 string (`LogAscii::json_timestamps`). A record with `_path`
 * other than `conn` is skipped, so a stream of mixed logs can be read.
 */
export class ZeekJsonScanner implements BlockScanner {
  private readonly emitter: ConnRowEmitter;
  private readonly payload: boolean;
  private readonly protocols = new Map<string, ReturnType<typeof zeekProtocol>>();

  constructor(
    config: ZeekSourceConfig,
    private readonly book: AddressBook,
  ) {
    this.emitter = new ConnRowEmitter(book);
    this.payload = config.bytes === 'payload';
  }

  scan(buf: Buffer, onRow: RowHandler, lineOffset: number, maxRejections: number): SourceBlockResult {
    return scanJsonLines(buf, lineOffset, maxRejections, (value, line, text, tally) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        tally.reject(line, 'json_not_object', 'not a JSON object', () => text);
        return;
      }
      const obj = value as Json;
      const path = obj['_path'];
      if (path !== undefined && path !== 'conn') {
        tally.skip(`zeek_path_${String(path)}`);
        return;
      }
      const record = this.record(obj);
      if (record instanceof Reject) {
        tally.reject(line, record.reason, record.detail, () => text);
        return;
      }
      tally.result.rows++;
      tally.result.emitted += this.emitter.emit(record, onRow, line);
    });
  }

  private record(obj: Json): ConnRecord | Reject {
    const ts = field(obj, 'ts');
    let tsMicros: number;
    if (typeof ts === 'number' && Number.isFinite(ts) && ts >= 0) {
      // Doubles hold epoch seconds to ~0.2 µs today, so rounding recovers Zeek's six decimals.
      tsMicros = Math.round(ts * 1e6);
    } else if (typeof ts === 'string' && parseIsoTime(ts) !== undefined) {
      const t = parseIsoTime(ts)!;
      tsMicros = t.seconds * 1e6 + t.micros;
    } else {
      return new Reject(
        ts === undefined || ts === null ? 'ts_missing' : 'ts_not_time',
        ts === undefined || ts === null ? 'ts is missing' : `ts ${JSON.stringify(ts)} is not an epoch time`,
      );
    }
    const origH = field(obj, 'id.orig_h');
    const respH = field(obj, 'id.resp_h');
    if (typeof origH !== 'string' || origH === '') return new Reject('id.orig_h_unset', 'id.orig_h is missing');
    if (typeof respH !== 'string' || respH === '') return new Reject('id.resp_h_unset', 'id.resp_h is missing');
    const origPort = port(field(obj, 'id.orig_p'));
    if (origPort === undefined)
      return new Reject(
        'id.orig_p_not_port',
        `id.orig_p ${JSON.stringify(field(obj, 'id.orig_p'))} is not a port (0-65535)`,
      );
    const respPort = port(field(obj, 'id.resp_p'));
    if (respPort === undefined)
      return new Reject(
        'id.resp_p_not_port',
        `id.resp_p ${JSON.stringify(field(obj, 'id.resp_p'))} is not a port (0-65535)`,
      );
    const duration = field(obj, 'duration');
    let durationMicros = 0;
    if (duration !== undefined && duration !== null) {
      const d = typeof duration === 'string' ? Number(duration) : duration;
      if (typeof d !== 'number' || !Number.isFinite(d) || d < 0)
        return new Reject('duration_not_interval', `duration ${JSON.stringify(duration)} is not a number of seconds`);
      durationMicros = Math.round(d * 1e6);
    }
    const names = this.payload
      ? ['orig_pkts', 'resp_pkts', 'orig_bytes', 'resp_bytes']
      : ['orig_pkts', 'resp_pkts', 'orig_ip_bytes', 'resp_ip_bytes'];
    const counts: number[] = [];
    for (const name of names) {
      const raw = field(obj, name);
      const v = count(raw);
      if (v === undefined)
        return new Reject(
          `${name}_not_count`,
          `${name} ${JSON.stringify(raw)} is not a count (a non-negative integer)`,
        );
      counts.push(v);
    }
    const ipProtoRaw = field(obj, 'ip_proto');
    const ipProto = ipProtoRaw === undefined || ipProtoRaw === null ? undefined : count(ipProtoRaw);
    if (ipProto !== undefined && ipProto > 255)
      return new Reject(
        'ip_proto_not_protocol',
        `ip_proto ${JSON.stringify(ipProtoRaw)} is not a protocol number (0-255)`,
      );
    const proto = field(obj, 'proto');
    const name = typeof proto === 'string' ? proto : '';
    const ipv6 = respH.includes(':');
    const key = `${name}/${ipProto ?? ''}/${ipv6 ? 6 : 4}`;
    let protocol = this.protocols.get(key);
    if (protocol === undefined) {
      protocol = zeekProtocol(name, ipProto, ipv6);
      this.protocols.set(key, protocol);
    }
    this.book.beginRecord();
    const orig = this.book.idOfString(origH);
    const resp = this.book.idOfString(respH);
    return {
      tsMicros,
      durationMicros,
      orig,
      resp,
      origPort,
      respPort,
      protocol: protocol.text,
      transportPorts: protocol.transportPorts,
      origPackets: counts[0] ?? 0,
      respPackets: counts[1] ?? 0,
      origBytes: counts[2] ?? 0,
      respBytes: counts[3] ?? 0,
      localOrig: flag(field(obj, 'local_orig')),
      localResp: flag(field(obj, 'local_resp')),
    };
  }
}

/** A field by its Zeek name, flat (`"id.orig_h"`) or nested (`"id": {"orig_h"}`). */
function field(obj: Json, name: string): unknown {
  if (name in obj) return obj[name];
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const parent = obj[name.slice(0, dot)];
  return typeof parent === 'object' && parent !== null ? (parent as Json)[name.slice(dot + 1)] : undefined;
}

function port(value: unknown): number | undefined {
  const v = count(value);
  return v !== undefined && v <= 65535 && value !== undefined && value !== null ? v : undefined;
}

/** A count: absent or null is 0; a non-negative integer (or its decimal string) is itself; else undefined. */
function count(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  const v = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

function flag(value: unknown): number {
  if (value === true || value === 'T') return 1;
  if (value === false || value === 'F') return 0;
  return -1;
}
