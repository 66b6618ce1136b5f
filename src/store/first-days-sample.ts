/**
 * Reads a sample of the first `size` rows in input order from the first of `days` days (or
 * partitions) only, then twice as many, until the sample is full or every day was read: a
 * store's days never decrease in input order (ingest refuses a file that goes back a day), so a
 * full sample from the first k days is the sample over all of them. `read(k)` builds the sample
 * from the first k days (k = days: all of them, with no day filter) and returns its row count,
 * replacing what an earlier call built. Returns how many days the last read took.
 */
export async function firstDaysSample(
  days: number,
  size: number,
  read: (k: number) => Promise<number>,
): Promise<number> {
  for (let k = Math.min(1, days); ; k = Math.min(2 * k, days)) {
    const rows = await read(k);
    if (k >= days || rows >= size) return k;
  }
}
