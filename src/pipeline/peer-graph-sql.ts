import type { OUTPUT_FILES } from './output-files.js';

/**
 * SQL for the peer-group graph's weighted edges (a, b, w) over an analysis's tables (`table`
 * names the relation of an output): user → host logons of domain users, host → host logons and
 * flows touching a human host. Weights are log2(1 + count) so a few chatty servers do not drown
 * the structure.
 */
export function peerGraphSql(table: (name: keyof typeof OUTPUT_FILES) => string): string {
  return `WITH h AS (SELECT host FROM ${table('humansTable')}),
      ae AS (SELECT * FROM ${table('authEdges')}),
      raw AS (
        SELECT 'u:' || src_user AS a, 'h:' || src_host AS b, sum(events) AS n FROM ae WHERE src_host IN (SELECT host FROM h) AND NOT contains(src_user, '$') GROUP BY ALL
        UNION ALL
        SELECT 'h:' || src_host, 'h:' || dst_host, sum(events) FROM ae WHERE src_host IN (SELECT host FROM h) OR dst_host IN (SELECT host FROM h) GROUP BY ALL
        UNION ALL
        SELECT 'h:' || host, 'h:' || peer_host, sum(flows) FROM ${table('flowServices')} GROUP BY ALL
      )
    SELECT a, b, log2(1 + sum(n)) AS w FROM raw GROUP BY a, b`;
}
