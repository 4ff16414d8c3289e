import type { Matcher } from '@spreadwatch/contracts';

import { type CompiledMatcher, compileMatcher, matchesAll } from './matchers';

/** A silence as the core sees it; times are ms since epoch. */
export interface SilenceSpec {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  /** Null: open-ended, only meaningful with `expireWhenResolved`. */
  endsAt: number | null;
  createdBy: string;
  comment: string;
  expireWhenResolved: boolean;
  /** Set once the silence has expired (early or on time). */
  expiredAt?: number | null;
}

export type SilenceExpiryReason = 'ended' | 'resolved' | 'expired-by-user';

/** A silence that stopped muting, with why: the API notifies subscribers of each one. */
export interface SilenceExpiry {
  silence: SilenceSpec;
  reason: SilenceExpiryReason;
  at: number;
}

/** The part of an alert muters look at: its identity and routing labels. */
export interface MuteSubject {
  fingerprint: string;
  labels: Readonly<Record<string, string>>;
}

/** Something that decides whether an alert is muted now (Alertmanager's `Muter`). */
export interface Muter {
  mutes(subject: MuteSubject, now: number): boolean;
}

interface Entry {
  spec: SilenceSpec;
  matchers: CompiledMatcher[];
  /** Whether the silence has muted an alert that was firing at the time (needed before "when resolved" applies). */
  hasMuted: boolean;
}

/**
 * Silences with matchers and expiry, plus the two behaviours Alertmanager users asked for: a silence that
 * expires when the alerts it mutes resolve (#1057), and an explicit expiry event so people can be told (#730).
 */
export class SilenceSet implements Muter {
  private readonly entries = new Map<string, Entry>();

  /** Adds or replaces a silence; throws a RangeError on an invalid regex matcher. */
  upsert(spec: SilenceSpec): void {
    this.entries.set(spec.id, {
      spec: { ...spec },
      matchers: spec.matchers.map(compileMatcher),
      hasMuted: this.entries.get(spec.id)?.hasMuted ?? false,
    });
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  get(id: string): SilenceSpec | undefined {
    return this.entries.get(id)?.spec;
  }

  /** Active silences (started, not ended, not expired) that match these labels. */
  matching(labels: Readonly<Record<string, string>>, now: number): SilenceSpec[] {
    const out: SilenceSpec[] = [];
    for (const e of this.entries.values()) {
      if (isActive(e.spec, now) && matchesAll(e.matchers, labels)) out.push(e.spec);
    }
    return out;
  }

  mutes(subject: MuteSubject, now: number): boolean {
    let muted = false;
    for (const e of this.entries.values()) {
      if (!isActive(e.spec, now) || !matchesAll(e.matchers, subject.labels)) continue;
      muted = true;
      e.hasMuted = true;
    }
    return muted;
  }

  /** Marks silences whose end has passed as expired and returns them, once each. */
  expireDue(now: number): SilenceExpiry[] {
    const out: SilenceExpiry[] = [];
    for (const e of this.entries.values()) {
      const s = e.spec;
      if (s.expiredAt != null || s.endsAt === null || s.endsAt > now) continue;
      s.expiredAt = s.endsAt;
      out.push({ silence: s, reason: 'ended', at: s.endsAt });
    }
    return out;
  }

  /** Ends a silence now (a user's "expire"); returns the expiry, or null if it was not active. */
  expire(id: string, now: number): SilenceExpiry | null {
    const e = this.entries.get(id);
    if (e === undefined || e.spec.expiredAt != null) return null;
    e.spec.expiredAt = now;
    return { silence: e.spec, reason: 'expired-by-user', at: now };
  }

  /**
   * Called when an alert resolves, with the labels of every alert still firing: each active
   * "expire when resolved" silence that matches the resolved alert and no firing one expires now.
   */
  onResolved(
    resolved: Readonly<Record<string, string>>,
    stillFiring: readonly Readonly<Record<string, string>>[],
    now: number,
  ): SilenceExpiry[] {
    const out: SilenceExpiry[] = [];
    for (const e of this.entries.values()) {
      const s = e.spec;
      if (!s.expireWhenResolved || !isActive(s, now) || !matchesAll(e.matchers, resolved)) continue;
      if (stillFiring.some((labels) => matchesAll(e.matchers, labels))) continue;
      s.expiredAt = now;
      out.push({ silence: s, reason: 'resolved', at: now });
    }
    return out;
  }

  /** Silences not yet expired, for listing. */
  live(): SilenceSpec[] {
    return [...this.entries.values()].filter((e) => e.spec.expiredAt == null).map((e) => e.spec);
  }
}

/** Active: started, not past its end, not expired early. */
export function isActive(s: SilenceSpec, now: number): boolean {
  return s.expiredAt == null && s.startsAt <= now && (s.endsAt === null || now < s.endsAt);
}

export function silenceState(s: SilenceSpec, now: number): 'pending' | 'active' | 'expired' {
  if (s.expiredAt != null || (s.endsAt !== null && s.endsAt <= now)) return 'expired';
  return s.startsAt > now ? 'pending' : 'active';
}
