import { humanRowMatcher, type HumanRowMatcher, type HumanRule } from '../sources/human-rule.js';
import { ByteInterner } from '../sources/byte-interner.js';
import { KeyTable, type KeyTableState } from './key-table.js';
import { mergeSamples } from './merge-samples.js';
import { sameBytes } from './same-bytes.js';
import { SpillTable, type SpilledPart, type SpillOptions } from './spill-table.js';

const FAIL = Buffer.from('Fail');

/** Field indices of an auth row, and its number of fields. */
const TIME = 0,
  SRC_USER = 1,
  SRC_HOST = 3,
  DST_HOST = 4,
  OUTCOME = 8,
  FIELDS = 9;

/** Options for {@link AuthAggregator}. */
export interface AuthAggregatorOptions {
  /** Which rows mark their source computer as human-operated. */
  humanRule: HumanRule;
  /** Sample rows of human-qualifying auth kept for the report. */
  sampleSize: number;
  /** Aggregate the (user, src, dst) edges detection reads; the seed analysis does not need them. Default true. */
  edges?: boolean;
  /** Spill the edges to files beyond a number of groups (default: never; held in memory). */
  spill?: SpillOptions;
}

export const AUTH_AGGREGATOR_DEFAULTS = { edges: true } as const;

/**
 * Edge updates held back and applied together (KeyTable.prefetch). 128 rows: about as fast as
 * 64 or 256 on a 5 M row bench set, and small enough that what one batch reads stays in cache.
 */
const EDGE_BATCH = 128;

/**
 * One pass over auth rows: finds human-operated computers (by the human rule; the original's:
 * source of a logon of a human type by a source user containing "DOM" and no "$") and aggregates
 * the host-to-host authentication edges the peer-group and lateral-movement stages need.
 */
export class AuthAggregator {
  /** (host, user) → qualifying logons. */
  readonly humanPairs = new KeyTable(2, 1);
  /** (user, src host, dst host) → events, failures, first time, last time. Rows still held back go in first. */
  get edges(): KeyTable {
    this.applyEdges();
    return this.edgeTable;
  }
  private readonly edgeTable = new KeyTable(3, 4, [0, 0, Infinity, -Infinity]);
  /** The edge rows not in edgeTable yet, in row order: their keys, time and whether they failed. */
  private readonly heldKeys = new Int32Array(EDGE_BATCH * 3);
  private readonly heldTimes = new Float64Array(EDGE_BATCH);
  private readonly heldFails = new Uint8Array(EDGE_BATCH);
  private held = 0;
  /** Spill files of other aggregators absorbed (a worker's), with their id maps. */
  private readonly absorbedSpills: SpilledPart[] = [];
  private readonly edgeSpill: SpillTable;
  samples: string[] = [];
  /** The block each sample came from, for merging workers' samples in file order. */
  sampleBlocks: number[] = [];
  /** The block being scanned (set by a parallel worker). */
  block = 0;
  firstTime = Infinity;
  lastTime = -Infinity;
  private readonly isHuman: HumanRowMatcher;
  /** Rows of each of the rule's logon types, absorbed from other aggregators. */
  private readonly typeRows: number[];
  private readonly sampleSize: number;
  private readonly withEdges: boolean;

  constructor(
    private readonly hosts: ByteInterner,
    private readonly users: ByteInterner,
    options: AuthAggregatorOptions,
  ) {
    this.isHuman = humanRowMatcher(options.humanRule);
    this.typeRows = options.humanRule.logonTypes.map(() => 0);
    this.sampleSize = options.sampleSize;
    this.withEdges = options.edges ?? AUTH_AGGREGATOR_DEFAULTS.edges;
    this.edgeSpill = new SpillTable(this.edgeTable, 'auth-edges', options.spill);
  }

