/**
 * Slots of a row's `ints` array beyond the LANL fields, filled by the Zeek and Windows adapters
 * (the LANL adapter's rows have only the first 9). Slots 0-8 hold the LANL integer fields at their
 * field index, as for every adapter; the extra slots carry what the LANL layout cannot:
 *
 * - auth `timeMicros`, flows `timeMicros`: the sub-second part of the event time in microseconds
 *   (0-999999); the exact time is `ints[0] + ints[timeMicros] / 1e6` (beaconing needs it; the
 *   time field itself stays whole seconds so intervals are unchanged).
 * - auth `eventId`: the Windows event id (4624, 4625, 4634, 4648).
 * - flows `durationMicros`: the exact duration in microseconds (the duration field is it rounded to
 *   whole seconds).
 * - flows `srcLocal`, `dstLocal`: whether the row's source / destination is a local (monitored)
 *   host: 1 yes, 0 no, -1 unknown. From Zeek's `local_orig`/`local_resp` where set, else from the
 *   local networks the adapter was given.
 * - flows `reverse`: 0 for the originator → responder row of a Zeek connection, 1 for the
 *   responder → originator row (see the Zeek adapter's mapping).
 */
export const ROW_EXTRAS = {
  auth: { timeMicros: 9, eventId: 10 },
  flows: { timeMicros: 9, durationMicros: 10, srcLocal: 11, dstLocal: 12, reverse: 13 },
  /** Length of the `ints` array the Zeek and Windows adapters hand out. */
  slots: 14,
} as const;
