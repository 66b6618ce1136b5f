export { analyze, ANALYZE_DEFAULTS } from './analyze.js';
export type { AnalyzeOptions, AnalyzeSummary, AfterStage, ProgressEvent } from './analyze.js';
export { AuthAggregator, AUTH_AGGREGATOR_DEFAULTS } from './auth-aggregator.js';
export { FlowAggregator } from './flow-aggregator.js';
export { writeTables } from './write-tables.js';
export { detectHosts, lateralEdgesSql, DETECT_DEFAULTS, type DetectOptions, type DetectSummary } from './detect-hosts.js';
export { evaluateRun, EVALUATE_DEFAULTS, type Evaluation, type EvaluateOptions, type ScoreMetrics } from './evaluate-run.js';