  /** Aggregates one valid auth row (a RowHandler: `starts` holds the 10 field starts, `ints` the time). */
  readonly onRow = (buf: Buffer, starts: Int32Array, ints: Float64Array): void => {
    const time = ints[TIME]!;
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;
    const us = starts[SRC_USER]!;
    const ue = starts[SRC_USER + 1]! - 1;
    const ss = starts[SRC_HOST]!;
    const se = starts[SRC_HOST + 1]! - 1;
    const ds = starts[DST_HOST]!;
    const de = starts[DST_HOST + 1]! - 1;

    if (this.isHuman(buf, starts)) {
      const host = this.hosts.intern(buf, ss, se);
      const user = this.users.intern(buf, us, ue);
      // slotOf may grow the table and replace its values array: take the slot first.
      const slot = this.humanPairs.slotOf(host, user);
      this.humanPairs.values[slot]! += 1;
      if (this.samples.length < this.sampleSize) {
        this.samples.push(buf.toString('utf8', starts[0], starts[FIELDS]! - 1));
        this.sampleBlocks.push(this.block);
      }
    }

    if (this.withEdges && !sameBytes(buf, ss, se, buf, ds, de)) {
      const src = this.hosts.intern(buf, ss, se);
      const dst = this.hosts.intern(buf, ds, de);
      const user = this.users.intern(buf, us, ue);
      // Ids are taken here, in row order, so they do not depend on the batching.
      const i = this.held++;
      const k = this.heldKeys;
      k[3 * i] = user;
      k[3 * i + 1] = src;
      k[3 * i + 2] = dst;
      this.heldTimes[i] = time;
      this.heldFails[i] = sameBytes(buf, starts[OUTCOME]!, starts[OUTCOME + 1]! - 1, FAIL, 0, FAIL.length) ? 1 : 0;
      if (this.held === EDGE_BATCH) this.applyEdges();
    }
  };

  /** Adds the held-back edge rows to the table, in row order, spilling where the row-by-row updates would. */
  private applyEdges(): void {
    const n = this.held;
    if (n === 0) return;
    this.held = 0;
    const table = this.edgeTable;
    const k = this.heldKeys;
    table.prefetch(k, n);
    for (let i = 0; i < n; i++) {
      const o = table.slotOf(k[3 * i]!, k[3 * i + 1], k[3 * i + 2]) * 4;
      const v = table.values;
      const time = this.heldTimes[i]!;
      v[o]! += 1;
      v[o + 1]! += this.heldFails[i]!;
      if (time < v[o + 2]!) v[o + 2] = time;
      if (time > v[o + 3]!) v[o + 3] = time;
      this.edgeSpill.check();
    }
  }

  /** Everything aggregated so far, as plain data (names instead of this thread's ids). */
  state(): AuthAggregatorState {
    return {
      hosts: this.hosts.names(),
      users: this.users.names(),
      humanPairs: this.humanPairs.state(),
      edges: this.edges.state(),
      edgeFiles: this.edgeSpill.files,
      samples: this.samples,
      sampleBlocks: this.sampleBlocks,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      typeRows: this.logonTypeRows(),
    };
  }

  /** Rows seen of each of the human rule's logon types (in its order), whatever their user. */
  logonTypeRows(): number[] {
    return this.typeRows.map((n, i) => n + this.isHuman.typeRows[i]!);
  }

  /** Folds another aggregator's state (e.g. a worker's) into this one. */
  absorb(other: AuthAggregatorState): void {
    const hosts = this.hosts.internAll(other.hosts);
    const users = this.users.internAll(other.users);
    this.humanPairs.absorb(other.humanPairs, [hosts, users]);
    this.edges.absorb(other.edges, [users, hosts, hosts], ['sum', 'sum', 'min', 'max']);
    if (other.edgeFiles.length > 0) this.absorbedSpills.push({ files: other.edgeFiles, remaps: [users, hosts, hosts] });
    this.edgeSpill.check();
    [this.samples, this.sampleBlocks] = mergeSamples(
      this.samples,
      this.sampleBlocks,
      other.samples,
      other.sampleBlocks,
      this.sampleSize,
    );
    other.typeRows.forEach((n, i) => (this.typeRows[i]! += n));
    this.firstTime = Math.min(this.firstTime, other.firstTime);
    this.lastTime = Math.max(this.lastTime, other.lastTime);
  }

  /** The edges' spill files (this aggregator's and those absorbed); the groups in memory are the rest. */
  spilledEdges(): SpilledPart[] {
    this.applyEdges();
    return [...this.absorbedSpills, { files: this.edgeSpill.files, remaps: [undefined, undefined, undefined] }];
  }

  /** The host ids (of the shared host interner) of the human hosts, each once, in the order first seen. */
  humanHostIds(): number[] {
    const ids = new Set<number>();
    for (let s = 0; s < this.humanPairs.size; s++) ids.add(this.humanPairs.key(s, 0));
    return [...ids];
  }
}

/** An {@link AuthAggregator}'s state as plain data. */
export interface AuthAggregatorState {
  hosts: string[];
  users: string[];
  humanPairs: KeyTableState;
  edges: KeyTableState;
  /** Edge groups spilled to files, in this aggregator's ids. */
  edgeFiles: string[];
  samples: string[];
  sampleBlocks: number[];
  firstTime: number;
  lastTime: number;
  typeRows: number[];
}
