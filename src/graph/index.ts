export {
  peerGroups,
  PEER_GROUPS_DEFAULTS,
  type PeerGroupsOptions,
  type PeerGroupsResult,
  type WeightedEdge,
} from './peer-groups.js';
