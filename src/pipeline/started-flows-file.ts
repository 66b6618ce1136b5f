import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { makeFolder } from '../make-folder.js';

/** Bytes buffered before a write: one write call per MiB, whatever the number of flows. */
const BUFFER_BYTES = 1 << 20;
const COMMA = 44;
const NEWLINE = 10;

/** The columns of a started-flows file, in order (all text as the flow line had it). */
export const STARTED_FLOW_COLUMNS = ['host', 'remote_host', 'remote_port', 'time', 'bytes'] as const;

/**
 * The flows a human host starts, as the scan accepts them, written by the scanning thread to a
 * headerless comma-separated file (src host, dst host, dst port, time, bytes: byte copies of the
 * line's fields, so nothing is formatted) for the beacon view, which needs every connection time
 * of a pair and so cannot be an aggregate. Detection reads the files through the engine (spilling
 * to disk past its memory limit); the thread holds one buffer of 1 MiB, so memory stays bounded
 * whatever the number of flows. The file name carries the thread id, so workers never collide.
 */
export class StartedFlowsFile {
  /** The file, once something was written (opened on the first flush). */
  path: string | undefined;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private fd: number | undefined;

  constructor(private readonly dir: string) {}

  /** Appends one flow from `buf`: the byte ranges [start, end) of its five fields. */
  add(
    buf: Buffer,
    hostStart: number,
    hostEnd: number,
    remoteStart: number,
    remoteEnd: number,
    portStart: number,
    portEnd: number,
    timeStart: number,
    timeEnd: number,
    bytesStart: number,
    bytesEnd: number,
  ): void {
    const need = hostEnd - hostStart + remoteEnd - remoteStart + portEnd - portStart + timeEnd - timeStart;
    if (this.used + need + bytesEnd - bytesStart + 5 > BUFFER_BYTES) this.flush();
    let u = this.used;
    const out = this.buffer;
    if (need + bytesEnd - bytesStart + 5 > BUFFER_BYTES) {
      // A line longer than the buffer (absurd field lengths): written on its own.
      this.write(
        Buffer.concat([
          buf.subarray(hostStart, hostEnd),
          Buffer.of(COMMA),
          buf.subarray(remoteStart, remoteEnd),
          Buffer.of(COMMA),
          buf.subarray(portStart, portEnd),
          Buffer.of(COMMA),
          buf.subarray(timeStart, timeEnd),
          Buffer.of(COMMA),
          buf.subarray(bytesStart, bytesEnd),
          Buffer.of(NEWLINE),
        ]),
      );
      return;
    }
    // Byte loops, not buf.copy: the fields are a few bytes, shorter than a native call costs.
    for (let i = hostStart; i < hostEnd; i++) out[u++] = buf[i]!;
    out[u++] = COMMA;
    for (let i = remoteStart; i < remoteEnd; i++) out[u++] = buf[i]!;
    out[u++] = COMMA;
    for (let i = portStart; i < portEnd; i++) out[u++] = buf[i]!;
    out[u++] = COMMA;
    for (let i = timeStart; i < timeEnd; i++) out[u++] = buf[i]!;
    out[u++] = COMMA;
    for (let i = bytesStart; i < bytesEnd; i++) out[u++] = buf[i]!;
    out[u++] = NEWLINE;
    this.used = u;
  }

  /** Writes what is buffered and closes the file; the path stays set (undefined when nothing was added). */
  close(): string | undefined {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    return this.path;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.write(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private write(bytes: Buffer): void {
    if (this.fd === undefined) {
      makeFolder(this.dir);
      this.path = join(this.dir, `started-flows-t${threadId}-${process.pid}.csv`);
      this.fd = openSync(this.path, 'w');
    }
    for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at, bytes.length - at);
  }
}
