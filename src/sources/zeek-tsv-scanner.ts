import { InputError } from '../errors.js';
import { AddressBook } from './address-book.js';
import { BlockTally } from './block-tally.js';
import { forEachLine } from './for-each-line.js';
import { parseFixedMicros } from './parse-fixed-micros.js';
import { parseIntField } from './parse-int-field.js';
import type { RowHandler } from './scan-block.js';
import type { BlockScanner, SourceBlockResult, ZeekSourceConfig } from './source-adapter.js';
import { ConnRowEmitter, type ConnRecord } from './zeek-conn-rows.js';
import { zeekProtocol } from './zeek-protocol.js';

const HASH = 35;
const COLON = 58;
const T = 84;
const F = 70;

/** Where the fields the adapter reads sit in a `#fields` list (-1: absent). */
interface ZeekFieldIndex {
  ts: number;
  origH: number;
  origP: number;
  respH: number;
  respP: number;
  proto: number;
  ipProto: number;
  duration: number;
  origBytes: number;
  respBytes: number;
  origPkts: number;
  respPkts: number;
  localOrig: number;
  localResp: number;
}

/** Field positions for a `#fields` list; `bytes` picks payload or IP byte counts. */
function zeekFieldIndex(fields: readonly string[], bytes: 'payload' | 'ip'): ZeekFieldIndex {
  const at = (name: string) => fields.indexOf(name);
  return {
    ts: at('ts'),
    origH: at('id.orig_h'),
    origP: at('id.orig_p'),
    respH: at('id.resp_h'),
    respP: at('id.resp_p'),
    proto: at('proto'),
    ipProto: at('ip_proto'),
    duration: at('duration'),
    origBytes: at(bytes === 'ip' ? 'orig_ip_bytes' : 'orig_bytes'),
    respBytes: at(bytes === 'ip' ? 'resp_ip_bytes' : 'resp_bytes'),
    origPkts: at('orig_pkts'),
    respPkts: at('resp_pkts'),
    localOrig: at('local_orig'),
    localResp: at('local_resp'),
  };
}

/**
 * Parses blocks of a Zeek conn.log in TSV: `#` lines are skipped (a `#fields` line that differs
 * from the file's first is an error: one layout per file), every other line must have exactly
 * the `#fields` count, and the fields read are validated (ts an epoch time, ports 0-65535,
 * counts non-negative integers, duration a decimal; the unset marker `-` is 0 for counts and
 * duration but an error for ts, addresses and ports).
 */
export class ZeekTsvScanner implements BlockScanner {
  private readonly index: ZeekFieldIndex;
  private readonly count: number;
  private readonly starts: Int32Array;
  private readonly unset: Buffer;
  private readonly empty: Buffer;
  private readonly book: AddressBook;
  private readonly emitter: ConnRowEmitter;
  private readonly fieldsLine: string;
  private readonly byNumber: (Protocol | undefined)[] = [];
  /** Reused for every record: the emitter reads it before the next one is parsed. */
  private readonly record: ConnRecord = {
    tsMicros: 0,
    durationMicros: 0,
    orig: 0,
    resp: 0,
    origPort: 0,
    respPort: 0,
    protocol: Buffer.from('?'),
    transportPorts: false,
    origPackets: 0,
    respPackets: 0,
    origBytes: 0,
    respBytes: 0,
    localOrig: -1,
    localResp: -1,
  };

  constructor(
    private readonly config: ZeekSourceConfig,
    book: AddressBook,
  ) {
    this.index = zeekFieldIndex(config.fields, config.bytes);
    this.count = config.fields.length;
    this.starts = new Int32Array(this.count + 2);
    this.unset = Buffer.from(config.unsetField);
    this.empty = Buffer.from(config.emptyField);
    this.book = book;
    this.emitter = new ConnRowEmitter(book);
    this.fieldsLine = config.fields.join('\t');
  }

  scan(buf: Buffer, onRow: RowHandler, lineOffset: number, maxRejections: number): SourceBlockResult {
    const tally = new BlockTally(buf.length, maxRejections);
    const result = tally.result;
    const counts = forEachLine(buf, lineOffset, (b, start, end, line) => {
      if (b[start] === HASH) {
        this.header(b, start, end, line);
        tally.skip('zeek_header');
        return;
      }
      const record = this.parse(b, start, end, line, tally);
      if (record === undefined) return;
      result.rows++;
      result.emitted += this.emitter.emit(record, onRow, line);
    });
    result.lines = counts.lines;
    result.blank = counts.blank;
    return result;
  }

