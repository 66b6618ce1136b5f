import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

const BLOCK = 4 << 20;

/**
 * Lines to a plain or gzip file. Lines are copied straight into 4 MiB byte blocks (no joined
 * strings for the collector to chase), and compression runs on libuv's thread pool, so the
 * generator building lines on the main thread keeps a second core busy gzipping them.
 */
export class LineSink {
  private readonly file: WriteStream;
  private readonly gzip: Gzip | null;
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  /** Lines written so far. */
  lines = 0;

  constructor(
    readonly path: string,
    gz: boolean,
  ) {
    this.file = createWriteStream(path);
    this.gzip = gz ? createGzip({ chunkSize: 1 << 20 }) : null;
    this.gzip?.pipe(this.file);
  }

  /** Appends one line (without its newline); lines are ASCII. */
  push(line: string): void {
    if (this.used + line.length + 1 > BLOCK) this.handOff();
    this.used += this.block.write(line, this.used, 'latin1');
    this.block[this.used++] = 10;
    this.lines++;
  }

  /** Waits while the stream holds more than it wants; call between batches of lines. */
  async flush(): Promise<void> {
    const target = this.gzip ?? this.file;
    if (target.writableNeedDrain) await once(target, 'drain');
  }

  async close(): Promise<void> {
    this.handOff();
    (this.gzip ?? this.file).end();
    await once(this.file, 'close');
  }

  private handOff(): void {
    if (this.used === 0) return;
    (this.gzip ?? this.file).write(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(BLOCK);
    this.used = 0;
  }
}
