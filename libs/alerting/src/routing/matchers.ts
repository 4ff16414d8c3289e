import type { Matcher } from '@spreadwatch/contracts';

/** A matcher compiled once: regexes are anchored like Prometheus (`=~"a|b"` must match the whole value). */
export interface CompiledMatcher {
  readonly source: Matcher;
  matches(labels: Readonly<Record<string, string>>): boolean;
}

/** Compiles a matcher; throws a RangeError naming the matcher when its regex is invalid. */
export function compileMatcher(m: Matcher): CompiledMatcher {
  switch (m.op) {
    case '=':
      return { source: m, matches: (labels) => (labels[m.name] ?? '') === m.value };
    case '!=':
      return { source: m, matches: (labels) => (labels[m.name] ?? '') !== m.value };
    case '=~':
    case '!~': {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${m.value})$`);
      } catch {
        throw new RangeError(`matcher ${m.name}${m.op}"${m.value}": invalid regular expression`);
      }
      const negate = m.op === '!~';
      // A missing label matches as the empty string, as in Alertmanager.
      return { source: m, matches: (labels) => re.test(labels[m.name] ?? '') !== negate };
    }
  }
}

/** True when every matcher matches (an empty list matches everything). */
export function matchesAll(
  matchers: readonly CompiledMatcher[],
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const m of matchers) if (!m.matches(labels)) return false;
  return true;
}

/** Formats matchers as `{a="b", c=~"d"}` for keys, logs and mail bodies. */
export function formatMatchers(matchers: readonly Matcher[]): string {
  return `{${matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;
}
