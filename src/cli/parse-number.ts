import { UsageError } from '../errors.js';

/** A commander argParser for a positive integer flag, with the flag's name in the error. */
export function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    if (!/^[0-9]+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`${flag} must be a positive integer, got "${value}"`);
    }
    return Number(value);
  };
}
