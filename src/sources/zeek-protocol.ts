/** IANA protocol numbers of the transports Zeek's `proto` names. */
export const ZEEK_PROTOCOLS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1 };

/**
 * The protocol column (LANL writes IANA numbers) for a Zeek conn record: `ip_proto` when the log
 * has it (Zeek 7.1+), else `proto` by name, where `icmp` over IPv6 is ICMPv6 (58);
 * `unknown_transport` or unset is `?`. `transportPorts` says whether the ports are TCP/UDP ports
 * (ICMP puts type and code there).
 */
export function zeekProtocol(
  proto: string,
  ipProto: number | undefined,
  ipv6: boolean,
): { text: Buffer; transportPorts: boolean } {
  const named = ZEEK_PROTOCOLS[proto];
  const number = ipProto ?? (named === 1 && ipv6 ? 58 : named);
  if (number === undefined) return { text: UNKNOWN, transportPorts: false };
  return { text: Buffer.from(String(number)), transportPorts: number === 6 || number === 17 };
}

const UNKNOWN = Buffer.from('?');
