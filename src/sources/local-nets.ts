import { UsageError } from '../errors.js';
import { formatIpAddress, parseIpAddress, type IpAddress } from './ip-address.js';

/**
 * The private ranges of RFC 1918 (10/8, 172.16/12, 192.168/16) and, because IPv6 has no RFC 1918,
 * its counterpart, the unique local addresses of RFC 4193 (fc00::/7).
 */
export const LOCAL_NETS_DEFAULTS: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

interface Net {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/**
 * A set of IPv4 and IPv6 networks in CIDR notation, answering "is this address local?" (the
 * monitored hosts of a flows-only analysis). A bare address is a /32 or /128 network.
 * IPv4-mapped IPv6 addresses are matched as IPv4.
 */
export class LocalNets {
  private constructor(
    private readonly nets: readonly Net[],
    /** The networks in canonical CIDR text, in the order given. */
    readonly cidrs: readonly string[],
  ) {}

  /**
   * Parses and validates a list (an array, or one comma-separated string) of CIDR networks.
   * `option` names the setting in error messages. Throws a UsageError naming the bad value:
   * not an address, prefix out of range, or host bits set (`10.0.0.1/8`: did you mean 10.0.0.0/8?).
   */
  static parse(list: string | readonly string[], option = 'localNets'): LocalNets {
    const items = (typeof list === 'string' ? list.split(',') : list).map((s) => s.trim()).filter((s) => s !== '');
    if (items.length === 0) throw new UsageError(`${option}: no network given`);
    const nets: Net[] = [];
    const cidrs: string[] = [];
    for (const item of items) {
      const net = parseNet(item, option);
      nets.push(net);
      cidrs.push(`${formatIpAddress(net)}/${net.prefix}`);
    }
    return new LocalNets(nets, cidrs);
  }

  /** The default networks ({@link LOCAL_NETS_DEFAULTS}). */
  static defaults(): LocalNets {
    return LocalNets.parse(LOCAL_NETS_DEFAULTS);
  }

  /** Whether `address` (text) lies in one of the networks; false for text that is not an address. */
  contains(address: string): boolean {
    const ip = parseIpAddress(address);
    return ip !== undefined && this.containsIp(ip);
  }

  /** Whether a parsed address lies in one of the networks. */
  containsIp(ip: IpAddress): boolean {
    for (const net of this.nets) if (net.version === ip.version && matches(net, ip.bytes)) return true;
    return false;
  }
}

function parseNet(item: string, option: string): Net {
  const slash = item.indexOf('/');
  const addressText = slash < 0 ? item : item.slice(0, slash);
  const ip = parseIpAddress(addressText);
  // "::ffff:10.0.0.0/104" style mapped networks would need prefix arithmetic; nobody writes them.
  if (ip === undefined || (ip.version === 4 && addressText.includes(':'))) {
    throw new UsageError(`${option} "${item}": not an IPv4 or IPv6 network (expected e.g. 10.0.0.0/8 or fd00::/8)`);
  }
  const max = ip.version === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = item.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > max)
      throw new UsageError(`${option} "${item}": prefix length must be 0-${max}`);
    prefix = Number(p);
  }
  const net: Net = { version: ip.version, bytes: ip.bytes, prefix };
  const masked = mask(ip.bytes, prefix);
  if (!masked.every((b, i) => b === ip.bytes[i])) {
    throw new UsageError(
      `${option} "${item}": host bits set (did you mean ${formatIpAddress({ version: ip.version, bytes: masked })}/${prefix}?)`,
    );
  }
  return net;
}

function mask(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i));
    out[i] = (bytes[i] ?? 0) & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

function matches(net: Net, bytes: Uint8Array): boolean {
  const full = net.prefix >> 3;
  for (let i = 0; i < full; i++) if (net.bytes[i] !== bytes[i]) return false;
  const rest = net.prefix & 7;
  if (rest === 0) return true;
  const m = (0xff << (8 - rest)) & 0xff;
  return ((net.bytes[full] ?? 0) & m) === ((bytes[full] ?? 0) & m);
}
