import type { BlockTally } from './block-tally.js';
import type { LogonEventMapper } from './map-logon-event.js';
import { ROW_EXTRAS } from './row-extras.js';
import { RowWriter } from './row-writer.js';
import type { RowHandler } from './scan-block.js';
import type { WindowsEvent } from './windows-event.js';

/** Turns Windows events into auth rows through a {@link LogonEventMapper}, counting into a block's tally. */
export class LogonRowWriter {
  private readonly writer = new RowWriter(9, ROW_EXTRAS.slots);

  constructor(private readonly mapper: LogonEventMapper) {}

  /** Maps `event` (from the record at `line`, whose text `text` gives) and hands its row on, or counts why not. */
  write(event: WindowsEvent, line: number, text: () => string, tally: BlockTally, onRow: RowHandler): void {
    const mapped = this.mapper.map(event);
    if (mapped.kind === 'skip') {
      tally.skip(mapped.reason);
      return;
    }
    if (mapped.kind === 'reject') {
      tally.reject(line, mapped.reason, mapped.detail, text);
      return;
    }
    if (mapped.time.seconds < 0) {
      tally.reject(line, 'time_before_epoch', `time ${event.time ?? ''} is before 1970`, text);
      return;
    }
    const w = this.writer;
    w.reset();
    w.int(mapped.time.seconds);
    for (const f of mapped.fields) w.text(f);
    w.ints[ROW_EXTRAS.auth.timeMicros] = mapped.time.micros;
    w.ints[ROW_EXTRAS.auth.eventId] = event.eventId;
    tally.result.rows++;
    tally.result.emitted++;
    onRow(w.buf, w.starts, w.ints, line);
  }
}
