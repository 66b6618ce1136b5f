export { analyze, ANALYZE_DEFAULTS, type AnalyzeOptions, type AfterStage } from './analyze.js';
export { readSummary, type AnalyzeSummary } from './analyze-summary.js';
export type { AnalysisInput, StageClock } from './analysis-input.js';
export { scanInputs, type ScanInputsOptions, type SourcesSummary } from './scan-inputs.js';
export {
  planSources,
  type KindPlan,
  type PlanSourcesOptions,
  type SourceEvent,
  type SourceKind,
} from '../sources/plan-sources.js';
export { storeInput, type StoreInputOptions } from './store-input.js';
export { clusterInput, type ClusterInputOptions } from './cluster-input.js';
export { OUTPUT_FILES } from './output-files.js';
export { DETECTION_FLOW_TABLES } from './detection-flow-tables.js';
export { AuthAggregator, AUTH_AGGREGATOR_DEFAULTS, type AuthAggregatorOptions } from './auth-aggregator.js';
export { FlowAggregator, type FlowAggregatorOptions } from './flow-aggregator.js';
export { loadScanTables } from './load-scan-tables.js';
export { writeOutputs } from './write-outputs.js';
export { uploadTest, type UploadTest } from './upload-test.js';
export {
  detectHosts,
  lateralEdgesSql,
  DETECT_DEFAULTS,
  VIEW_NAMES,
  type ViewName,
  type DetectOptions,
  type DetectSummary,
} from './detect-hosts.js';
export {
  peerGraphEdges,
  PEER_GRAPH_EDGES_DEFAULTS,
  type PeerGraphEdgesOptions,
  type PeerGraphPruning,
} from './peer-graph-edges.js';
export { peerGraphSql } from './peer-graph-sql.js';
export {
  evaluateRun,
  EVALUATE_DEFAULTS,
  readEvaluation,
  type Evaluation,
  type EvaluateOptions,
  type ScoreMetrics,
} from './evaluate-run.js';
export { writeJsonl, JSONL_FILES } from './write-jsonl.js';
export { ecsRecord, JSONL_FIELDS } from './ecs-record.js';
export { writeAlertsJsonl, type AlertRow } from './write-alerts-jsonl.js';
export { topHosts, type RankedHost } from './top-hosts.js';
export {
  reportData,
  REPORT_DATA_DEFAULTS,
  type ReportData,
  type ReportDataOptions,
  type TrafficPoint,
  type UploadData,
  type UploadPopulation,
  type TopHostRow,
  type RankedHostRow,
  type AlertCardData,
  type PeerData,
  type SampleTable,
} from './report-data.js';
