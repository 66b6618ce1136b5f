export {
  uploadKdeScore,
  UPLOAD_KDE_DEFAULTS,
  type UploadKdeOptions,
  type UploadKdeResult,
  type UploadPoint,
} from './upload-kde-score.js';
export {
  peerDeviation,
  PEER_DEVIATION_DEFAULTS,
  type PeerDeviationOptions,
  type PeerDeviationResult,
  type TrafficPoint,
} from './peer-deviation.js';
export { serviceDivergence, type ServiceDivergenceResult, type ServiceUse } from './service-divergence.js';
export { combineScores, type CombinedScores } from './combine-scores.js';
export { percentileRanks } from './percentile-ranks.js';
export { rocAuc, rocCurve } from './roc-auc.js';
export { averagePrecision, prCurve } from './average-precision.js';
export { precisionAtK } from './precision-at-k.js';
export { groupRows, type GroupedRows } from './group-rows.js';
export { ownPastExcess, OWN_PAST_EXCESS_DEFAULTS, type OwnPastExcessOptions } from './own-past-excess.js';
export {
  peerReference,
  PEER_REFERENCE_DEFAULTS,
  type PeerReferenceInput,
  type PeerReferenceOptions,
  type PeerReferenceResult,
} from './peer-reference.js';
export {
  selfBaseline,
  SELF_BASELINE_DEFAULTS,
  BASELINE,
  type SelfBaselineInput,
  type SelfBaselineOptions,
  type SelfBaselineResult,
} from './self-baseline.js';
export {
  selfBaselineEvidence,
  SELF_BASELINE_EVIDENCE_DEFAULTS,
  SELF_BASELINE_PARTS,
  type SelfBaselineEvidence,
  type SelfBaselineEvidenceInput,
  type SelfBaselineEvidenceOptions,
  type SelfBaselinePart,
} from './self-baseline-evidence.js';
export {
  scoreBeacons,
  BEACON_DEFAULTS,
  type BeaconInput,
  type BeaconOptions,
  type BeaconResult,
} from './score-beacons.js';
export {
  maxByHostInterval,
  type HostIntervalRows,
  type MaxByHostIntervalOptions,
  type MaxByHostIntervalResult,
} from './max-by-host-interval.js';
export {
  spreadOverIntervals,
  type SpreadOptions,
  type SpreadResult,
  type TimedEvidence,
} from './spread-over-intervals.js';
export {
  lateralByHostInterval,
  type LateralByHostIntervalOptions,
  type LateralByHostIntervalResult,
  type ScoredEdgeColumns,
} from './lateral-by-host-interval.js';
export {
  newServiceUse,
  NEW_SERVICE_DEFAULTS,
  type NewServiceOptions,
  type NewServiceResult,
  type ServiceUseRows,
} from './new-service-use.js';
export {
  combineEvidence,
  COMBINE_EVIDENCE_DEFAULTS,
  COMBINATION_METHODS,
  type CombinationMethod,
  type CombineEvidenceOptions,
  type CombinedEvidence,
  type EvidenceView,
} from './combine-evidence.js';
export { strongestPerHost, type HostIntervalEvidence, type StrongestPerHost } from './strongest-per-host.js';
export {
  alertThreshold,
  ALERT_BUDGET_DEFAULTS,
  type AlertBudgetOptions,
  type AlertThreshold,
} from './alert-threshold.js';
export { selectAlerts, type SelectAlertsOptions, type SelectedAlerts } from './select-alerts.js';
export { alertReason, type AlertEvidence } from './alert-reason.js';