  private header(b: Buffer, start: number, end: number, line: number): void {
    const text = b.toString('utf8', start, end);
    if (!text.startsWith('#fields')) return;
    const fields = text
      .slice('#fields'.length + 1)
      .split(String.fromCharCode(this.config.separator))
      .join('\t');
    if (fields !== this.fieldsLine) {
      throw new InputError(
        `the #fields header changes here (${JSON.stringify(fields.split('\t').slice(0, 6).join(' '))}…), peerscope reads one layout per file: split the file at this line`,
        {
          line,
        },
      );
    }
  }

  private parse(b: Buffer, start: number, end: number, line: number, tally: BlockTally): ConnRecord | undefined {
    const starts = this.starts;
    const n = splitOn(b, start, end, this.config.separator, starts, this.count);
    if (n !== this.count) {
      const detail =
        n > this.count ? `more than ${this.count} fields` : `${n} fields, expected ${this.count} (#fields)`;
      return this.fail(tally, b, start, end, line, 'field_count', detail);
    }
    const ix = this.index;
    const tsMicros = parseFixedMicros(b, starts[ix.ts]!, starts[ix.ts + 1]! - 1);
    if (tsMicros !== tsMicros)
      return this.fail(tally, b, start, end, line, 'ts_not_time', `ts ${this.quote(b, ix.ts)} is not an epoch time`);
    if (this.isUnset(b, ix.origH))
      return this.fail(tally, b, start, end, line, 'id.orig_h_unset', 'id.orig_h is unset');
    if (this.isUnset(b, ix.respH))
      return this.fail(tally, b, start, end, line, 'id.resp_h_unset', 'id.resp_h is unset');
    const origPort = this.port(b, ix.origP);
    if (origPort !== origPort)
      return this.fail(
        tally,
        b,
        start,
        end,
        line,
        'id.orig_p_not_port',
        `id.orig_p ${this.quote(b, ix.origP)} is not a port (0-65535)`,
      );
    const respPort = this.port(b, ix.respP);
    if (respPort !== respPort)
      return this.fail(
        tally,
        b,
        start,
        end,
        line,
        'id.resp_p_not_port',
        `id.resp_p ${this.quote(b, ix.respP)} is not a port (0-65535)`,
      );
    let durationMicros = 0;
    if (ix.duration >= 0 && !this.isUnset(b, ix.duration)) {
      durationMicros = parseFixedMicros(b, starts[ix.duration]!, starts[ix.duration + 1]! - 1);
      if (durationMicros !== durationMicros) {
        return this.fail(
          tally,
          b,
          start,
          end,
          line,
          'duration_not_interval',
          `duration ${this.quote(b, ix.duration)} is not a number of seconds`,
        );
      }
    }
    const origPackets = this.count_(b, ix.origPkts);
    const respPackets = this.count_(b, ix.respPkts);
    const origBytes = this.count_(b, ix.origBytes);
    const respBytes = this.count_(b, ix.respBytes);
    if (!(origPackets >= 0 && respPackets >= 0 && origBytes >= 0 && respBytes >= 0)) {
      const i = !(origPackets >= 0)
        ? ix.origPkts
        : !(respPackets >= 0)
          ? ix.respPkts
          : !(origBytes >= 0)
            ? ix.origBytes
            : ix.respBytes;
      const name = this.config.fields[i] ?? '';
      return this.fail(
        tally,
        b,
        start,
        end,
        line,
        `${name}_not_count`,
        `${name} ${this.quote(b, i)} is not a count (a non-negative integer)`,
      );
    }
    let ipProto: number | undefined;
    if (ix.ipProto >= 0 && !this.isUnset(b, ix.ipProto)) {
      ipProto = parseIntField(b, starts[ix.ipProto]!, starts[ix.ipProto + 1]! - 1);
      if (!(ipProto >= 0 && ipProto <= 255)) {
        return this.fail(
          tally,
          b,
          start,
          end,
          line,
          'ip_proto_not_protocol',
          `ip_proto ${this.quote(b, ix.ipProto)} is not a protocol number (0-255)`,
        );
      }
    }

    this.book.beginRecord();
    const orig = this.book.idOf(b, starts[ix.origH]!, starts[ix.origH + 1]! - 1);
    const resp = this.book.idOf(b, starts[ix.respH]!, starts[ix.respH + 1]! - 1);
    const protocol = this.protocol(
      b,
      starts[ix.proto]!,
      starts[ix.proto + 1]! - 1,
      ipProto,
      starts[ix.respH]!,
      starts[ix.respH + 1]! - 1,
    );
    const r = this.record;
    r.tsMicros = tsMicros;
    r.durationMicros = durationMicros;
    r.orig = orig;
    r.resp = resp;
    r.origPort = origPort;
    r.respPort = respPort;
    r.protocol = protocol.text;
    r.transportPorts = protocol.transportPorts;
    r.origPackets = origPackets;
    r.respPackets = respPackets;
    r.origBytes = origBytes;
    r.respBytes = respBytes;
    r.localOrig = this.flag(b, ix.localOrig);
    r.localResp = this.flag(b, ix.localResp);
    return r;
  }

