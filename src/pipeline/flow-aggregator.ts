import { InputError } from '../errors.js';
import { ByteInterner } from '../sources/byte-interner.js';
import { KeyTable, type KeyTableState } from './key-table.js';
import { mergeSamples } from './merge-samples.js';
import { sameBytes } from './same-bytes.js';
import { SpillTable, type SpilledPart, type SpillOptions } from './spill-table.js';
import { StartedFlowsFile } from './started-flows-file.js';

const N = 78;
const TIME = 0,
  DURATION = 1,
  SRC_HOST = 2,
  SRC_PORT = 3,
  DST_HOST = 4,
  DST_PORT = 5,
  PACKETS = 7,
  BYTES = 8,
  FIELDS = 9;

/**
 * Series accumulator columns. The last four are the self-baseline view's flow sizes, summed only
 * with `detectionFlows`: Σ log2(1 + bytes) and the flows, of the flows the host sent (a flow from
 * a host to itself counts both ways, unlike `flows`) and received.
 */
export const SERIES = {
  upBytes: 0,
  downBytes: 1,
  upPackets: 2,
  downPackets: 3,
  flows: 4,
  duration: 5,
  upLogSize: 6,
  upSized: 7,
  downLogSize: 8,
  downSized: 9,
} as const;
const WIDTH = 10;
const UPLOAD = 0,
  DOWNLOAD = 1;
/** Service updates held back and applied together (KeyTable.prefetch), as AuthAggregator's edges. */
const SERVICE_BATCH = 128;

/** Options for {@link FlowAggregator}. */
export interface FlowAggregatorOptions {
  /** Interval length in seconds. */
  interval: number;
  /** Sample rows (raw flows, and flows touching a human host) kept for the report. */
  sampleSize: number;
  /** Tally the services on the other end (detection reads them; the seed series does not). Default true. */
  services?: boolean;
  /** Spill the services to files beyond a number of groups (default: never; held in memory). */
  spill?: SpillOptions;
  /**
   * Folder for the file of flows human hosts start (StartedFlowsFile) and sum the flow sizes into
   * the series (SERIES.upLogSize…): what detection's beacon and self-baseline views read, so it
   * does not read the raw flows again. Default: neither.
   */
  detectionFlows?: string;
}

/** A {@link FlowAggregator}'s state as plain data. */
export interface FlowAggregatorState {
  hosts: string[];
  ports: string[];
  series: KeyTableState;
  services: KeyTableState;
  /** Service groups spilled to files, in this aggregator's ids. */
  serviceFiles: string[];
  /** Files of the flows human hosts started (StartedFlowsFile; names, not ids). */
  startedFiles: string[];
  samples: string[];
  sampleBlocks: number[];
  enriched: EnrichedSample[];
  enrichedBlocks: number[];
  firstTime: number;
  lastTime: number;
}

/** A flow touching a human host, as the original's "filled" table showed it. */
export interface EnrichedSample {
  line: string;
  direction: 'upload' | 'download';
  host: string;
  serviceHost: string;
  servicePort: string;
}

/**
 * One pass over flows once the human hosts are known. A human source gets the flow as upload,
 * a human destination as download (a flow between two humans counts for both); per interval and
 * host it sums bytes and packets each way, counts the flow records touching the host (a flow
 * from a host to itself once) and their durations, and tallies the services on the other end.
 */
export class FlowAggregator {
  /** (interval index, host) → SERIES columns. */
  readonly series = new KeyTable(2, WIDTH);
  /** (interval index, human host, peer host, port id * 2 + direction) → flows, bytes. Updates still held back go in first. */
  get services(): KeyTable {
    this.applyServices();
    return this.serviceTable;
  }
  private readonly serviceTable = new KeyTable(4, 2);
  /** The service updates not in serviceTable yet, in row order: their keys and bytes. */
  private readonly heldKeys = new Int32Array(SERVICE_BATCH * 4);
  private readonly heldBytes = new Float64Array(SERVICE_BATCH);
  private held = 0;
  readonly ports = new ByteInterner();
  /** Spill files of other aggregators absorbed (a worker's), with their id maps. */
  private readonly absorbedSpills: SpilledPart[] = [];
  private readonly serviceSpill: SpillTable;
  private readonly started: StartedFlowsFile | undefined;
  private readonly absorbedStarted: string[] = [];
  samples: string[] = [];
  enriched: EnrichedSample[] = [];
  /** The block each sample / enriched sample came from, for merging workers' samples in file order. */
  sampleBlocks: number[] = [];
  enrichedBlocks: number[] = [];
  /** The block being scanned (set by a parallel worker). */
  block = 0;
  firstTime = Infinity;
  lastTime = -Infinity;
  private readonly interval: number;
  private readonly sampleSize: number;
  private readonly withServices: boolean;
  private readonly ephemeral: number;

