/**
 * The engine relations an input builds for detection's two views that need more than the
 * aggregates (beacon: every connection time of a pair; self-baseline: the mean log size of a
 * host's flows each way), so detection does not read the raw flows a second time:
 * - `started` (host, remote_host, remote_port VARCHAR; time, bytes DOUBLE): every flow a human
 *   host started (a view over the scan's StartedFlowsFile files, or over a store's flows);
 * - `sizes` (host VARCHAR; iv, up, down, nu, nd DOUBLE): per human host and interval index
 *   ⌊time / interval⌋ with flows both ways, the mean log2(1 + max(0, bytes)) of the flows it
 *   sent (up, nu flows) and received (down, nd flows); a flow from a host to itself counts both ways.
 */
export const DETECTION_FLOW_TABLES = { started: 'detect_started_flows', sizes: 'detect_flow_sizes' } as const;
