/** A term followed because a discovery source (trending tags/topics) reported it. */
export interface FollowedTerm {
  term: string;
  /** Epoch ms: when following started, when the term was last reported trending, when it lapses. */
  since: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface TrendFollowerOptions {
  /** At most this many terms followed at once (each costs a poll per interval). */
  maxFollowed: number;
  /** A term not reported trending for this long (ms) is dropped. */
  ttlMs: number;
  /** Terms already followed by configuration (never added or dropped here). */
  exclude?: readonly string[];
}

/** What one discovery pass changes. */
export interface FollowChange {
  added: string[];
  removed: string[];
  /** Trending, but the bound was reached. */
  refused: string[];
}

/**
 * Which trending terms to follow: a bounded set where each term lives `ttlMs` after it was last reported
 * trending. Earlier terms in a discovery list win when the bound is reached (trend lists come in trend-score
 * order). Pure: time is passed in.
 */
export class TrendFollower {
  private readonly followed = new Map<string, FollowedTerm>();
  private readonly exclude: Set<string>;

  constructor(private readonly o: TrendFollowerOptions) {
    this.exclude = new Set(o.exclude ?? []);
  }

  /** Records a discovery pass at `now` (epoch ms): refreshes known terms, adds new ones, drops lapsed ones. */
  update(discovered: readonly string[], now: number): FollowChange {
    const removed = this.expire(now);
    const added: string[] = [];
    const refused: string[] = [];
    for (const term of discovered) {
      if (term === '' || this.exclude.has(term)) continue;
      const known = this.followed.get(term);
      if (known !== undefined) {
        known.lastSeenAt = now;
        known.expiresAt = now + this.o.ttlMs;
        continue;
      }
      if (this.followed.size >= this.o.maxFollowed) {
        if (!refused.includes(term)) refused.push(term);
        continue;
      }
      this.followed.set(term, { term, since: now, lastSeenAt: now, expiresAt: now + this.o.ttlMs });
      added.push(term);
    }
    // A term dropped and re-added in the same pass is neither.
    return {
      added: added.filter((t) => !removed.includes(t)),
      removed: removed.filter((t) => !added.includes(t)),
      refused,
    };
  }

  /** Drops terms whose time is up; returns them. */
  expire(now: number): string[] {
    const out: string[] = [];
    for (const [term, f] of this.followed) {
      if (f.expiresAt <= now) {
        this.followed.delete(term);
        out.push(term);
      }
    }
    return out;
  }

  /** Currently followed terms, oldest first. */
  list(): FollowedTerm[] {
    return [...this.followed.values()].map((f) => ({ ...f }));
  }

  get(term: string): FollowedTerm | undefined {
    const f = this.followed.get(term);
    return f === undefined ? undefined : { ...f };
  }
}
