import type { BlockResult, RowHandler } from './scan-block.js';
import type { HostMap } from './host-map.js';
import type { LocalNets } from './local-nets.js';
import type { LogKind } from './log-formats.js';

/** The log formats peerscope reads. */
export type SourceFormat = 'lanl' | 'zeek' | 'winlogon';

/** LANL's headerless CSV, any kind; blocks go to {@link scanBlock} unchanged. */
export interface LanlSourceConfig {
  format: 'lanl';
  kind: LogKind;
  /** The file's first line is a header (e.g. `time,src_user,...`): skipped, not rejected. */
  headerLine: boolean;
  /** What ends a record, for the block cutter. */
  terminator: '\n';
}

/** A Zeek conn.log (flows), TSV with its header or JSON lines. */
export interface ZeekSourceConfig {
  format: 'zeek';
  kind: 'flows';
  encoding: 'tsv' | 'json';
  /** TSV: the field separator byte (`#separator`), the `#fields` names in order, and the unset and empty markers. */
  separator: number;
  fields: string[];
  unsetField: string;
  emptyField: string;
  /** Which byte counts become the row's bytes: `payload` (orig_bytes/resp_bytes) or `ip` (orig_ip_bytes/resp_ip_bytes). */
  bytes: 'payload' | 'ip';
  /** Host map entries (canonical address → host), see {@link HostMap.entries}. */
  hosts: [string, string][];
  /** Local networks (canonical CIDR) for addresses whose side Zeek did not mark local or not; empty: unknown. */
  localNets: string[];
  terminator: '\n';
}

/** Windows Security logon events (auth): Winlogbeat/ECS JSON lines, or Event XML. */
export interface WinlogonSourceConfig {
  format: 'winlogon';
  kind: 'auth';
  encoding: 'json' | 'xml';
  /**
   * `short`: unmapped computer names become their first DNS label, uppercased (WIN81.contoso.local →
   * WIN81), and DNS account domains likewise (alice@CORP.EXAMPLE → alice@CORP); `verbatim`: as written.
   */
  hostNames: 'short' | 'verbatim';
  hosts: [string, string][];
  /** XML records end at `</Event>`, possibly with no line break between them. */
  terminator: '\n' | '</Event>';
}

/** What a block needs to know about its file: plain data, so it can be sent to a worker thread. */
export type SourceConfig = LanlSourceConfig | ZeekSourceConfig | WinlogonSourceConfig;

/** What a block of records held, beyond what {@link BlockResult} counts. */
export interface SourceBlockResult extends BlockResult {
  /**
   * Records read and deliberately not turned into rows (not errors): Zeek header lines, Windows
   * events other than logons, a LANL header line, JSON records of another Zeek log.
   */
  skipped: number;
  /** Skipped records by reason, e.g. `zeek_header`, `event_4672`. */
  skippedReasons: Record<string, number>;
  /** Rows handed to the handler: `rows` for LANL and Windows, up to 2 per record for Zeek. */
  emitted: number;
}

/** Parses blocks of one file (made by {@link SourceAdapter.scanner} from the file's config). */
export interface BlockScanner {
  /**
   * Turns the records of a record-aligned block into rows for `onRow` (in the LANL layout of the
   * config's kind), numbering lines from `lineOffset + 1`; bad records are rejected with a reason
   * and their original text, as {@link scanBlock} does. `firstBlock`: the block starts the file
   * (where a header line may be; `readBlocks` has dropped a byte-order mark). Throws an InputError without a file, its
   * line numbered like the rows (from `lineOffset + 1`), when the block cannot be read at all,
   * e.g. a Zeek `#fields` header that changes mid-file.
   */
  scan(
    buf: Buffer,
    onRow: RowHandler,
    lineOffset: number,
    maxRejections: number,
    firstBlock: boolean,
  ): SourceBlockResult;
}

/** What {@link SourceAdapter.prepare} may use besides the file's first bytes. */
export interface PrepareOptions {
  /** The kind the caller reads the file as; an adapter refuses a kind its format does not hold. */
  kind: LogKind;
  /** The file's name in error messages. */
  label: string;
  /** Host identity map; default: every address is its own host. */
  hosts?: HostMap;
  /** Local networks for flows; default {@link LOCAL_NETS_DEFAULTS}. */
  localNets?: LocalNets;
  /** Zeek: which byte counts to read. Default `payload`. */
  zeekBytes?: 'payload' | 'ip';
  /** Windows: how computer names and account domains are normalized. Default `short`. */
  windowsHostNames?: 'short' | 'verbatim';
}

/** One source format: reads a file's start once, then parses its blocks (on any thread). */
export interface SourceAdapter<C extends SourceConfig = SourceConfig> {
  readonly format: C['format'];
  /**
   * Reads what every block needs from the file's first bytes (after gunzip; at least 64 KiB or
   * the whole file), e.g. Zeek's `#fields` order. Throws an InputError naming the file when its
   * start does not fit the format.
   */
  prepare(head: Buffer, options: PrepareOptions): C;
  /** A scanner for the blocks of a file prepared as `config`. */
  scanner(config: C): BlockScanner;
}
