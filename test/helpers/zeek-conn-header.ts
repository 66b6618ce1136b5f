/** The columns of Zeek's conn.log (Zeek 5/6 defaults), in file order. */
export const ZEEK_CONN_FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'proto',
  'service',
  'duration',
  'orig_bytes',
  'resp_bytes',
  'conn_state',
  'local_orig',
  'local_resp',
  'missed_bytes',
  'history',
  'orig_pkts',
  'orig_ip_bytes',
  'resp_pkts',
  'resp_ip_bytes',
  'tunnel_parents',
] as const;

/** The header lines of a Zeek TSV conn.log up to and including `#fields`; `extra` goes before `#fields`. */
export function zeekConnHeader(extra: readonly string[] = []): string[] {
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    ...extra,
    `#fields\t${ZEEK_CONN_FIELDS.join('\t')}`,
  ];
}
