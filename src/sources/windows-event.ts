/**
 * A Windows event as the logon mapping needs it, whatever it was read from (Event XML or
 * Winlogbeat JSON): the System part's EventID, TimeCreated SystemTime and Computer, and the
 * EventData fields by their Microsoft names (`TargetUserName`, `LogonType`, …).
 */
export interface WindowsEvent {
  /** NaN when absent or not a number. */
  eventId: number;
  /** TimeCreated SystemTime (XML) or @timestamp (JSON), as written; undefined when absent. */
  time: string | undefined;
  /** The computer that logged the event; undefined when absent. */
  computer: string | undefined;
  /** EventData fields; a field present but empty is ''. */
  data: ReadonlyMap<string, string>;
}
