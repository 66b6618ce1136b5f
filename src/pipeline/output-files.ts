import { REJECTED_DIR } from '../sources/scan-log.js';

/**
 * The files analyze writes into OUT, relative to it: the output contract (README, Outputs) in
 * one place, for everything that writes or reads them (detection, evaluation, the report, the CLI).
 */
export const OUTPUT_FILES = {
  summary: 'summary.json',
  humans: 'humans.csv',
  compromised: 'compromised.csv',
  series: 'series.csv',
  seriesParquet: 'series.parquet',
  rejected: REJECTED_DIR,
  samples: 'samples',
  sampleAuth: 'samples/auth.csv',
  sampleFlows: 'samples/flows.csv',
  sampleEnriched: 'samples/enriched.csv',
  tables: 'tables',
  humansTable: 'tables/humans.parquet',
  redteamTable: 'tables/redteam.parquet',
  authEdges: 'tables/auth_edges.parquet',
  flowServices: 'tables/flow_services.parquet',
  peerGroups: 'peer_groups.csv',
  hosts: 'hosts.csv',
  edges: 'edges.csv',
  alerts: 'alerts.csv',
  alertsJsonl: 'alerts.jsonl',
  beacons: 'beacons.csv',
  evaluation: 'evaluation.json',
  report: 'report.html',
  figures: 'figures',
} as const;
