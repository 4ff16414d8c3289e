/** A watched term: one name for a synonym group spanning spellings, scripts and languages. */
export interface WatchTerm {
  /** The name the term is scored and alerted under (lower case, no `#`), e.g. `leaked video`. */
  term: string;
  /** Keywords, phrases and hashtags that count as this term (the name itself always does). */
  synonyms: string[];
}

/** Per-watchlist alert settings; unset fields fall back to the global rule. */
export interface WatchlistSettings {
  /** Posts in the window needed to fire. */
  minWindowCount?: number;
  /** Distinct authors in the window needed to fire. */
  minUniqueAuthors?: number;
  /** Spread score needed to fire. */
  fireScore?: number;
  /** Predicted final size at which a forecast alert fires. */
  forecastSize?: number;
}

/** An editable list of watched terms with its own alert settings. */
export interface Watchlist {
  id: string;
  name: string;
  settings: WatchlistSettings;
  terms: WatchTerm[];
}
