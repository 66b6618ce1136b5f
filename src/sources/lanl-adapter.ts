import { bomLength } from './bom-length.js';
import { LOG_FORMATS } from './log-formats.js';
import { parseIntField } from './parse-int-field.js';
import { scanBlock, type RowHandler } from './scan-block.js';
import type {
  BlockScanner,
  LanlSourceConfig,
  PrepareOptions,
  SourceAdapter,
  SourceBlockResult,
} from './source-adapter.js';

const LF = 10;

/**
 * LANL's headerless CSV, parsed by {@link scanBlock} exactly as before (its speed is the
 * project's floor). Two things around it, on the first block only: a UTF-8 byte-order mark is
 * dropped, and a header line (same field count, a name instead of an integer time, e.g.
 * `time,src_user,dst_user,...`) is skipped instead of rejected.
 */
export const LANL_ADAPTER: SourceAdapter<LanlSourceConfig> = {
  format: 'lanl',

  prepare(head: Buffer, options: PrepareOptions): LanlSourceConfig {
    const format = LOG_FORMATS[options.kind];
    const start = bomLength(head);
    let end = head.indexOf(LF, start);
    if (end < 0) end = head.length;
    if (end > start && head[end - 1] === 13) end--;
    const fields = head.toString('utf8', start, end).split(',');
    const first = fields[0] ?? '';
    const headerLine =
      fields.length === format.fields.length &&
      /^[A-Za-z_"]/.test(first) &&
      Number.isNaN(parseIntField(Buffer.from(first), 0, first.length));
    return { format: 'lanl', kind: options.kind, headerLine, terminator: '\n' };
  },

  scanner(config: LanlSourceConfig): BlockScanner {
    const format = LOG_FORMATS[config.kind];
    return {
      scan(
        buf: Buffer,
        onRow: RowHandler,
        lineOffset: number,
        maxRejections: number,
        firstBlock: boolean,
      ): SourceBlockResult {
        let body = buf;
        let skippedHeader = false;
        if (firstBlock) {
          if (config.headerLine) {
            const nl = body.indexOf(LF);
            body = nl < 0 ? body.subarray(body.length) : body.subarray(nl + 1);
            skippedHeader = true;
          }
        }
        const result = scanBlock(body, format, onRow, lineOffset + (skippedHeader ? 1 : 0), maxRejections);
        const skipped = skippedHeader ? 1 : 0;
        return {
          ...result,
          lines: result.lines + skipped,
          bytes: buf.length,
          skipped,
          skippedReasons: skippedHeader ? { header_line: 1 } : {},
          emitted: result.rows,
        };
      },
    };
  },
};
