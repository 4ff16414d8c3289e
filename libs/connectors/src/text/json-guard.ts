/** Narrow accessors over untrusted JSON: they never throw and return undefined for the wrong type. */
export type Json = Record<string, unknown>;

export function asObject(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

export function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Ids come as strings, or as integers in old payloads; never go through Number for big ones. */
export function asId(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return undefined;
}

export function asCount(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.floor(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** A timestamp string or epoch number → ISO instant (UTC); undefined if it is not a real time. */
export function toIso(v: unknown): string | undefined {
  let ms: number;
  if (typeof v === 'number') ms = v;
  else if (typeof v === 'string' && v.length > 0) ms = Date.parse(v);
  else return undefined;
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
