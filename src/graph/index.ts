export {
  peerGroups,
  PEER_GROUPS_DEFAULTS,
  type EdgeColumns,
  type PeerGroupsOptions,
  type PeerGroupsResult,
  type WeightedEdge,
} from './peer-groups.js';
