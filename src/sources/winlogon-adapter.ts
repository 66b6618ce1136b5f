import { InputError } from '../errors.js';
import { bomLength } from './bom-length.js';
import { HostMap } from './host-map.js';
import { LogonEventMapper } from './map-logon-event.js';
import { LogonRowWriter } from './logon-row-writer.js';
import type { BlockScanner, PrepareOptions, SourceAdapter, WinlogonSourceConfig } from './source-adapter.js';
import { WinlogonJsonScanner } from './winlogon-json-scanner.js';
import { WinlogonXmlScanner } from './winlogon-xml-scanner.js';

/**
 * Windows Security logon events (4624, 4625, 4634, 4648) as auth rows (see
 * {@link LogonEventMapper}), from Winlogbeat JSON lines or Event XML (`wevtutil qe Security
 * /f:xml`, EVTX dump tools). Other events in the export are skipped and counted by id.
 */
export const WINLOGON_ADAPTER: SourceAdapter<WinlogonSourceConfig> = {
  format: 'winlogon',

  prepare(head: Buffer, options: PrepareOptions): WinlogonSourceConfig {
    const where = { file: options.label };
    if (options.kind !== 'auth')
      throw new InputError(`Windows logon events are auth; they cannot be read as ${options.kind}`, where);
    const start = head.toString('utf8', bomLength(head)).trimStart();
    const base = {
      format: 'winlogon' as const,
      kind: 'auth' as const,
      hostNames: options.windowsHostNames ?? 'short',
      hosts: (options.hosts ?? HostMap.empty()).entries(),
    };
    if (start.startsWith('<')) return { ...base, encoding: 'xml', terminator: '</Event>' };
    if (start.startsWith('{')) return { ...base, encoding: 'json', terminator: '\n' };
    throw new InputError('not Windows events: neither Event XML (<Event ...>) nor JSON lines', where);
  },

  scanner(config: WinlogonSourceConfig): BlockScanner {
    const rows = new LogonRowWriter(new LogonEventMapper(HostMap.fromEntries(config.hosts), config.hostNames));
    return config.encoding === 'xml' ? new WinlogonXmlScanner(rows) : new WinlogonJsonScanner(rows);
  },
};
