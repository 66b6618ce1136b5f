import { ByteInterner } from './byte-interner.js';
import { HostMap } from './host-map.js';
import { parseIpAddress } from './ip-address.js';
import type { LocalNets } from './local-nets.js';

/** Distinct addresses remembered before the book starts over (bounds memory on scan-heavy logs). */
export const ADDRESS_BOOK_DEFAULTS = { capacity: 1 << 20 } as const;

/**
 * What the Zeek adapter knows about each address it meets, computed once per distinct address:
 * the host it stands for (the host map's, else the address itself) and whether it lies in the
 * local networks (1, 0; -1 when no networks were given). Lookups by byte range make no string.
 */
export class AddressBook {
  private ids = new ByteInterner();
  private hosts: Buffer[] = [];
  private local: number[] = [];

  constructor(
    private readonly map: HostMap,
    private readonly nets: LocalNets | undefined,
  ) {}

  /** Call before a record's lookups: ids stay valid until the next call. */
  beginRecord(): void {
    if (this.ids.size >= ADDRESS_BOOK_DEFAULTS.capacity) this.clear();
  }

  /** The id of the address buf[start, end). */
  idOf(buf: Uint8Array, start: number, end: number): number {
    const before = this.ids.size;
    const id = this.ids.intern(buf, start, end);
    if (id === before) this.learn(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
    return id;
  }

  /** The id of an address given as a string. */
  idOfString(address: string): number {
    const bytes = Buffer.from(address, 'utf8');
    return this.idOf(bytes, 0, bytes.length);
  }

  /** The host bytes of an id. */
  host(id: number): Buffer {
    return this.hosts[id]!;
  }

  /** 1 local, 0 not, -1 unknown. */
  isLocal(id: number): number {
    return this.local[id]!;
  }

  private learn(address: string): void {
    const host = this.map.size > 0 ? (this.map.get(address) ?? address) : address;
    this.hosts.push(Buffer.from(host, 'utf8'));
    if (this.nets === undefined) {
      this.local.push(-1);
    } else {
      const ip = parseIpAddress(address);
      this.local.push(ip === undefined ? -1 : this.nets.containsIp(ip) ? 1 : 0);
    }
  }

  private clear(): void {
    this.ids = new ByteInterner();
    this.hosts = [];
    this.local = [];
  }
}
