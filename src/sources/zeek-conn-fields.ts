/** Which conn.log fields the Zeek adapter needs, and which tell conn.log from Zeek's other logs. */
export const ZEEK_CONN_FIELDS = {
  /** Without these a record cannot become a flow. */
  required: ['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto'],
  /** Only conn.log has these among Zeek's logs with connection ids (dns, http, ssl also have ts and id.*): one must be present. */
  markers: ['conn_state', 'orig_pkts', 'orig_bytes', 'missed_bytes', 'history'],
} as const;
