// Assertions on how a run ended: its exit code and its one-line message.
import assert from 'node:assert/strict';
import { CONTRACT } from './contract.js';
import { describeRun, type CliRun } from './peerscope-cli.js';

/** Not killed by the suite's time or memory limit, no signal, no crash exit code. */
export function assertNoCrash(run: CliRun): void {
  assert.ok(!run.timedOut, `hang: ${describeRun(run)}`);
  assert.ok(!run.overMemory, `runaway memory: ${describeRun(run)}`);
  assert.equal(run.signal, null, `killed by a signal: ${describeRun(run)}`);
  assert.ok(!(CONTRACT.crashes as readonly number[]).includes(run.status ?? -1), `crash: ${describeRun(run)}`);
}

/** Ended with this exit code (and neither hung nor crashed). */
export function assertExit(run: CliRun, code: number): void {
  assert.ok(!run.timedOut, `hang: ${describeRun(run)}`);
  assert.ok(!run.overMemory, `runaway memory: ${describeRun(run)}`);
  assert.equal(run.status, code, describeRun(run));
}

/** The run's stderr is exactly one line, `peerscope: …`; returns it without the prefix. */
export function oneLineError(run: CliRun): string {
  const text = run.stderr.replace(/\n$/, '');
  assert.ok(text.length > 0, `an error message on stderr: ${describeRun(run)}`);
  assert.ok(!text.includes('\n'), `one line on stderr, got ${text.split('\n').length}: ${describeRun(run)}`);
  assert.ok(text.startsWith('peerscope: '), `stderr starts with "peerscope: ": ${describeRun(run)}`);
  return text.slice('peerscope: '.length);
}

/** Where an error must point: a file (its name as given or its label) and optionally a line. */
export interface ErrorPlace {
  /** Text the message must contain to name the file, e.g. "flows.txt.gz" or "auth/part.txt". */
  file: string;
  /** A line number, `true` for "some line or at end of file", or undefined for no check. */
  line?: number | true;
}

/** Exit `code` with one line naming the file (and line). Returns the message. */
export function assertErrorAt(run: CliRun, code: number, place: ErrorPlace): string {
  assertExit(run, code);
  const message = oneLineError(run);
  assert.ok(message.includes(place.file), `the message names ${place.file}: ${message}`);
  if (typeof place.line === 'number')
    assert.match(message, new RegExp(`\\bline ${place.line}\\b`), `the message names line ${place.line}`);
  if (place.line === true)
    assert.match(
      message,
      /\bline \d+\b|\bat end of file\b/,
      `the message names a line or "at end of file": ${message}`,
    );
  return message;
}