  constructor(
    private readonly hosts: ByteInterner,
    private readonly isHuman: Uint8Array,
    options: FlowAggregatorOptions,
  ) {
    this.interval = options.interval;
    this.sampleSize = options.sampleSize;
    this.withServices = options.services ?? true;
    this.ephemeral = this.ports.internString('N');
    this.serviceSpill = new SpillTable(this.serviceTable, 'flow-services', options.spill);
    this.started = options.detectionFlows === undefined ? undefined : new StartedFlowsFile(options.detectionFlows);
  }

  /** Whether the flow sizes and the started flows are collected (the `detectionFlows` option). */
  get collectsDetectionFlows(): boolean {
    return this.started !== undefined;
  }

  /** Aggregates one valid flow row (a RowHandler: `starts` holds the 10 field starts, `ints` the integer fields). */
  readonly onRow = (buf: Buffer, starts: Int32Array, ints: Float64Array, lineNumber: number, label = ''): void => {
    const time = ints[TIME]!;
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;
    if (this.samples.length < this.sampleSize) {
      this.samples.push(buf.toString('utf8', starts[0], starts[FIELDS]! - 1));
      this.sampleBlocks.push(this.block);
    }
    const ss = starts[SRC_HOST]!;
    const se = starts[SRC_HOST + 1]! - 1;
    const ds = starts[DST_HOST]!;
    const de = starts[DST_HOST + 1]! - 1;
    const src = this.hosts.intern(buf, ss, se);
    const dst = src >= 0 && sameBytes(buf, ss, se, buf, ds, de) ? src : this.hosts.intern(buf, ds, de);
    const human = this.isHuman;
    const srcHuman = human[src] === 1;
    const dstHuman = human[dst] === 1;
    if (!srcHuman && !dstHuman) return;

    const iv = Math.floor(time / this.interval);
    if (iv > 0x7fffffff || iv < -0x7fffffff)
      throw new InputError(`time ${time} is out of range for interval ${this.interval}`, {
        file: label,
        line: lineNumber,
      });
    const bytes = ints[BYTES]!;
    const packets = ints[PACKETS]!;
    const duration = ints[DURATION]!;
    const series = this.series;
    if (srcHuman) {
      const o = series.slotOf(iv, src) * WIDTH;
      const v = series.values;
      v[o + SERIES.upBytes]! += bytes;
      v[o + SERIES.upPackets]! += packets;
      v[o + SERIES.flows]! += 1;
      v[o + SERIES.duration]! += duration;
      if (this.withServices) {
        this.service(iv, src, dst, buf, starts[DST_PORT]!, starts[DST_PORT + 1]! - 1, UPLOAD, bytes);
      }
      if (this.started !== undefined) {
        v[o + SERIES.upLogSize]! += Math.log2(1 + Math.max(0, bytes));
        v[o + SERIES.upSized]! += 1;
        this.started.add(
          buf,
          ss,
          se,
          ds,
          de,
          starts[DST_PORT]!,
          starts[DST_PORT + 1]! - 1,
          starts[TIME]!,
          starts[TIME + 1]! - 1,
          starts[BYTES]!,
          starts[BYTES + 1]! - 1,
        );
      }
    }
    if (dstHuman) {
      const o = series.slotOf(iv, dst) * WIDTH;
      const v = series.values;
      v[o + SERIES.downBytes]! += bytes;
      v[o + SERIES.downPackets]! += packets;
      if (dst !== src) {
        v[o + SERIES.flows]! += 1;
        v[o + SERIES.duration]! += duration;
      }
      if (this.withServices) {
        this.service(iv, dst, src, buf, starts[SRC_PORT]!, starts[SRC_PORT + 1]! - 1, DOWNLOAD, bytes);
      }
      if (this.started !== undefined) {
        v[o + SERIES.downLogSize]! += Math.log2(1 + Math.max(0, bytes));
        v[o + SERIES.downSized]! += 1;
      }
    }
    if (this.enriched.length < this.sampleSize) {
      const text = (start: number, end: number) => buf.toString('utf8', start, end);
      const line = text(starts[0]!, starts[FIELDS]! - 1);
      const srcName = text(ss, se);
      const dstName = text(ds, de);
      const srcPort = text(starts[SRC_PORT]!, starts[SRC_PORT + 1]! - 1);
      const dstPort = text(starts[DST_PORT]!, starts[DST_PORT + 1]! - 1);
      if (srcHuman)
        this.enriched.push({ line, direction: 'upload', host: srcName, serviceHost: dstName, servicePort: dstPort });
      if (dstHuman && this.enriched.length < this.sampleSize)
        this.enriched.push({ line, direction: 'download', host: dstName, serviceHost: srcName, servicePort: srcPort });
      while (this.enrichedBlocks.length < this.enriched.length) this.enrichedBlocks.push(this.block);
    }
  };

