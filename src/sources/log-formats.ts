/** The five LANL cyber1 file kinds. */
export type LogKind = 'auth' | 'flows' | 'redteam' | 'proc' | 'dns';

/** Field layout of one file kind: no header, comma-separated. */
export interface LogFormat {
  kind: LogKind;
  fields: readonly string[];
  /** Indices of the fields that must be integers; a row where one is not is rejected. */
  integers: readonly number[];
}

/** The LANL "Comprehensive, Multi-Source Cyber-Security Events" layouts (Kent, 2015). */
export const LOG_FORMATS: Readonly<Record<LogKind, LogFormat>> = {
  auth: {
    kind: 'auth',
    fields: [
      'time',
      'src_user',
      'dst_user',
      'src_host',
      'dst_host',
      'auth_type',
      'logon_type',
      'orientation',
      'outcome',
    ],
    integers: [0],
  },
  flows: {
    kind: 'flows',
    fields: ['time', 'duration', 'src_host', 'src_port', 'dst_host', 'dst_port', 'protocol', 'packets', 'bytes'],
    integers: [0, 1, 7, 8],
  },
  redteam: { kind: 'redteam', fields: ['time', 'user', 'src_host', 'dst_host'], integers: [0] },
  proc: { kind: 'proc', fields: ['time', 'user', 'host', 'process', 'event'], integers: [0] },
  dns: { kind: 'dns', fields: ['time', 'src_host', 'resolved_host'], integers: [0] },
};
