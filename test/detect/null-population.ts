import { createRandom } from '../../src/stats/index.js';

/** Options of {@link nullPopulation}. */
export interface NullPopulationOptions {
  hosts?: number;
  intervals?: number;
  groups?: number;
}

/**
 * A seeded population with nothing to find: heterogeneous but stationary hosts over intervals.
 * Peer groups have their own volume level (2^14 … 2^26 bytes); hosts within a group differ by up
 * to 10× (log2 offset ±1.66), have their own day-to-day spread (σ 0.2 … 0.8 log2 units, Student-t
 * with 4 dof, so heavier tails than normal) and their own activity rate (70–100 % of intervals
 * seen). Each host uses its group's two shared services every interval it is seen, and with
 * probability 3 % also a service of its own (new to the group); with probability 2 % a first-time
 * auth edge of a continuous rarity score touches it.
 */
export function nullPopulation(seed: number, options: NullPopulationOptions = {}) {
  const H = options.hosts ?? 600;
  const T = options.intervals ?? 30;
  const G = options.groups ?? 20;
  const random = createRandom(seed, 101);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const chi2 = (k: number) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += normal() ** 2;
    return s;
  };
  const t4 = () => normal() / Math.sqrt(chi2(4) / 4);
  const groupLevel = Float64Array.from({ length: G }, () => 14 + 12 * random());
  const groupOfHost = Int32Array.from({ length: H }, (_, h) => h % G);
  const level = Float64Array.from({ length: H }, (_, h) => groupLevel[groupOfHost[h]!]! + (random() - 0.5) * 3.32);
  const spread = Float64Array.from({ length: H }, () => 0.2 + 0.6 * random());
  const activity = Float64Array.from({ length: H }, () => 0.7 + 0.3 * random());

  const host: number[] = [];
  const interval: number[] = [];
  const upload: number[] = [];
  const download: number[] = [];
  const services = {
    interval: [] as number[],
    host: [] as number[],
    service: [] as number[],
    flows: [] as number[],
    bytes: [] as number[],
  };
  const edges = { src: [] as number[], dst: [] as number[], time: [] as number[], score: [] as number[] };
  let privateService = 1000;
  for (let h = 0; h < H; h++) {
    for (let t = 0; t < T; t++) {
      if (random() >= activity[h]!) continue;
      host.push(h);
      interval.push(t);
      upload.push(Math.round(2 ** (level[h]! + (spread[h]! * t4()) / Math.SQRT2) - 1));
      download.push(Math.round(2 ** (level[h]! + 1 + (spread[h]! * t4()) / Math.SQRT2) - 1));
      for (const shared of [0, 1]) {
        services.interval.push(t);
        services.host.push(h);
        services.service.push(groupOfHost[h]! * 2 + shared);
        services.flows.push(1 + Math.floor(20 * random()));
        services.bytes.push(Math.round(2 ** (10 + 4 * random())));
      }
      if (random() < 0.03) {
        services.interval.push(t);
        services.host.push(h);
        services.service.push(privateService++);
        services.flows.push(1 + Math.floor(5 * random()));
        services.bytes.push(Math.round(2 ** (8 + 3 * normal())));
      }
      if (random() < 0.02) {
        edges.src.push(random() < 0.5 ? h : -1);
        edges.dst.push(edges.src[edges.src.length - 1] === h ? -1 : h);
        edges.time.push(t * 86400 + Math.floor(86400 * random()));
        edges.score.push(1 + 1.5 * -Math.log(1 - random()));
      }
    }
  }
  return {
    hosts: H,
    intervals: T,
    groupOfHost,
    host: Int32Array.from(host),
    interval: Int32Array.from(interval),
    group: Int32Array.from(host, (h) => groupOfHost[h]!),
    upload: Float64Array.from(upload),
    download: Float64Array.from(download),
    services: {
      interval: Int32Array.from(services.interval),
      host: Int32Array.from(services.host),
      service: Int32Array.from(services.service),
      flows: Float64Array.from(services.flows),
      bytes: Float64Array.from(services.bytes),
    },
    edges: {
      src: Int32Array.from(edges.src),
      dst: Int32Array.from(edges.dst),
      time: Float64Array.from(edges.time),
      score: Float64Array.from(edges.score),
    },
  };
}
