import type { WindowsEvent } from './windows-event.js';

type Json = Record<string, unknown>;

/**
 * Reads one Windows event exported by Winlogbeat (ECS JSON, one object per line): `winlog.event_id`
 * (number or string; else `event.code`), `@timestamp`, `winlog.computer_name` (else `host.name`),
 * and `winlog.event_data.*` (Microsoft's field names). Accepts the object as Elasticsearch returns
 * it (`{"_source": {...}}`) and dotted keys as flattening exporters write them
 * (`"winlog.event_data.TargetUserName"`). Returns undefined when the object has no `winlog` part.
 */
export function parseEventJson(value: Json): WindowsEvent | undefined {
  const obj = typeof value['_source'] === 'object' && value['_source'] !== null ? (value['_source'] as Json) : value;
  const winlog = pick(obj, 'winlog');
  const flatData = Object.keys(obj).some((k) => k.startsWith('winlog.'));
  if ((typeof winlog !== 'object' || winlog === null) && !flatData) return undefined;
  const idRaw = pick(obj, 'winlog.event_id') ?? pick(obj, 'event.code');
  const eventId =
    typeof idRaw === 'number' ? idRaw : typeof idRaw === 'string' && /^[0-9]+$/.test(idRaw) ? Number(idRaw) : NaN;
  const time = pick(obj, '@timestamp');
  const computer = pick(obj, 'winlog.computer_name') ?? pick(obj, 'host.name');
  const data = new Map<string, string>();
  const eventData = pick(obj, 'winlog.event_data');
  if (typeof eventData === 'object' && eventData !== null) {
    for (const [k, v] of Object.entries(eventData as Json)) if (v !== null && v !== undefined) data.set(k, String(v));
  }
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith('winlog.event_data.') && v !== null && v !== undefined)
      data.set(k.slice('winlog.event_data.'.length), String(v));
  }
  return {
    eventId: Number.isInteger(eventId) ? eventId : NaN,
    time: typeof time === 'string' ? time : undefined,
    computer: typeof computer === 'string' ? computer : undefined,
    data,
  };
}

/** A value by dotted path: nested objects, or a flat dotted key at any level. */
function pick(obj: Json, path: string): unknown {
  if (path in obj) return obj[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  const head = obj[path.slice(0, dot)];
  return typeof head === 'object' && head !== null ? pick(head as Json, path.slice(dot + 1)) : undefined;
}
