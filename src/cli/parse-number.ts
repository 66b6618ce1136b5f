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

/** A commander argParser for a fraction in [0, 1], with the flag's name in the error. */
export function fraction(flag: string): (value: string) => number {
  return (value) => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) {
      throw new UsageError(`${flag} must be a number from 0 to 1, got "${value}"`);
    }
    return x;
  };
}
