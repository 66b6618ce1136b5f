import type { HostMap } from './host-map.js';
import { canonicalIpAddress, parseIpAddress } from './ip-address.js';
import { LOG_FORMATS } from './log-formats.js';
import { parseIsoTime, type EpochTime } from './parse-iso-time.js';
import type { WindowsEvent } from './windows-event.js';

/** Windows logon type numbers (event 4624's LogonType) to the names LANL's auth.txt uses. */
export const LOGON_TYPE_NAMES: Readonly<Record<number, string>> = {
  2: 'Interactive',
  3: 'Network',
  4: 'Batch',
  5: 'Service',
  7: 'Unlock',
  8: 'NetworkCleartext',
  9: 'NewCredentials',
  10: 'RemoteInteractive',
  11: 'CachedInteractive',
};

/** The Windows Security events that become auth rows. */
export const LOGON_EVENT_IDS: readonly number[] = [4624, 4625, 4634, 4648];

/** An event mapped to the nine auth fields (time in `time`). */
export interface MappedLogon {
  kind: 'row';
  time: EpochTime;
  /** src_user, dst_user, src_host, dst_host, auth_type, logon_type, orientation, outcome. */
  fields: [string, string, string, string, string, string, string, string];
}

/** An event that is not a row, and why. */
export type UnmappedLogon = { kind: 'skip'; reason: string } | { kind: 'reject'; reason: string; detail: string };

// The text fields of an auth row: every LANL auth field after time.
const FIELD_NAMES = LOG_FORMATS.auth.fields.slice(1);

/**
 * Maps Windows Security logon events onto LANL auth rows
 * (`time,src_user,dst_user,src_host,dst_host,auth_type,logon_type,orientation,outcome`), after
 * Microsoft's field descriptions of events 4624, 4625, 4634 and 4648:
 *
 * | event | src_user | dst_user | src_host | dst_host | auth_type | logon_type | orientation | outcome |
 * |---|---|---|---|---|---|---|---|---|
 * | 4624 logon | TargetUserName@TargetDomainName | same | WorkstationName, else IpAddress (loopback: the Computer), else `?` | Computer | AuthenticationPackageName | LogonType by name | LogOn | Success |
 * | 4625 failed logon | same as 4624 | same | same | Computer | AuthenticationPackageName | LogonType by name | LogOn | Fail |
 * | 4634 logoff | TargetUserName@TargetDomainName | same | Computer (4634 names no source) | Computer | `?` | LogonType by name | LogOff | Success |
 * | 4648 explicit credentials | SubjectUserName@SubjectDomainName | TargetUserName@TargetDomainName | Computer (logged on the source) | TargetServerName (`localhost`: the Computer) | `?` | `?` | LogOn | Success |
 *
 * Other event ids are skipped (counted by id). `-` or empty becomes `?`. In `short` mode a DNS
 * domain (`CORP.EXAMPLE`, as Kerberos logons write it) becomes its first label (`CORP`, as NTLM
 * logons write it), so one account is one user. Computer names go through
 * the host map (raw, then short form); unmapped ones are shortened to their first DNS label in
 * uppercase (`short`), so the `DC01.contoso.local` of Computer and the `DC01` of WorkstationName
 * are one host. IpAddress `::ffff:10.0.0.5` is `10.0.0.5`, then mapped.
 */
export class LogonEventMapper {
  constructor(
    private readonly hosts: HostMap,
    private readonly hostNames: 'short' | 'verbatim',
  ) {}

