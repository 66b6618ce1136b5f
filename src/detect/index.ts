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
