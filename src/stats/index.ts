export {
  mannWhitneyU,
  MANN_WHITNEY_DEFAULTS,
  type MannWhitneyOptions,
  type MannWhitneyResult,
  type Alternative,
} from './mann-whitney.js';
export { gaussianKde, GAUSSIAN_KDE_DEFAULTS, type GaussianKde, type GaussianKdeOptions } from './gaussian-kde.js';
export { binnedKde, BINNED_KDE_DEFAULTS, type BinnedKdeOptions, type BinnedKdeResult } from './binned-kde.js';
export { bootstrap, BOOTSTRAP_DEFAULTS, type BootstrapOptions, type BootstrapResult } from './bootstrap.js';
export { createRandom } from './create-random.js';
export { normalSf, erfc } from './normal-sf.js';
