/** Seconds in a day: LANL times are seconds, and days (store partitions, warm-up, report axes) are 86,400 of them. */
export const SECONDS_PER_DAY = 86_400;
