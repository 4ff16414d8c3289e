// Evasion-resistant folding for watchlist matching: NFKC/NFKD compatibility forms, case folding, Latin diacritics
// removed, the usual digit/symbol swaps undone, and everything that is not a letter or digit turned into a
// separator, so "M.M.S", "m m s", "#mms" and "ＭＭＳ" all fold to the letters "mms" with word edges around them.

const NON_ASCII = /[^\u0020-\u007e\t\n\r]/u;
// Latin combining diacritics only: Devanagari vowel signs and viramas are letters of the word, not accents.
const LATIN_MARKS = /[\u0300-\u036f]/gu;
const LETTER_OR_MARK = /[\p{L}\p{M}\p{N}]/u;

/** Common leetspeak swaps: 0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s ('!' stays punctuation: "video!!"). */
const SWAPS: Readonly<Record<string, string>> = Object.freeze({
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
});

/** ASCII fold table: char code → folded code, or 0 for a separator (the fast path of matching reads it too). */
export const ASCII_FOLD = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const swapped = SWAPS[ch];
  if (swapped !== undefined) ASCII_FOLD[c] = swapped.charCodeAt(0);
  else if (c >= 65 && c <= 90) ASCII_FOLD[c] = c + 32;
  else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) ASCII_FOLD[c] = c;
}

/** Text reduced to its letters, with the word edges each letter had in the original. */
export interface FoldedText {
  /** Folded letters and digits, separators removed. */
  codes: number[];
  /** codes[i] began a word (a separator or the start came before it). */
  wordStart: boolean[];
  /** codes[i] ended a word. */
  wordEnd: boolean[];
  length: number;
}

/** A reusable buffer so the hot path allocates nothing per post. */
export function createFoldedText(): FoldedText {
  return { codes: [], wordStart: [], wordEnd: [], length: 0 };
}

/** Folds `raw` into `out` (replacing its content). */
export function foldText(raw: string, out: FoldedText): FoldedText {
  out.length = 0;
  const text = NON_ASCII.test(raw) ? raw.normalize('NFKD').replace(LATIN_MARKS, '') : raw;
  let previousSeparator = true;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    let folded = 0;
    if (code < 128) {
      folded = ASCII_FOLD[code] as number;
    } else {
      // Surrogate pairs: take the whole code point.
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        code = text.codePointAt(i) as number;
        i++;
      }
      const ch = String.fromCodePoint(code);
      if (LETTER_OR_MARK.test(ch)) folded = ch.toLowerCase().codePointAt(0) ?? code;
    }
    if (folded === 0) {
      if (!previousSeparator && out.length > 0) out.wordEnd[out.length - 1] = true;
      previousSeparator = true;
      continue;
    }
    const n = out.length;
    out.codes[n] = folded;
    out.wordStart[n] = previousSeparator;
    out.wordEnd[n] = false;
    out.length = n + 1;
    previousSeparator = false;
  }
  if (out.length > 0) out.wordEnd[out.length - 1] = true;
  return out;
}

/** The folded letters of a pattern (a keyword, phrase or hashtag) as a string; '' if none. */
export function foldPattern(raw: string): string {
  const folded = foldText(raw, createFoldedText());
  let s = '';
  for (let i = 0; i < folded.length; i++) s += String.fromCodePoint(folded.codes[i] as number);
  return s;
}
