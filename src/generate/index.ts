export { generate, GENERATE_DEFAULTS, type GenerateOptions, type GenerateResult } from './generate.js';
export { campaignPlan, REPLAY_FILE, type RedteamMode, type AttackEvent } from './campaign.js';
export { LANL_DAY1 } from './calibration.js';