  map(event: WindowsEvent): MappedLogon | UnmappedLogon {
    const id = event.eventId;
    if (Number.isNaN(id)) return { kind: 'reject', reason: 'event_id_missing', detail: 'no EventID' };
    if (!LOGON_EVENT_IDS.includes(id)) return { kind: 'skip', reason: `event_${id}` };
    if (event.time === undefined)
      return {
        kind: 'reject',
        reason: 'time_missing',
        detail: `event ${id} has no time (TimeCreated SystemTime / @timestamp)`,
      };
    const time = parseIsoTime(event.time);
    if (time === undefined)
      return {
        kind: 'reject',
        reason: 'time_not_iso',
        detail: `time ${JSON.stringify(event.time)} is not an ISO 8601 date-time`,
      };
    if (!known(event.computer))
      return { kind: 'reject', reason: 'computer_missing', detail: `event ${id} has no Computer` };
    const d = (name: string) => event.data.get(name);
    const computer = this.name(event.computer);
    let fields: MappedLogon['fields'];
    if (id === 4648) {
      const server = d('TargetServerName');
      const dst = !known(server) ? '?' : isLocalName(server) ? computer : this.name(server);
      fields = [
        this.user(d('SubjectUserName'), d('SubjectDomainName')),
        this.user(d('TargetUserName'), d('TargetDomainName')),
        computer,
        dst,
        '?',
        '?',
        'LogOn',
        'Success',
      ];
    } else {
      const target = this.user(d('TargetUserName'), d('TargetDomainName'));
      const logonType = logonTypeName(d('LogonType'));
      if (id === 4634) {
        fields = [target, target, computer, computer, '?', logonType, 'LogOff', 'Success'];
      } else {
        const src = this.source(d('WorkstationName'), d('IpAddress'), computer);
        fields = [
          target,
          target,
          src,
          computer,
          orUnknown(d('AuthenticationPackageName')),
          logonType,
          'LogOn',
          id === 4625 ? 'Fail' : 'Success',
        ];
      }
    }
    for (let i = 0; i < fields.length; i++) {
      if (/[,\r\n]/.test(fields[i] ?? '')) {
        const name = FIELD_NAMES[i] ?? '';
        return {
          kind: 'reject',
          reason: `${name}_has_separator`,
          detail: `${name} ${JSON.stringify(fields[i])} holds a comma or line break, which the row layout cannot carry`,
        };
      }
    }
    return { kind: 'row', time, fields };
  }

  private source(workstation: string | undefined, ip: string | undefined, computer: string): string {
    if (known(workstation)) return this.name(workstation);
    if (known(ip)) {
      const canonical = canonicalIpAddress(ip);
      if (canonical === undefined) return this.name(ip);
      if (canonical === '::1' || canonical.startsWith('127.')) return computer;
      return this.hosts.getKey(canonical) ?? canonical;
    }
    return '?';
  }

  /** `name@domain`; in `short` mode a DNS domain becomes its first label in uppercase (Kerberos events write CORP.EXAMPLE where NTLM ones write CORP). */
  private user(name: string | undefined, domain: string | undefined): string {
    if (!known(name)) return '?';
    let d = orUnknown(domain);
    if (this.hostNames === 'short' && d.includes('.')) d = (d.split('.')[0] ?? d).toUpperCase();
    return `${name.trim()}@${d}`;
  }

  /** A computer name (or address) as a host. */
  private name(raw: string): string {
    const value = raw.trim().replace(/^\\\\/, '');
    const canonical = canonicalIpAddress(value);
    if (canonical !== undefined) return this.hosts.getKey(canonical) ?? canonical;
    const mapped = this.hosts.getKey(value.toLowerCase());
    if (mapped !== undefined) return mapped;
    if (this.hostNames === 'verbatim') return value;
    const short = (value.split('.')[0] ?? value).toUpperCase();
    return this.hosts.getKey(short.toLowerCase()) ?? short;
  }
}

function known(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '' && value.trim() !== '-';
}

function orUnknown(value: string | undefined): string {
  return known(value) ? value.trim() : '?';
}

function logonTypeName(value: string | undefined): string {
  if (!known(value)) return '?';
  const v = value.trim();
  return /^[0-9]+$/.test(v) ? (LOGON_TYPE_NAMES[Number(v)] ?? v) : v;
}

function isLocalName(server: string): boolean {
  const v = server.trim().toLowerCase();
  if (v === 'localhost') return true;
  const ip = parseIpAddress(v);
  return ip !== undefined && (canonicalIpAddress(v) === '::1' || (ip.version === 4 && ip.bytes[0] === 127));
}
