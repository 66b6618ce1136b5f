import type { Readable } from 'node:stream';

/** Options of {@link streamChunks}. */
export interface StreamChunksOptions {
  /** Bytes queued, not yet taken by the consumer, beyond which the stream is paused. Default 4 MiB. */
  highWaterBytes?: number;
}

export const STREAM_CHUNKS_DEFAULTS = { highWaterBytes: 4 << 20 } as const;

/**
 * A byte stream's chunks as they were pushed, one at a time. A Readable's own async iterator reads
 * in paused mode, where each `read()` returns everything buffered as one new Buffer: behind a
 * gunzip that inflates ahead, that concatenated and copied ~4 MiB per read on the thread that
 * parses. In flowing mode a stream hands over each chunk whole, so this listens to 'data' and
 * pauses the stream (backpressure) while more than `highWaterBytes` wait. A stream error is thrown
 * by the generator once the chunks before it are taken; ending the loop early destroys the stream.
 */
export async function* streamChunks(stream: Readable, options: StreamChunksOptions = {}): AsyncGenerator<Buffer> {
  const high = options.highWaterBytes ?? STREAM_CHUNKS_DEFAULTS.highWaterBytes;
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onData = (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued > high) stream.pause();
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (error: unknown) => {
    failure = { error };
    notify();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  try {
    for (;;) {
      // Backpressure keeps the queue to a few chunks, so shift() is cheap.
      const chunk = queue.shift();
      if (chunk !== undefined) {
        queued -= chunk.length;
        if (queued <= high && stream.isPaused() && !ended) stream.resume();
        yield chunk;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('error', onError);
    if (!ended || failure) {
      // Nobody is left to hear an error of the stream being torn down.
      stream.on('error', () => {});
      stream.destroy();
    }
  }
}
