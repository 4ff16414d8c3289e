import type { InhibitRule } from '@spreadwatch/contracts';

import { type CompiledMatcher, compileMatcher, matchesAll } from './matchers';
import type { MuteSubject, Muter } from './silences';

interface CompiledRule {
  source: CompiledMatcher[];
  target: CompiledMatcher[];
  equal: readonly string[];
}

/**
 * Inhibition as in Alertmanager: an alert matching a rule's target matchers is muted while an alert matching
 * its source matchers fires with the same values of the `equal` labels (e.g. a critical alert on a term mutes
 * that term's warning). An alert never inhibits itself.
 */
export class Inhibitor implements Muter {
  private readonly rules: CompiledRule[];
  private readonly firing = new Map<string, Readonly<Record<string, string>>>();

  constructor(rules: readonly InhibitRule[]) {
    this.rules = rules.map((r) => ({
      source: r.sourceMatchers.map(compileMatcher),
      target: r.targetMatchers.map(compileMatcher),
      equal: r.equal,
    }));
  }

  /** Tracks the alerts that can inhibit: call on every change with the alert's routing labels. */
  observe(fingerprint: string, labels: Readonly<Record<string, string>>, firing: boolean): void {
    if (firing) this.firing.set(fingerprint, labels);
    else this.firing.delete(fingerprint);
  }

  mutes(subject: MuteSubject): boolean {
    const labels = subject.labels;
    for (const rule of this.rules) {
      if (!matchesAll(rule.target, labels)) continue;
      for (const [fp, source] of this.firing) {
        if (fp === subject.fingerprint) continue;
        if (!matchesAll(rule.source, source)) continue;
        if (rule.equal.every((name) => (source[name] ?? '') === (labels[name] ?? ''))) return true;
      }
    }
    return false;
  }
}
