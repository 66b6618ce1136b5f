// Runs the built CLI (dist/cli/main.js) as a user would: a child process, looked at only through
// its exit status, stdout, stderr and the files it leaves. Every run has a time limit and,
// where /proc exists, a memory ceiling, so a hang or a runaway allocation fails the case
// instead of the machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLI_MAIN = join(REPO_ROOT, 'dist', 'cli', 'main.js');

/** What a finished run left. */
export interface CliRun {
  args: string[];
  /** Exit code, or null when ended by a signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time (ms). */
  ms: number;
  /** Killed because it ran past timeoutMs. */
  timedOut: boolean;
  /** Killed because its resident memory passed maxRssMiB or its threads maxThreads. */
  overMemory: boolean;
  /** Largest resident memory seen (MiB; 0 where /proc is missing). */
  peakRssMiB: number;
}

export interface CliOptions {
  /** Killed (SIGKILL to its process group) after this long. Default 60 s. */
  timeoutMs?: number;
  /** Killed when its resident memory passes this (MiB). Default 2048. */
  maxRssMiB?: number;
  /** Killed when it runs more threads than this (a run has ~15). Default 100. */
  maxThreads?: number;
  env?: Record<string, string>;
  cwd?: string;
  /** Arguments for node before the script, e.g. --max-old-space-size. */
  nodeArgs?: string[];
  /** Runs the CLI through this program, e.g. ['unshare', '-m', 'sh', '-c', script] (then args are ignored). */
  command?: string[];
}

/** Output kept per stream: enough for any message, bounded when a defect prints megabytes. */
const KEEP_BYTES = 1 << 20;

/** A started run: the child, and a promise of its result. */
export interface StartedRun {
  child: ChildProcess;
  done: Promise<CliRun>;
}

/** Starts `peerscope ARGS` without waiting for it. */
export function startPeerscope(args: string[], options: CliOptions = {}): StartedRun {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxRss = options.maxRssMiB ?? 2048;
  const maxThreads = options.maxThreads ?? 100;
  const [program, ...programArgs] = options.command ?? [
    process.execPath,
    ...(options.nodeArgs ?? []),
    CLI_MAIN,
    ...args,
  ];
  const t0 = performance.now();
  // Its own process group, so a kill reaches anything it started.
  const child = spawn(program!, programArgs, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const collect = (into: Buffer[]) => {
    let kept = 0;
    return (chunk: Buffer) => {
      if (kept < KEEP_BYTES) into.push(chunk.subarray(0, KEEP_BYTES - kept));
      kept += chunk.length;
    };
  };
  child.stdout.on('data', collect(out));
  child.stderr.on('data', collect(err));
  let timedOut = false;
  let overMemory = false;
  let peak = 0;
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, timeoutMs);
  const watch = setInterval(() => {
    const { rss, threads } = usage(child.pid);
    peak = Math.max(peak, rss);
    if (rss > maxRss || threads > maxThreads) {
      overMemory = true;
      kill();
    }
  }, 100);
  const done = new Promise<CliRun>((resolveRun) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolveRun({
        args,
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - t0,
        timedOut,
        overMemory,
        peakRssMiB: peak,
      });
    });
  });
  return { child, done };
}

/** Runs `peerscope ARGS` to the end (or to its time limit). */
export function peerscope(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return startPeerscope(args, options).done;
}

/** One line describing a run, for assertion messages. */
export function describeRun(run: CliRun): string {
  const how = run.timedOut
    ? 'timed out'
    : run.overMemory
      ? `killed at ${run.peakRssMiB} MiB`
      : run.signal
        ? `signal ${run.signal}`
        : `exit ${run.status}`;
  const stderr = run.stderr.length > 400 ? `${run.stderr.slice(0, 400)}…` : run.stderr;
  return `peerscope ${run.args.join(' ')} → ${how} after ${Math.round(run.ms)} ms; stderr: ${JSON.stringify(stderr)}`;
}

/** Resident memory (MiB) and threads of a process, 0 where /proc is missing. */
function usage(pid: number | undefined): { rss: number; threads: number } {
  if (pid === undefined) return { rss: 0, threads: 0 };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const threads = /Threads:\s+(\d+)/.exec(status);
    return { rss: rss ? Math.round(Number(rss[1]) / 1024) : 0, threads: threads ? Number(threads[1]) : 0 };
  } catch {
    return { rss: 0, threads: 0 };
  }
}
