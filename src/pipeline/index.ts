export { analyze, ANALYZE_DEFAULTS } from './analyze.js';
export type { AnalyzeOptions, AnalyzeSummary, AfterStage } from './analyze.js';
export { AuthAggregator, AUTH_AGGREGATOR_DEFAULTS } from './auth-aggregator.js';
export { FlowAggregator } from './flow-aggregator.js';
export { loadScanTables } from './load-scan-tables.js';
export { writeOutputs } from './write-outputs.js';
export {
  detectHosts,
  lateralEdgesSql,
  DETECT_DEFAULTS,
  type DetectOptions,
  type DetectSummary,
} from './detect-hosts.js';
export {
  evaluateRun,
  EVALUATE_DEFAULTS,
  type Evaluation,
  type EvaluateOptions,
  type ScoreMetrics,
} from './evaluate-run.js';
