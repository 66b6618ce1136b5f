import { InputError } from '../errors.js';
import type { HostMap } from './host-map.js';
import type { LocalNets } from './local-nets.js';
import { orderLogFiles } from './order-log-files.js';
import { readHead } from './read-head.js';
import type { InputFile, ResolvedInputs } from './resolve-inputs.js';
import { sniffFormat } from './sniff-format.js';
import type { SourceConfig, SourceFormat } from './source-adapter.js';
import { SOURCE_ADAPTERS } from './source-adapters.js';

/** The kinds whose format may be other than LANL's. */
export type SourceKind = 'auth' | 'flows';

/** How one kind's files are read. */
export interface KindPlan {
  files: InputFile[];
  /**
   * Per file: the adapter config, or undefined for plain LANL CSV (no header line), which keeps
   * the original byte scanner (parallel workers, identical outputs).
   */
  configs: (SourceConfig | undefined)[];
}

/** What was decided about a file, for the user: the format and why. */
export interface SourceEvent {
  kind: SourceKind;
  file: string;
  format: SourceFormat;
  /** `given` when the format was named, else the sniffer's reason. */
  reason: string;
}

/** Options of {@link planSources}. */
export interface PlanSourcesOptions {
  /** Format per kind; sniffed from each file's first bytes when absent. */
  formats?: Partial<Record<SourceKind, SourceFormat>>;
  hosts?: HostMap;
  localNets?: LocalNets;
  /** Zeek: which byte counts to read, `payload` or `ip`. Default `payload`. */
  zeekBytes?: 'payload' | 'ip';
  /** Windows: computer names and account domains `short` (first DNS label) or `verbatim`. Default `short`. */
  windowsHostNames?: 'short' | 'verbatim';
  /** Called for each file not read as plain LANL CSV. */
  onSource?: (event: SourceEvent) => void;
}

/**
 * Decides each auth and flows file's format: the one named for its kind, else what its first
 * 64 KiB look like. A file that looks like nothing (or like another LANL kind) is read as plain
 * LANL CSV, as before formats existed, so its lines are rejected with their reasons. Zeek files
 * (rotated conn logs) are put in time order.
 */
export async function planSources(
  inputs: ResolvedInputs,
  options: PlanSourcesOptions = {},
): Promise<Record<SourceKind, KindPlan>> {
  const plan = {} as Record<SourceKind, KindPlan>;
  for (const kind of ['auth', 'flows'] as const) {
    const given = options.formats?.[kind];
    const configs: (SourceConfig | undefined)[] = [];
    for (const file of inputs[kind]) {
      let head: Buffer;
      try {
        head = await readHead(file.path, { gzip: file.gzip, label: file.label });
      } catch (error) {
        // Data that is not gzip at all goes to the LANL scanner, whose error says where it breaks.
        if (!(error instanceof InputError) || (given !== undefined && given !== 'lanl')) throw error;
        configs.push(undefined);
        continue;
      }
      let format: SourceFormat | undefined = given;
      let reason = 'given';
      if (format === undefined) {
        const sniffed = sniffFormat(head);
        reason = sniffed.reason;
        const plainLanl =
          sniffed.format === 'unknown' ||
          (sniffed.format === 'lanl' && (sniffed.kind !== kind || sniffed.headerLine !== true));
        if (plainLanl) {
          configs.push(undefined);
          continue;
        }
        format = sniffed.format as SourceFormat;
      }
      const config = SOURCE_ADAPTERS[format].prepare(head, {
        kind,
        label: file.label,
        hosts: options.hosts,
        localNets: options.localNets,
        zeekBytes: options.zeekBytes,
        windowsHostNames: options.windowsHostNames,
      });
      if (config.format === 'lanl' && !config.headerLine) {
        configs.push(undefined);
        continue;
      }
      configs.push(config);
      options.onSource?.({ kind, file: file.label, format, reason });
    }
    plan[kind] = { files: inputs[kind], configs };
    if (configs.length > 1 && configs.every((c) => c?.format === 'zeek')) {
      const ordered = await orderLogFiles(inputs[kind]);
      const byPath = new Map(inputs[kind].map((f, i) => [f.path, configs[i]]));
      plan[kind] = { files: ordered, configs: ordered.map((f) => byPath.get(f.path)) };
    }
  }
  if (plan.flows.configs.length > 0 && plan.auth.files.length === 0 && plan.flows.configs.some((c) => c === undefined))
    throw new InputError(
      'flows without auth need Zeek conn logs: the monitored hosts are the local ones, which LANL flows do not mark (give auth too)',
      { file: plan.flows.files.find((_, i) => plan.flows.configs[i] === undefined)?.label },
    );
  return plan;
}
