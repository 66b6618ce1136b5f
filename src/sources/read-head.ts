import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';

/** Bytes read from a file's start for sniffing and preparing. */
export const READ_HEAD_DEFAULTS = { bytes: 64 * 1024 } as const;

/**
 * The first `bytes` bytes of a file's content (gunzipped when `gzip`), or the whole content when
 * shorter. A gzip stream that ends early is fine here (the full scan reports it); a file that is
 * not gzip at all is an InputError.
 */
export async function readHead(
  path: string,
  options: { gzip?: boolean; bytes?: number; label?: string } = {},
): Promise<Buffer> {
  const want = options.bytes ?? READ_HEAD_DEFAULTS.bytes;
  const label = options.label ?? path;
  const gzip = options.gzip ?? path.endsWith('.gz');
  if (!gzip) {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw new InputError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot read', {
        file: label,
        cause: error,
      });
    }
    try {
      const buf = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buf, 0, want, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  const parts: Buffer[] = [];
  let total = 0;
  const source = createReadStream(path);
  const gunzip = createGunzip();
  const stream = source.pipe(gunzip);
  source.on('error', (error) => gunzip.destroy(error));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      total += chunk.length;
      if (total >= want) break;
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new InputError('file not found', { file: label, cause: error });
    if (total === 0) throw new InputError(`not gzip data (${e.message})`, { file: label, cause: error });
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(parts).subarray(0, want);
}