  /** The services' spill files (this aggregator's and those absorbed); the groups in memory are the rest. */
  spilledServices(): SpilledPart[] {
    this.applyServices();
    return [
      ...this.absorbedSpills,
      { files: this.serviceSpill.files, remaps: [undefined, undefined, undefined, undefined] },
    ];
  }

  /** The files of the flows human hosts started (this aggregator's, closed, and those absorbed). */
  startedFiles(): string[] {
    const own = this.started?.close();
    return own === undefined ? [...this.absorbedStarted] : [...this.absorbedStarted, own];
  }

  /** The largest accumulated sum; beyond 2^53 the float64 sums would no longer be exact. */
  maxSum(): number {
    let max = 0;
    for (const x of this.series.values.subarray(0, this.series.size * WIDTH)) if (x > max) max = x;
    for (const x of this.services.values.subarray(0, this.services.size * 2)) if (x > max) max = x;
    return max;
  }

  /** Everything aggregated so far, as plain data (names instead of this thread's ids). */
  state(): FlowAggregatorState {
    return {
      hosts: this.hosts.names(),
      ports: this.ports.names(),
      series: this.series.state(),
      services: this.services.state(),
      serviceFiles: this.serviceSpill.files,
      startedFiles: this.startedFiles(),
      samples: this.samples,
      sampleBlocks: this.sampleBlocks,
      enriched: this.enriched,
      enrichedBlocks: this.enrichedBlocks,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
    };
  }

  /** Folds another aggregator's state (e.g. a worker's) into this one. */
  absorb(other: FlowAggregatorState): void {
    const hosts = this.hosts.internAll(other.hosts);
    const ports = this.ports.internAll(other.ports);
    // The services table keys a port and a direction as port id * 2 + direction.
    const portDir = new Int32Array(ports.length * 2);
    ports.forEach((port, i) => {
      portDir[2 * i] = port * 2;
      portDir[2 * i + 1] = port * 2 + 1;
    });
    this.series.absorb(other.series, [undefined, hosts]);
    this.services.absorb(other.services, [undefined, hosts, hosts, portDir]);
    if (other.serviceFiles.length > 0)
      this.absorbedSpills.push({ files: other.serviceFiles, remaps: [undefined, hosts, hosts, portDir] });
    this.absorbedStarted.push(...other.startedFiles);
    this.serviceSpill.check();
    [this.samples, this.sampleBlocks] = mergeSamples(
      this.samples,
      this.sampleBlocks,
      other.samples,
      other.sampleBlocks,
      this.sampleSize,
    );
    [this.enriched, this.enrichedBlocks] = mergeSamples(
      this.enriched,
      this.enrichedBlocks,
      other.enriched,
      other.enrichedBlocks,
      this.sampleSize,
    );
    this.firstTime = Math.min(this.firstTime, other.firstTime);
    this.lastTime = Math.max(this.lastTime, other.lastTime);
  }

  private service(
    iv: number,
    host: number,
    peer: number,
    buf: Buffer,
    ps: number,
    pe: number,
    direction: number,
    bytes: number,
  ): void {
    const port = pe > ps && buf[ps] === N ? this.ephemeral : this.ports.intern(buf, ps, pe);
    // The port's id is taken here, in row order, so ids do not depend on the batching.
    const i = this.held++;
    const k = this.heldKeys;
    k[4 * i] = iv;
    k[4 * i + 1] = host;
    k[4 * i + 2] = peer;
    k[4 * i + 3] = port * 2 + direction;
    this.heldBytes[i] = bytes;
    if (this.held === SERVICE_BATCH) this.applyServices();
  }

  /** Adds the held-back service updates to the table, in row order, spilling where the row-by-row updates would. */
  private applyServices(): void {
    const n = this.held;
    if (n === 0) return;
    this.held = 0;
    const table = this.serviceTable;
    const k = this.heldKeys;
    table.prefetch(k, n);
    for (let i = 0; i < n; i++) {
      const o = table.slotOf(k[4 * i]!, k[4 * i + 1], k[4 * i + 2], k[4 * i + 3]) * 2;
      const v = table.values;
      v[o]! += 1;
      v[o + 1]! += this.heldBytes[i]!;
      this.serviceSpill.check();
    }
  }
}
