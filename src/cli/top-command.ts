import { Command } from 'commander';
import { topHosts } from '../pipeline/index.js';
import { positiveInteger } from './parse-number.js';

/** `peerscope top OUT [N] [--json]`: the ranked hosts of hosts.csv on stdout, for a pipe. */
export function topCommand(): Command {
  return new Command('top')
    .description('print the N hosts least like their peers (hosts.csv of an analyze output folder)')
    .argument('<OUT>', 'analyze output folder (with detection)')
    .argument('[N]', 'how many hosts', positiveInteger('N'), TOP_DEFAULTS.n)
    .option('--json', 'one JSON array of objects (every column of hosts.csv) instead of a table')
    .action(async (out: string, n: number, opts: { json?: boolean }) => {
      const hosts = await topHosts(out, n);
      if (opts.json) {
        process.stdout.write(JSON.stringify(hosts) + '\n');
        return;
      }
      const columns = ['rank', 'host', 'score', 'peer_group', 'upload_kde', 'peer_z', 'service_jsd', 'lateral'].filter(
        (c) => hosts[0] === undefined || c in hosts[0],
      );
      const cells = [columns, ...hosts.map((h) => columns.map((c) => format(h[c])))];
      const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
      for (const row of cells)
        process.stdout.write(
          row
            .map((v, i) => (i === 1 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!)))
            .join('  ')
            .trimEnd() + '\n',
        );
    });
}

export const TOP_DEFAULTS = { n: 10 } as const;

function format(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(3);
  return String(value);
}
