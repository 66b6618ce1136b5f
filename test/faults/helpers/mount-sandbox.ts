// A private mount namespace (`unshare -m`) for the environment faults: a read-only bind mount or a
// small tmpfs that exists only for the commands run inside it, so nothing is left mounted on the
// machine if a test dies. Needs root (CI runs as root); where it is missing the cases say why
// and skip.
import { spawnSync } from 'node:child_process';
import { CLI_MAIN } from './peerscope-cli.js';

let available: string | undefined | null = null;

/** Undefined when mount namespaces work here, else the reason they do not. */
export function mountSandboxUnavailable(): string | undefined {
  if (available !== null) return available;
  if (process.platform !== 'linux') return (available = 'mount namespaces need Linux');
  if (process.getuid?.() !== 0) return (available = 'mounting a read-only or full file system needs root');
  const probe = spawnSync(
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs /tmp',
    ],
    { encoding: 'utf8' },
  );
  return (available =
    probe.status === 0
      ? undefined
      : `unshare -m with a tmpfs mount failed here: ${probe.error?.message ?? probe.stderr.trim()}`);
}

/** A shell word holding `s` literally. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command that runs a shell script in a private mount namespace, with `$1`… = args; the
 * script calls the CLI as `peerscope …` (a shell function), or as `"$PEERSCOPE_NODE" "$PEERSCOPE_MAIN" …`
 * where a program is needed (after `timeout`).
 */
export function inMountNamespace(script: string, args: readonly string[] = []): string[] {
  const cli = `PEERSCOPE_NODE=${shellQuote(process.execPath)}\nPEERSCOPE_MAIN=${shellQuote(CLI_MAIN)}\npeerscope() { "$PEERSCOPE_NODE" "$PEERSCOPE_MAIN" "$@"; }`;
  return ['unshare', '-m', '--propagation', 'private', 'sh', '-c', `${cli}\n${script}`, 'sh', ...args];
}
