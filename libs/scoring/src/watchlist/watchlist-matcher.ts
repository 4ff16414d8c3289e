import type { PostObservation } from '@spreadwatch/contracts';

import type { TermMatcher } from '../velocity-scorer';
import { AhoCorasick } from './aho-corasick';
import { createFoldedText, foldPattern, foldText } from './text-fold';
import type { Watchlist, WatchlistSettings } from './watchlist-types';

/**
 * Finds watched terms in a post's text and hashtags with one Aho–Corasick pass each. Every synonym is folded
 * (see `foldText`) so spacing, punctuation inside words, case, diacritics, compatibility forms and digit/symbol
 * swaps do not hide a term; a hashtag matches the phrase it spells (#leakedvideo ≈ "leaked video"). A match must
 * start where a word starts and end where a word ends, so "mms" does not match inside "comms".
 */
export class WatchlistMatcher implements TermMatcher {
  private readonly automaton: AhoCorasick;
  /** Pattern id → watched term name. */
  private readonly names: string[] = [];
  private readonly settingsByTerm = new Map<string, WatchlistSettings>();
  private readonly folded = createFoldedText();
  private out: string[] = [];
  private n = 0;
  private readonly onMatch = (pattern: number, start: number, end: number): void => {
    const folded = this.folded;
    if (folded.wordStart[start] !== true || folded.wordEnd[end] !== true) return;
    const name = this.names[pattern] as string;
    const out = this.out;
    for (let i = this.from; i < this.n; i++) if (out[i] === name) return;
    out[this.n++] = name;
  };
  private from = 0;
  /** Word-start flags of the fast ASCII path, grown to the longest text seen. */
  private starts = new Uint8Array(256);
  private readonly onAsciiMatch = (pattern: number): void => {
    const name = this.names[pattern] as string;
    const out = this.out;
    for (let i = this.from; i < this.n; i++) if (out[i] === name) return;
    out[this.n++] = name;
  };

  constructor(watchlists: readonly Watchlist[]) {
    const patterns: string[] = [];
    for (const list of watchlists) {
      for (const entry of list.terms) {
        const name = entry.term.trim().toLowerCase();
        if (name.length === 0) continue;
        if (!this.settingsByTerm.has(name)) this.settingsByTerm.set(name, list.settings);
        for (const synonym of [entry.term, ...entry.synonyms]) {
          const pattern = foldPattern(synonym);
          if (pattern.length === 0) continue;
          patterns.push(pattern);
          this.names.push(name);
        }
      }
    }
    this.automaton = new AhoCorasick(patterns);
  }

  /** Automaton states (memory grows with the watchlist, matching time does not). */
  get states(): number {
    return this.automaton.states;
  }

  /** Settings of the watchlist a watched term came from (the first list naming it). */
  settingsFor(term: string): WatchlistSettings | undefined {
    return this.settingsByTerm.get(term);
  }

  /** The watched terms in `text`, deduplicated. */
  match(text: string): string[] {
    const out: string[] = [];
    out.length = this.scanInto(text, out, 0, 0);
    return out;
  }

  matchInto(post: PostObservation, out: string[], n: number): number {
    let count = n;
    const text = post.text;
    if (text !== undefined && text !== null && text.length > 0) {
      count = this.scanInto(text, out, n, count);
    }
    const hashtags = post.hashtags;
    if (hashtags !== undefined && hashtags !== null) {
      for (const tag of hashtags) count = this.scanInto(tag, out, n, count);
    }
    return count;
  }

  private scanInto(text: string, out: string[], from: number, n: number): number {
    this.out = out;
    this.from = from;
    this.n = n;
    // Fast path: ASCII text is folded and scanned in one pass; anything else (or a non-ASCII character right
    // after a match) goes through the full Unicode fold, after dropping what the fast path found.
    if (this.starts.length < text.length) this.starts = new Uint8Array(text.length * 2);
    if (this.automaton.scanAscii(text, this.starts, this.onAsciiMatch)) return this.n;
    this.n = n;
    this.automaton.scan(foldText(text, this.folded), this.onMatch);
    return this.n;
  }
}
