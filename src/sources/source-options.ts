import type { HostMap } from './host-map.js';
import type { SourceEvent, SourceKind } from './plan-sources.js';
import type { SourceFormat } from './source-adapter.js';

/** How `analyze` and `ingest` read Zeek and Windows sources (LANL CSV ignores them). */
export interface SourceOptions {
  /** Format of the auth / flows files; sniffed from each file's first bytes when absent. */
  formats?: Partial<Record<SourceKind, SourceFormat>>;
  /** Host identity map (a CSV `address,host` file, or a parsed map) for Zeek and Windows addresses. Default: none. */
  hosts?: string | HostMap;
  /**
   * Networks (CIDR) whose addresses are local, for Zeek rows where Zeek did not set
   * local_orig/local_resp; with flows and no auth the local hosts are the monitored ones.
   * Default RFC 1918 and fc00::/7.
   */
  localNets?: string | readonly string[];
  /** Zeek: `payload` (orig_bytes/resp_bytes) or `ip` (orig_ip_bytes/resp_ip_bytes). Default `payload`. */
  zeekBytes?: 'payload' | 'ip';
  /** Windows: names shortened to their first DNS label (`short`) or kept `verbatim`. Default `short`. */
  windowsHostNames?: 'short' | 'verbatim';
  /** Told how each file not read as plain LANL CSV is read (its format and why). */
  onSource?: (event: SourceEvent) => void;
}
