import type { WindowsEvent } from './windows-event.js';

const EVENT_ID = /<EventID(?:\s[^>]*)?>\s*([^<]*?)\s*<\/EventID>/;
const TIME_CREATED = /<TimeCreated\s[^>]*?SystemTime\s*=\s*(["'])(.*?)\1/;
const COMPUTER = /<Computer\s*(?:\/>|>([^<]*)<\/Computer>)/;
const DATA = /<Data\s+Name\s*=\s*(["'])(.*?)\1\s*(?:\/>|>([^<]*)<\/Data>)/g;
const EVENT_DATA = /<EventData\b[\s\S]*?(?:<\/EventData>|<EventData\s*\/>)/;

/**
 * Reads one `<Event>…</Event>` record of Windows Event XML (the schema of
 * http://schemas.microsoft.com/win/2004/08/events/event, as `wevtutil qe /f:xml`, Event Viewer and
 * EVTX dump tools write it; attributes in single or double quotes; RenderingInfo ignored). Not a
 * general XML parser: it takes the few elements the schema defines, and decodes XML entities in
 * their text.
 */
export function parseEventXml(xml: string): WindowsEvent {
  const id = EVENT_ID.exec(xml)?.[1];
  const time = TIME_CREATED.exec(xml)?.[2];
  const computer = COMPUTER.exec(xml);
  const data = new Map<string, string>();
  const eventData = EVENT_DATA.exec(xml)?.[0] ?? '';
  for (const m of eventData.matchAll(DATA)) data.set(decodeXml(m[2] ?? ''), decodeXml(m[3] ?? ''));
  return {
    eventId: id !== undefined && /^[0-9]+$/.test(id) ? Number(id) : NaN,
    time: time === undefined ? undefined : decodeXml(time),
    computer: computer === null ? undefined : decodeXml(computer[1] ?? ''),
    data,
  };
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and numeric character references. */
function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(parseInt(ref.slice(2), 16)) ?? whole;
    if (ref.startsWith('#')) return safeCodePoint(parseInt(ref.slice(1), 10)) ?? whole;
    return ENTITIES[ref] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}
