export {
  mannWhitneyU,
  MANN_WHITNEY_DEFAULTS,
  type MannWhitneyOptions,
  type MannWhitneyResult,
  type Alternative,
} from './mann-whitney.js';
export { gaussianKde, GAUSSIAN_KDE_DEFAULTS, type GaussianKde, type GaussianKdeOptions } from './gaussian-kde.js';
export { binnedKde, BINNED_KDE_DEFAULTS, type BinnedKdeOptions, type BinnedKdeResult } from './binned-kde.js';
export { kdeFromBins, type KdeBins, type KdeFromBinsOptions, type KdeFromBinsResult } from './kde-from-bins.js';
export { bootstrap, BOOTSTRAP_DEFAULTS, type BootstrapOptions, type BootstrapResult } from './bootstrap.js';
export { createRandom } from './create-random.js';
export { normalSf, erfc } from './normal-sf.js';
export { quantileSorted } from './quantile-sorted.js';
export { madLogMoments } from './mad-log-moments.js';
export { robustScale } from './robust-scale.js';
export {
  fitGeneralizedPareto,
  type GeneralizedParetoFit,
  type GeneralizedParetoOptions,
} from './fit-generalized-pareto.js';
export {
  calibrateTail,
  TAIL_CALIBRATION_DEFAULTS,
  type TailCalibrationOptions,
  type TailDiagnostics,
  type TailModel,
} from './calibrate-tail.js';
export {
  calibrateByGroup,
  GROUP_CALIBRATION_DEFAULTS,
  type GroupCalibrationOptions,
  type GroupCalibrationResult,
} from './calibrate-by-group.js';
export { kolmogorovSf } from './kolmogorov-sf.js';
export { ksUniform, type KsUniformResult } from './ks-uniform.js';
export { chiSquareLogSfEven } from './chi-square-log-sf.js';
export { type CombinedPValues } from './combined-p-values.js';
export { cauchyCombination, CAUCHY_COMBINATION_DEFAULTS, type CauchyCombinationOptions } from './cauchy-combination.js';
export { fisherCombination, FISHER_COMBINATION_DEFAULTS, type FisherCombinationOptions } from './fisher-combination.js';
export { chiSquareLogSf } from './chi-square-log-sf.js';
export { brownMoments, BROWN_MOMENTS_DEFAULTS, type BrownMoments, type BrownMomentsOptions } from './brown-moments.js';
export {
  brownCombination,
  BROWN_COMBINATION_DEFAULTS,
  type BrownCombinationOptions,
  type BrownCombined,
} from './brown-combination.js';
