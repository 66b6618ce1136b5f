import type { AddressBook } from './address-book.js';
import { ROW_EXTRAS } from './row-extras.js';
import { RowWriter } from './row-writer.js';
import type { RowHandler } from './scan-block.js';

const N = 78;
const X = ROW_EXTRAS.flows;

/** One Zeek conn record, parsed. Counts Zeek left unset are 0. */
export interface ConnRecord {
  /** `ts` in whole microseconds since the epoch. */
  tsMicros: number;
  durationMicros: number;
  /** {@link AddressBook} ids of `id.orig_h` and `id.resp_h`. */
  orig: number;
  resp: number;
  origPort: number;
  respPort: number;
  /** The protocol column's bytes: the IANA number (`6`, `17`, `1`, `58`) or `?`. */
  protocol: Buffer;
  /** Ports are TCP/UDP ports (the originator's becomes `N<port>`), not ICMP type/code. */
  transportPorts: boolean;
  origPackets: number;
  respPackets: number;
  origBytes: number;
  respBytes: number;
  /** Zeek's `local_orig`, `local_resp`: 1, 0, or -1 when unset or absent. */
  localOrig: number;
  localResp: number;
}

/**
 * Maps a Zeek connection (bidirectional) onto peerscope's directed flow rows, where a row's
 * source uploads its `bytes` to its destination:
 *
 * | row | src | src_port | dst | dst_port | packets | bytes |
 * |---|---|---|---|---|---|---|
 * | originator → responder (always) | id.orig_h | N + id.orig_p | id.resp_h | id.resp_p | orig_pkts | orig_bytes |
 * | responder → originator (only when resp_pkts + resp_bytes > 0) | id.resp_h | id.resp_p | id.orig_h | N + id.orig_p | resp_pkts | resp_bytes |
 *
 * Both rows carry the connection's time (`ts`, whole seconds), duration (rounded to whole seconds)
 * and protocol. So each side gets its own upload and download: a workstation's upload is its
 * orig_bytes and its download the resp_bytes it received. The originator's port is written as
 * LANL writes ephemeral ports (`N52311`), so the services on the other end stay the server ports;
 * ICMP "ports" (type and code) stay numbers.
 */
export class ConnRowEmitter {
  private readonly writer = new RowWriter(9, ROW_EXTRAS.slots);

  constructor(private readonly book: AddressBook) {}

  /** Emits the record's rows; returns how many (1 or 2). */
  emit(record: ConnRecord, onRow: RowHandler, line: number): number {
    const w = this.writer;
    const seconds = Math.floor(record.tsMicros / 1e6);
    const micros = record.tsMicros - seconds * 1e6;
    const duration = Math.floor((record.durationMicros + 500000) / 1e6);
    const origLocal = record.localOrig >= 0 ? record.localOrig : this.book.isLocal(record.orig);
    const respLocal = record.localResp >= 0 ? record.localResp : this.book.isLocal(record.resp);

    this.row(record, seconds, duration, false);
    this.extras(micros, record.durationMicros, origLocal, respLocal, 0);
    onRow(w.buf, w.starts, w.ints, line);
    if (record.respPackets + record.respBytes === 0) return 1;

    this.row(record, seconds, duration, true);
    this.extras(micros, record.durationMicros, respLocal, origLocal, 1);
    onRow(w.buf, w.starts, w.ints, line);
    return 2;
  }

  private row(r: ConnRecord, seconds: number, duration: number, reverse: boolean): void {
    const w = this.writer;
    const book = this.book;
    w.reset();
    w.cachedInt(seconds);
    w.int(duration);
    const src = reverse ? r.resp : r.orig;
    const dst = reverse ? r.orig : r.resp;
    const srcHost = book.host(src);
    w.bytes(srcHost, 0, srcHost.length);
    if (reverse) w.int(r.respPort);
    else this.origPort(r);
    const dstHost = book.host(dst);
    w.bytes(dstHost, 0, dstHost.length);
    if (reverse) this.origPort(r);
    else w.int(r.respPort);
    w.bytes(r.protocol, 0, r.protocol.length);
    w.int(reverse ? r.respPackets : r.origPackets);
    w.int(reverse ? r.respBytes : r.origBytes);
    // Ports are text columns in the LANL layout: only fields 0, 1, 7, 8 are integers.
    w.ints[3] = 0;
    w.ints[5] = 0;
  }

  private origPort(r: ConnRecord): void {
    if (r.transportPorts) this.writer.prefixedInt(N, r.origPort);
    else this.writer.int(r.origPort);
  }

  private extras(micros: number, durationMicros: number, srcLocal: number, dstLocal: number, reverse: number): void {
    const ints = this.writer.ints;
    ints[X.timeMicros] = micros;
    ints[X.durationMicros] = durationMicros;
    ints[X.srcLocal] = srcLocal;
    ints[X.dstLocal] = dstLocal;
    ints[X.reverse] = reverse;
  }
}
