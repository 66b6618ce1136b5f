/**
 * The reference implementation of the lateral-movement score, in plain JS over edge objects; the
 * pipeline runs the same rule as SQL (lateralEdgesSql in src/pipeline/detect-hosts.ts), and the
 * tests hold the two to the same scores.
 *
 * Lateral movement: authentication edges (source host → destination host, with the account used)
 * seen for the first time after a warm-up period, scored by the rarity of their destination —
 * how few source hosts and how few accounts ever authenticated to it — in the spirit of the
 * first-time-edge baselines of A. D. Kent et al. ("Authentication graphs", 2015) and the edge
 * scorers evaluated on this data (Euler, ARGUS).
 */

/** An aggregated auth edge: (user, src, dst) with its first time. */
export interface AuthEdge {
  user: string;
  src: string;
  dst: string;
  firstTime: number;
}

/** Options of {@link lateralMovement}. */
export interface LateralMovementOptions {
  /** Edges first seen before this time (seconds) are the baseline and score 0. */
  warmupEnd: number;
}

/** A scored edge. */
export interface ScoredEdge extends AuthEdge {
  score: number;
}

/** Scored edges and per-host strongest edges. */
export interface LateralMovementResult {
  /** Every edge with its score, highest first (ties by time). */
  edges: ScoredEdge[];
  /** Host → strongest score of an edge into it / out of it. */
  incoming: Map<string, number>;
  outgoing: Map<string, number>;
  /** max(incoming, outgoing). */
  scores: Map<string, number>;
  newEdges: number;
}

/**
 * score = (r_dst_sources + r_dst_accounts + r_src_history) / 3 for a first-time edge, with
 * r_dst_sources = −log2(sources(dst) / S) and r_dst_accounts = −log2(accounts(dst) / A), where
 * sources(dst) and accounts(dst) count the distinct source hosts and accounts that ever
 * authenticated to dst and S, A all of them; and r_src_history = −log2((dsts_warm(src) + 1) / (D + 1)),
 * where dsts_warm(src) counts the destinations src reached during the warm-up and D all of them.
 * An edge into a host almost nobody logs on to, from a host that was silent during the warm-up,
 * scores near the maximum; a management server's routine new edge scores low.
 */
export function lateralMovement(edges: AuthEdge[], options: LateralMovementOptions): LateralMovementResult {
  const sources = new Map<string, Set<string>>();
  const accounts = new Map<string, Set<string>>();
  const allSources = new Set<string>();
  const allAccounts = new Set<string>();
  for (const e of edges) {
    if (!sources.has(e.dst)) sources.set(e.dst, new Set());
    if (!accounts.has(e.dst)) accounts.set(e.dst, new Set());
    sources.get(e.dst)!.add(e.src);
    accounts.get(e.dst)!.add(e.user);
    allSources.add(e.src);
    allAccounts.add(e.user);
  }
  const warmDsts = new Map<string, Set<string>>();
  const allWarmDsts = new Set<string>();
  for (const e of edges) {
    if (e.firstTime >= options.warmupEnd) continue;
    if (!warmDsts.has(e.src)) warmDsts.set(e.src, new Set());
    warmDsts.get(e.src)!.add(e.dst);
    allWarmDsts.add(e.dst);
  }
  const D = allWarmDsts.size;
  const S = allSources.size;
  const A = allAccounts.size;
  const incoming = new Map<string, number>();
  const outgoing = new Map<string, number>();
  let newEdges = 0;
  const scored = edges.map((e) => {
    let score = 0;
    if (e.firstTime >= options.warmupEnd) {
      newEdges++;
      const history = warmDsts.get(e.src)?.size ?? 0;
      score =
        (-Math.log2(sources.get(e.dst)!.size / S) -
          Math.log2(accounts.get(e.dst)!.size / A) -
          Math.log2((history + 1) / (D + 1))) /
        3;
    }
    if (score > (incoming.get(e.dst) ?? 0)) incoming.set(e.dst, score);
    if (score > (outgoing.get(e.src) ?? 0)) outgoing.set(e.src, score);
    return { ...e, score };
  });
  scored.sort((a, b) => b.score - a.score || a.firstTime - b.firstTime);
  const scores = new Map<string, number>();
  for (const h of new Set([...incoming.keys(), ...outgoing.keys()]))
    scores.set(h, Math.max(incoming.get(h) ?? 0, outgoing.get(h) ?? 0));
  return { edges: scored, incoming, outgoing, scores, newEdges };
}
