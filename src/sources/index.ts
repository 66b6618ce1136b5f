export { LOG_FORMATS } from './log-formats.js';
export type { LogFormat, LogKind } from './log-formats.js';
export { inputPaths, resolveInputs } from './resolve-inputs.js';
export type { InputFile, InputSpec, ResolvedInputs } from './resolve-inputs.js';
export type { ProgressEvent, ScanProgress } from './scan-progress.js';
export { forEachLine } from './for-each-line.js';
export type { LineHandler } from './for-each-line.js';
export { scanLog, emptyAccount, FileTally, REJECTED_DIR, SCAN_LOG_DEFAULTS, rejectedFileName } from './scan-log.js';
export { fileAccountSchema } from './file-account-schema.js';
export {
  asciiLower,
  HUMAN_RULE_DEFAULTS,
  humanRowMatcher,
  humanRuleClauses,
  humanRuleSql,
  type HumanRule,
  type HumanUserClause,
} from './human-rule.js';
export type { FileAccount, ScanLogOptions } from './scan-log.js';
export {
  scanBlock,
  rejectedText,
  timeOutOfRangeDetail,
  MAX_INTERVAL_INDEX,
  SCAN_BLOCK_DEFAULTS,
} from './scan-block.js';
export type { BlockRejection, BlockResult, RowHandler, ScanBlockOptions } from './scan-block.js';
export { readBlocks, READ_BLOCKS_DEFAULTS } from './read-blocks.js';
export type { Block, ReadBlocksOptions } from './read-blocks.js';
export { parseIntField } from './parse-int-field.js';
export { splitFields } from './split-fields.js';
export { SOURCE_ADAPTERS, scannerFor } from './source-adapters.js';
export type {
  BlockScanner,
  LanlSourceConfig,
  PrepareOptions,
  SourceAdapter,
  SourceBlockResult,
  SourceConfig,
  SourceFormat,
  WinlogonSourceConfig,
  ZeekSourceConfig,
} from './source-adapter.js';
export { LANL_ADAPTER } from './lanl-adapter.js';
export { ZEEK_CONN_ADAPTER } from './zeek-conn-adapter.js';
export { ZEEK_CONN_FIELDS } from './zeek-conn-fields.js';
export { WINLOGON_ADAPTER } from './winlogon-adapter.js';
export { LOGON_EVENT_IDS, LOGON_TYPE_NAMES, LogonEventMapper } from './map-logon-event.js';
export type { MappedLogon, UnmappedLogon } from './map-logon-event.js';
export type { WindowsEvent } from './windows-event.js';
export { parseEventXml } from './parse-event-xml.js';
export { parseEventJson } from './parse-event-json.js';
export { ROW_EXTRAS } from './row-extras.js';
export { sniffFormat, SNIFF_DEFAULTS } from './sniff-format.js';
export type { SniffResult } from './sniff-format.js';
export { readHead, READ_HEAD_DEFAULTS } from './read-head.js';
export { scanSource, emptyTotals, addTotals } from './scan-source.js';
export type { SourceTotals } from './scan-source.js';
export { HostMap, HOST_MAP_DEFAULTS, hostKey } from './host-map.js';
export { LocalNets, LOCAL_NETS_DEFAULTS } from './local-nets.js';
export { parseIpAddress, formatIpAddress, canonicalIpAddress } from './ip-address.js';
export type { IpAddress } from './ip-address.js';
export { parseIsoTime } from './parse-iso-time.js';
export type { EpochTime } from './parse-iso-time.js';
export { parseZeekHeader } from './parse-zeek-header.js';
export type { ZeekHeader } from './parse-zeek-header.js';
export { orderLogFiles } from './order-log-files.js';
export type { OrderedLogFile } from './order-log-files.js';
export { findLogFiles } from './find-log-files.js';
export { planSources } from './plan-sources.js';
export type { KindPlan, PlanSourcesOptions, SourceEvent, SourceKind } from './plan-sources.js';
export type { SourceOptions } from './source-options.js';
