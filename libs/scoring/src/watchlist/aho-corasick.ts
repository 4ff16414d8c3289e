import type { FoldedText } from './text-fold';
import { ASCII_FOLD } from './text-fold';

// Dense transitions for folded ASCII letters and digits; other code points go through a per-node map.
const DENSE = 36;

function denseIndex(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return 26 + code - 48;
  return -1;
}

// Raw ASCII char code → dense index of its folded letter, or −1 for a separator: folding and the transition
// lookup in one table read on the fast path.
const ASCII_DENSE = new Int8Array(128);
for (let c = 0; c < 128; c++) {
  const folded = ASCII_FOLD[c] as number;
  ASCII_DENSE[c] = folded === 0 ? -1 : denseIndex(folded);
}

/**
 * Aho–Corasick automaton over folded code points. Built once per watchlist version; matching is one pass over
 * the text whatever the number of patterns (cost grows with text length and matches, not with the watchlist).
 * Dense states: a full goto table for [a-z0-9] (failure links resolved at build time), maps for other scripts.
 */
export class AhoCorasick {
  private readonly dense: Int32Array;
  private readonly sparse: (Map<number, number> | null)[];
  private readonly fail: Int32Array;
  /** Pattern id ending at a state, or −1. */
  private readonly terminal: Int32Array;
  /** Nearest state on the failure chain that is terminal, or −1 (output links). */
  private readonly outLink: Int32Array;
  private readonly depth: Int32Array;
  readonly states: number;

  /** `patterns[i]` are folded strings; match callbacks receive i. Empty patterns are ignored. */
  constructor(patterns: readonly string[]) {
    // Trie.
    const denseRows: number[][] = [new Array<number>(DENSE).fill(-1)];
    const sparse: (Map<number, number> | null)[] = [null];
    const terminal: number[] = [-1];
    const depth: number[] = [0];
    patterns.forEach((pattern, id) => {
      if (pattern.length === 0) return;
      let state = 0;
      for (const ch of pattern) {
        const code = ch.codePointAt(0) as number;
        const d = denseIndex(code);
        let next =
          d >= 0 ? ((denseRows[state] as number[])[d] as number) : (sparse[state]?.get(code) ?? -1);
        if (next < 0) {
          next = denseRows.length;
          denseRows.push(new Array<number>(DENSE).fill(-1));
          sparse.push(null);
          terminal.push(-1);
          depth.push((depth[state] as number) + 1);
          if (d >= 0) (denseRows[state] as number[])[d] = next;
          else (sparse[state] ??= new Map<number, number>()).set(code, next);
        }
        state = next;
      }
      // Duplicate folded patterns keep the first id (same letters, same match).
      if ((terminal[state] as number) < 0) terminal[state] = id;
    });
    const n = denseRows.length;
    this.states = n;
    this.dense = new Int32Array(n * DENSE);
    this.fail = new Int32Array(n);
    this.outLink = new Int32Array(n).fill(-1);
    this.terminal = Int32Array.from(terminal);
    this.depth = Int32Array.from(depth);
    this.sparse = sparse;
    // Breadth-first: failure links, then dense transitions completed through them (a DFA on [a-z0-9]).
    const queue: number[] = [];
    for (let d = 0; d < DENSE; d++) {
      const next = (denseRows[0] as number[])[d] as number;
      if (next >= 0) {
        this.dense[d] = next;
        this.fail[next] = 0;
        queue.push(next);
      } else this.dense[d] = 0;
    }
    for (const [, next] of sparse[0] ?? []) {
      this.fail[next] = 0;
      queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      const f = this.fail[state] as number;
      this.outLink[state] = (this.terminal[f] as number) >= 0 ? f : (this.outLink[f] as number);
      const row = denseRows[state] as number[];
      for (let d = 0; d < DENSE; d++) {
        const next = row[d] as number;
        const viaFail = this.dense[f * DENSE + d] as number;
        if (next >= 0) {
          this.dense[state * DENSE + d] = next;
          this.fail[next] = viaFail;
          queue.push(next);
        } else this.dense[state * DENSE + d] = viaFail;
      }
      for (const [code, next] of sparse[state] ?? []) {
        this.fail[next] = this.step(f, code);
        queue.push(next);
      }
    }
  }

  /** Calls `onMatch(patternId, start, end)` (inclusive indexes into `text.codes`) for every occurrence. */
  scan(text: FoldedText, onMatch: (pattern: number, start: number, end: number) => void): void {
    let state = 0;
    const codes = text.codes;
    for (let i = 0; i < text.length; i++) {
      state = this.step(state, codes[i] as number);
      let s = (this.terminal[state] as number) >= 0 ? state : (this.outLink[state] as number);
      while (s >= 0) {
        onMatch(this.terminal[s] as number, i - (this.depth[s] as number) + 1, i);
        s = this.outLink[s] as number;
      }
    }
  }

  /**
   * Folds and scans a pure-ASCII string in one pass, without building a folded copy (the common case). Reports
   * only whole-word matches, as `onMatch(patternId)`. `starts` is scratch space of at least `text.length` bytes.
   * Returns false, possibly after reporting some matches, when the text holds a non-ASCII character: the caller
   * must then discard those and use `scan` over `foldText`.
   */
  scanAscii(text: string, starts: Uint8Array, onMatch: (pattern: number) => void): boolean {
    const dense = this.dense;
    const terminal = this.terminal;
    const outLink = this.outLink;
    const depth = this.depth;
    const length = text.length;
    let state = 0;
    let pos = -1;
    let separator = true;
    for (let j = 0; j < length; j++) {
      const code = text.charCodeAt(j);
      if (code >= 128) return false;
      const d = ASCII_DENSE[code] as number;
      if (d < 0) {
        separator = true;
        continue;
      }
      pos++;
      starts[pos] = separator ? 1 : 0;
      separator = false;
      state = dense[state * DENSE + d] as number;
      let s = (terminal[state] as number) >= 0 ? state : (outLink[state] as number);
      if (s < 0) continue;
      // A match must end a word: the next character is a separator or the end of the text.
      if (j + 1 < length) {
        const next = text.charCodeAt(j + 1);
        if (next >= 128) return false;
        if ((ASCII_DENSE[next] as number) >= 0) continue;
      }
      while (s >= 0) {
        if (starts[pos - (depth[s] as number) + 1] === 1) onMatch(terminal[s] as number);
        s = outLink[s] as number;
      }
    }
    return true;
  }

  private step(state: number, code: number): number {
    const d = denseIndex(code);
    if (d >= 0) return this.dense[state * DENSE + d] as number;
    let s = state;
    for (;;) {
      const next = this.sparse[s]?.get(code);
      if (next !== undefined) return next;
      if (s === 0) return 0;
      s = this.fail[s] as number;
    }
  }
}
