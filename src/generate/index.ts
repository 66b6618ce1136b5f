export { generate, GENERATE_DEFAULTS, type GenerateOptions, type GenerateResult } from './generate.js';
export { CAMPAIGN_NAMES, type CampaignName, type RedteamMode, type AttackEvent } from './campaign.js';
export { resolveCampaigns } from './resolve-campaigns.js';
export { REPLAY_FILE } from './replay-campaign.js';
export { LANL_DAY1 } from './calibration.js';
