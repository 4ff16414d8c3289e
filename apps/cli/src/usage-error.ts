/** A mistake in how the command was called: exit code 2, with the command's usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Runs node:util parseArgs (or any parsing) and turns its errors into UsageErrors carrying `usage`. */
export function withUsage<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message, usage);
  }
}

export function requireOption(value: string | undefined, name: string, usage: string): string {
  if (value === undefined || value.length === 0)
    throw new UsageError(`--${name} is required`, usage);
  return value;
}

/** Parses a numeric option; `integer` and `min` describe what is accepted. */
export function numberOption(
  value: string | undefined,
  name: string,
  usage: string,
  rules: { integer?: boolean; min?: number; fallback?: number } = {},
): number {
  if (value === undefined) {
    if (rules.fallback !== undefined) return rules.fallback;
    throw new UsageError(`--${name} is required`, usage);
  }
  const parsed = Number(value);
  const integerOk = !rules.integer || Number.isInteger(parsed);
  const minOk = rules.min === undefined || parsed >= rules.min;
  if (value.trim().length === 0 || !Number.isFinite(parsed) || !integerOk || !minOk) {
    const kind = rules.integer ? 'an integer' : 'a number';
    const bound = rules.min === undefined ? '' : ` ≥ ${rules.min}`;
    throw new UsageError(`--${name} must be ${kind}${bound} (got ${JSON.stringify(value)})`, usage);
  }
  return parsed;
}
