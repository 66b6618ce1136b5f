import { parentPort } from 'node:worker_threads';
import { InputError } from '../errors.js';
import type { BlockReply, BlockRequest } from './parallel-blocks.js';
import type { LogFormat } from './log-formats.js';
import { scanBlock, type RowHandler, type ScanBlockOptions } from './scan-block.js';

/** What a worker of parallelBlocks does with the rows of its blocks. */
export interface BlockTask {
  /** Called with each valid row of a block (lines numbered from 1 within the block). */
  onRow: RowHandler;
  /** Before a block's rows: its index among all blocks of the scan. */
  begin(index: number): void;
  /** After a block's rows: what goes back with its result, and the buffers to transfer. */
  payload?(): { payload: unknown; transfer: ArrayBuffer[] };
  /** After the last block: the state returned to the main thread. */
  state(): unknown;
}

/** The worker side of parallelBlocks: validates each block sent against `format` and runs `task` on its rows. */
export function serveBlocks(
  format: LogFormat,
  task: BlockTask,
  maxRejectedLines: number,
  scanOptions: ScanBlockOptions = {},
): void {
  const port = parentPort!;
  port.on('message', (request: BlockRequest) => {
    if (request.type === 'end') {
      port.postMessage({ type: 'state', state: task.state() } satisfies BlockReply);
      return;
    }
    task.begin(request.index);
    const buf = Buffer.from(request.buf.buffer, request.buf.byteOffset, request.buf.byteLength);
    try {
      const result = scanBlock(buf, format, task.onRow, 0, maxRejectedLines, scanOptions);
      const extra = task.payload?.();
      const transfer = extra?.transfer ?? [];
      const back = request.recycle ? request.buf : undefined;
      if (back !== undefined) transfer.push(back.buffer as ArrayBuffer);
      port.postMessage(
        { type: 'block', index: request.index, result, payload: extra?.payload, buf: back } satisfies BlockReply,
        transfer,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      port.postMessage({
        type: 'error',
        index: request.index,
        reason: error.reason,
        line: error.line,
      } satisfies BlockReply);
    }
  });
}
