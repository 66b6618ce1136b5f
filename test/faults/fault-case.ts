// How a fault case is declared: an id (the name in known-defects.ts and in the work order), one
// sentence of what it does and expects, and its body. A listed known defect runs as todo.
import { describe, test, type TestContext } from 'node:test';
import { knownDefect } from './known-defects.js';

export interface FaultCaseOptions {
  /** Per-case time limit (ms). Default 150 s. */
  timeout?: number;
}

/** Registers one case as a node:test test; `{ todo }` when it is a known defect. */
export function faultCase(
  id: string,
  what: string,
  body: (t: TestContext) => Promise<void>,
  options: FaultCaseOptions = {},
): void {
  test(`${id}: ${what}`, { todo: knownDefect(id), timeout: options.timeout ?? 150_000 }, body);
}

/** A group of cases run `concurrency` at a time (each case starts its own CLI processes). */
export function faultGroup(name: string, concurrency: number, cases: () => void): void {
  describe(name, { concurrency }, cases);
}
