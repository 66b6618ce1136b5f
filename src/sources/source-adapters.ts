import { LANL_ADAPTER } from './lanl-adapter.js';
import type { BlockScanner, SourceAdapter, SourceConfig, SourceFormat } from './source-adapter.js';
import { WINLOGON_ADAPTER } from './winlogon-adapter.js';
import { ZEEK_CONN_ADAPTER } from './zeek-conn-adapter.js';

/** Every source adapter, by format. */
export const SOURCE_ADAPTERS: { readonly [F in SourceFormat]: SourceAdapter<Extract<SourceConfig, { format: F }>> } = {
  lanl: LANL_ADAPTER,
  zeek: ZEEK_CONN_ADAPTER,
  winlogon: WINLOGON_ADAPTER,
};

/** The block scanner for a prepared config (e.g. in a worker thread, from the config it was sent). */
export function scannerFor(config: SourceConfig): BlockScanner {
  switch (config.format) {
    case 'lanl':
      return LANL_ADAPTER.scanner(config);
    case 'zeek':
      return ZEEK_CONN_ADAPTER.scanner(config);
    case 'winlogon':
      return WINLOGON_ADAPTER.scanner(config);
  }
}
