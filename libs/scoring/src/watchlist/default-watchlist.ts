import type { Watchlist } from './watchlist-types';

/**
 * The default watchlist of leak-associated terms (English, Hindi and Hinglish), shipped as a starting point that
 * users edit through the API. Synonyms are folded before matching, so spacing, punctuation, case and digit swaps
 * need no entries of their own ("m.m.s", "MMS", "mm5" all match "mms"); plurals and other word forms do.
 */
export const DEFAULT_WATCHLIST: Readonly<Watchlist> = Object.freeze({
  id: 'default',
  name: 'Leak-associated terms',
  settings: { minWindowCount: 20, minUniqueAuthors: 5, fireScore: 6, forecastSize: 1000 },
  terms: [
    {
      term: 'leaked mms',
      synonyms: [
        'mms leak',
        'mms leaked',
        'viral mms',
        'mms video',
        'mms kand',
        'एमएमएस',
        'एमएमएस लीक',
        'एमएमएस कांड',
      ],
    },
    {
      term: 'leaked video',
      synonyms: [
        'leak video',
        'video leak',
        'video leaked',
        'leaked videos',
        'लीक वीडियो',
        'वीडियो लीक',
        'वीडियो हुआ लीक',
      ],
    },
    {
      term: 'private video',
      synonyms: ['personal video', 'private videos', 'निजी वीडियो', 'प्राइवेट वीडियो', 'niji video'],
    },
    {
      term: 'full video link',
      synonyms: [
        'full video',
        'full video viral',
        'link in bio',
        'फुल वीडियो',
        'पूरा वीडियो',
        'pura video',
      ],
    },
    {
      term: 'deepfake',
      synonyms: [
        'deep fake',
        'deepfakes',
        'morphed video',
        'morphed photo',
        'morphed pics',
        'डीपफेक',
        'मॉर्फ्ड वीडियो',
      ],
    },
    {
      term: 'obscene video',
      synonyms: ['ashleel video', 'अश्लील वीडियो', 'अश्लील', 'gandi video'],
    },
    {
      term: 'uncut video',
      synonyms: ['uncut', 'uncensored video', 'अनकट', 'अनकट वीडियो'],
    },
    {
      term: 'nude leak',
      synonyms: ['nudes leaked', 'leaked nudes', 'nude video', 'न्यूड वीडियो'],
    },
    {
      term: 'hidden camera',
      synonyms: ['hidden cam', 'spy cam', 'spycam', 'secret camera', 'छिपा कैमरा', 'हिडन कैमरा'],
    },
    {
      term: 'viral clip',
      synonyms: ['viral link', 'viral clip link', 'वायरल क्लिप', 'वायरल वीडियो', 'वायरल लिंक'],
    },
    {
      term: 'scandal',
      synonyms: ['kand', 'कांड', 'स्कैंडल', 'sex scandal', 'सेक्स स्कैंडल'],
    },
  ],
});