  private fail(
    tally: BlockTally,
    b: Buffer,
    start: number,
    end: number,
    line: number,
    reason: string,
    detail: string,
  ): undefined {
    tally.reject(line, reason, detail, () => b.toString('utf8', start, end));
    return undefined;
  }

  private quote(b: Buffer, i: number): string {
    return JSON.stringify(b.toString('utf8', this.starts[i], this.starts[i + 1]! - 1));
  }

  private port(b: Buffer, i: number): number {
    const v = parseIntField(b, this.starts[i]!, this.starts[i + 1]! - 1);
    return v >= 0 && v <= 65535 ? v : NaN;
  }

  /** A count field: 0 when absent or unset, NaN when not a non-negative integer. */
  private count_(b: Buffer, i: number): number {
    if (i < 0 || this.isUnset(b, i)) return 0;
    const v = parseIntField(b, this.starts[i]!, this.starts[i + 1]! - 1);
    return v >= 0 ? v : NaN;
  }

  private isUnset(b: Buffer, i: number): boolean {
    const start = this.starts[i]!,
      end = this.starts[i + 1]! - 1;
    if (end === start) return true;
    // Most fields are values: only a field starting like a marker needs the comparison.
    const c = b[start];
    if (c !== this.unset[0] && c !== this.empty[0]) return false;
    return same(b, start, end, this.unset) || same(b, start, end, this.empty);
  }

  private flag(b: Buffer, i: number): number {
    if (i < 0) return -1;
    const start = this.starts[i]!,
      end = this.starts[i + 1]! - 1;
    if (end - start !== 1) return -1;
    return b[start] === T ? 1 : b[start] === F ? 0 : -1;
  }

  private protocol(
    b: Buffer,
    start: number,
    end: number,
    ipProto: number | undefined,
    addressStart: number,
    addressEnd: number,
  ): Protocol {
    if (ipProto !== undefined) return (this.byNumber[ipProto] ??= zeekProtocol('', ipProto, false));
    if (same(b, start, end, TCP)) return TCP_PROTOCOL;
    if (same(b, start, end, UDP)) return UDP_PROTOCOL;
    const ipv6 = hasByte(b, addressStart, addressEnd, COLON);
    if (same(b, start, end, ICMP)) return ipv6 ? ICMP6_PROTOCOL : ICMP_PROTOCOL;
    return zeekProtocol(b.toString('latin1', start, end), undefined, ipv6);
  }
}

type Protocol = { text: Buffer; transportPorts: boolean };
const TCP = Buffer.from('tcp');
const UDP = Buffer.from('udp');
const TCP_PROTOCOL = zeekProtocol('tcp', undefined, false);
const UDP_PROTOCOL = zeekProtocol('udp', undefined, false);
const ICMP = Buffer.from('icmp');
const ICMP_PROTOCOL = zeekProtocol('icmp', undefined, false);
const ICMP6_PROTOCOL = zeekProtocol('icmp', undefined, true);

function hasByte(b: Uint8Array, start: number, end: number, byte: number): boolean {
  for (let i = start; i < end; i++) if (b[i] === byte) return true;
  return false;
}

/** Like splitFields, with any single-byte separator. */
function splitOn(buf: Uint8Array, start: number, end: number, sep: number, starts: Int32Array, max: number): number {
  let n = 0;
  starts[0] = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === sep) {
      n++;
      if (n > max - 1) return max + 1;
      starts[n] = i + 1;
    }
  }
  starts[n + 1] = end + 1;
  return n + 1;
}

function same(b: Uint8Array, start: number, end: number, value: Buffer): boolean {
  if (end - start !== value.length) return false;
  for (let i = 0; i < value.length; i++) if (b[start + i] !== value[i]) return false;
  return true;
}
