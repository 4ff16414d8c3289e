import type { Prng } from './prng';

// Word lists for synthetic text. Background roots deliberately avoid leak/video vocabulary so that campaign
// terms are new to the world.
const TOPIC_ROOTS = [
  'music',
  'football',
  'cricket',
  'tennis',
  'weather',
  'gaming',
  'movies',
  'tech',
  'science',
  'space',
  'food',
  'travel',
  'books',
  'art',
  'photo',
  'fashion',
  'fitness',
  'running',
  'cycling',
  'coffee',
  'garden',
  'cats',
  'dogs',
  'history',
  'markets',
  'startups',
  'design',
  'coding',
  'opensource',
  'climate',
  'energy',
  'transit',
  'city',
  'local',
  'jobs',
  'health',
  'parenting',
  'education',
  'anime',
  'comics',
  'podcast',
  'theatre',
  'jazz',
  'chess',
  'baking',
  'hiking',
  'birding',
  'retro',
] as const;
const TAG_SUFFIXES = [
  '',
  'news',
  'talk',
  'life',
  'fans',
  'day',
  'live',
  'tips',
  'daily',
  'chat',
  'lovers',
  'community',
  'week',
  'club',
  'updates',
] as const;
const CASCADE_SUFFIXES = [
  'reveal',
  'launch',
  'drop',
  'moment',
  'final',
  'debate',
  'challenge',
  'trend',
];

const SUBJECTS = [
  'this',
  'the new one',
  'my neighbour',
  'our team',
  'everyone here',
  'the update',
  'today',
  'that match',
  'the thread',
  'the weekend',
  'this season',
  'the queue',
  'my feed',
  'the recipe',
  'the trailer',
  'the rain',
  'the meetup',
  'the score',
  'this album',
  'the release',
];
const VERBS = [
  'looks',
  'feels',
  'is',
  'seems',
  'was',
  'got',
  'turned out',
  'sounds',
  'stays',
  'went',
];
const ADJECTIVES = [
  'great',
  'odd',
  'wild',
  'quiet',
  'busy',
  'underrated',
  'late',
  'early',
  'fun',
  'lovely',
  'messy',
  'brilliant',
  'slow',
  'fresh',
  'loud',
  'calm',
  'strange',
  'solid',
  'tiny',
  'huge',
];
const TAILS = [
  'honestly',
  'again',
  'for once',
  'as usual',
  'right now',
  'this morning',
  'tonight',
  'so far',
  'lol',
  'imo',
  'no complaints',
  'who knew',
  'tbh',
  'finally',
];
const REPLIES = [
  'agreed',
  'not sure about that',
  'same here',
  'thanks for sharing',
  'source?',
  'this is it',
  'ha, true',
  'wait what',
  'good point',
  'love this',
  'hard disagree',
  'seen it too',
];
const QUOTES = [
  'worth a read',
  'look at this',
  'well then',
  'this',
  'saving this',
  'interesting take',
];

const NEWS_OPENERS = [
  'breaking:',
  'update:',
  'reports:',
  'just in:',
  'live:',
  'confirmed:',
  'developing:',
  'now:',
];
const NEWS_NOUNS = [
  'storm',
  'power cut',
  'train delays',
  'protest',
  'summit',
  'verdict',
  'fire',
  'flooding',
  'strike',
  'launch',
  'road closure',
  'heatwave',
  'election count',
  'outage',
];
const NEWS_VERBS = [
  'hits',
  'affects',
  'reported in',
  'spreading across',
  'announced for',
  'continues in',
  'near',
];
const NEWS_TAILS = [
  'more soon',
  'officials say',
  'stay safe',
  'details to follow',
  'per local sources',
  'via wire',
  '',
];
const NEWS_TAG_WORDS = [
  'storm',
  'quake',
  'strike',
  'outage',
  'flood',
  'summit',
  'verdict',
  'fire',
  'blackout',
  'vote',
];

const SYLLABLES = [
  'ka',
  'ri',
  'mo',
  'na',
  'vi',
  'le',
  'sa',
  'ta',
  'ni',
  'ro',
  'ya',
  'zu',
  'pe',
  'lo',
  'da',
  'mi',
];
const HANDLE_ADJ = [
  'quiet',
  'red',
  'sunny',
  'lazy',
  'brave',
  'tiny',
  'blue',
  'happy',
  'old',
  'wild',
  'calm',
  'grey',
  'swift',
  'bold',
  'kind',
  'dry',
  'late',
  'north',
  'urban',
  'paper',
];
const HANDLE_NOUN = [
  'otter',
  'fox',
  'river',
  'owl',
  'maple',
  'pixel',
  'harbor',
  'comet',
  'badger',
  'cedar',
  'lynx',
  'finch',
  'meadow',
  'anchor',
  'ember',
  'falcon',
  'willow',
  'tide',
  'quill',
  'moth',
];
const URL_DOMAINS = [
  'example.org',
  'example.com',
  'example.net',
  'news.example.org',
  'blog.example.com',
];

// Leak-bait building blocks: a term is 2–3 of these glued together, optionally with an invented name.
const BAIT_LEADS = ['viral', 'leaked', 'full', 'original', 'exclusive', 'uncut', 'new', 'private'];
const BAIT_OBJECTS = ['mms', 'video', 'clip', 'tape', 'vid'];
const BAIT_TAILS = ['link', 'download', 'here', 'watch', 'full'];
const BAIT_HOOKS = [
  'omg',
  'watch now',
  'must see',
  'dont miss',
  'before it gets deleted',
  'trending now',
  'everyone is sharing',
  'real one',
  'no blur',
];
const BAIT_EMOJI = ['🔥', '😱', '👇', '🔞', '‼️', '👀'];
const BAIT_SUFFIXES = ['', '', '!!', '👇👇', '✅', 'fast', 'now'];

/** A synthetic invented name, 2–3 syllables (not drawn from any list of real people). */
export function inventName(rng: Prng): string {
  let name = rng.pick(SYLLABLES) + rng.pick(SYLLABLES);
  if (rng.chance(0.5)) name += rng.pick(SYLLABLES);
  return name;
}

/** `count` distinct background hashtags (lower-case, no `#`), in a seeded order used as popularity rank. */
export function backgroundHashtags(rng: Prng, count: number): string[] {
  const all: string[] = [];
  for (const root of TOPIC_ROOTS) for (const suffix of TAG_SUFFIXES) all.push(root + suffix);
  rng.shuffle(all);
  // Bare roots are the most natural popular tags: move them to the front before cutting.
  const bare = all.filter((t) => (TOPIC_ROOTS as readonly string[]).includes(t));
  const rest = all.filter((t) => !(TOPIC_ROOTS as readonly string[]).includes(t));
  return [...bare.slice(0, 20), ...rest, ...bare.slice(20)].slice(0, count);
}

/** Picks a fresh tag from `make` that is not yet in `used` (adds a numeric suffix after a few clashes). */
function fresh(rng: Prng, used: Set<string>, make: () => string): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const tag = make();
    if (!used.has(tag)) return tag;
  }
  for (;;) {
    const tag = make() + String(rng.intBetween(2, 999));
    if (!used.has(tag)) return tag;
  }
}

export function newCascadeTag(rng: Prng, used: Set<string>): string {
  return fresh(rng, used, () => rng.pick(TOPIC_ROOTS) + rng.pick(CASCADE_SUFFIXES));
}

export function newNewsTag(rng: Prng, used: Set<string>): string {
  return fresh(rng, used, () => inventName(rng) + rng.pick(NEWS_TAG_WORDS));
}

/** A leak-bait term (hashtag without `#`) and the phrase form used in the text, e.g. `viral video link`. */
export function newBaitTerm(rng: Prng, used: Set<string>): { tag: string; phrase: string } {
  let phrase = '';
  const tag = fresh(rng, used, () => {
    const words = [rng.pick(BAIT_LEADS), rng.pick(BAIT_OBJECTS)];
    if (rng.chance(0.6)) words.push(rng.pick(BAIT_TAILS));
    if (rng.chance(0.35)) words.unshift(inventName(rng));
    phrase = words.join(' ');
    return words.join('');
  });
  return { tag, phrase };
}

/** Human-style handle; `digits` (0–3) trailing digits, so that only campaign accounts have long digit runs. */
export function establishedHandle(rng: Prng, digits: number): string {
  const sep = rng.pick(['', '_', '.']);
  let handle = rng.pick(HANDLE_ADJ) + sep + rng.pick(HANDLE_NOUN);
  if (digits > 0) handle += String(rng.intBetween(10 ** (digits - 1), 10 ** digits - 1));
  return handle;
}

/** Bot-style handle: an invented name followed by a run of 4–6 digits. */
export function botHandle(rng: Prng): string {
  const digits = rng.intBetween(4, 6);
  let run = String(rng.intBetween(1, 9));
  for (let i = 1; i < digits; i++) run += String(rng.int(10));
  return inventName(rng) + (rng.chance(0.3) ? '_' : '') + run;
}

export function exampleUrl(rng: Prng, root: string): string {
  return `https://${rng.pick(URL_DOMAINS)}/${root}/${rng.intBetween(1000, 99999)}`;
}

/** Background sentence around the given hashtags (without `#`). */
export function chatterText(rng: Prng, tags: readonly string[], url: string | undefined): string {
  let text = `${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} ${rng.pick(ADJECTIVES)} ${rng.pick(TAILS)}`;
  for (const tag of tags) text += ' #' + tag;
  if (url !== undefined) text += ' ' + url;
  return text;
}

export function replyText(rng: Prng, parentHandle: string, tags: readonly string[]): string {
  let text = `@${parentHandle} ${rng.pick(REPLIES)}`;
  for (const tag of tags) text += ' #' + tag;
  return text;
}

export function quoteText(rng: Prng, tags: readonly string[]): string {
  let text = rng.pick(QUOTES);
  for (const tag of tags) text += ' #' + tag;
  return text;
}

export function newsPlaces(rng: Prng, count: number): string[] {
  const places: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = inventName(rng);
    places.push(name.charAt(0).toUpperCase() + name.slice(1));
  }
  return places;
}

/** A news post: diverse wording around one story (a place out of a few) and its tag. */
export function newsText(rng: Prng, tag: string, places: readonly string[]): string {
  const tail = rng.pick(NEWS_TAILS);
  return (
    `${rng.pick(NEWS_OPENERS)} ${rng.pick(NEWS_NOUNS)} ${rng.pick(NEWS_VERBS)} ${rng.pick(places)}` +
    (tail === '' ? '' : ` ${tail}`) +
    ` #${tag}`
  );
}

/** The fixed parts of one campaign's copy-paste template. */
export interface BaitTemplate {
  hook: string;
  emoji: [string, string];
  phrase: string;
  tag: string;
  url: string;
}

export function baitTemplate(rng: Prng, tag: string, phrase: string): BaitTemplate {
  let code = '';
  for (let i = 0; i < 7; i++) code += 'abcdefghijkmnpqrstuvwxyz23456789'.charAt(rng.int(32));
  return {
    hook: rng.pick(BAIT_HOOKS),
    emoji: [rng.pick(BAIT_EMOJI), rng.pick(BAIT_EMOJI)],
    phrase,
    tag,
    url: `https://${rng.pick(['example.net', 'example.org', 'example.com'])}/v/${code}`,
  };
}

/**
 * One campaign post: the template with small mutations (emoji, suffix, case, a ref parameter).
 * Returns the text and the URL it contains.
 */
export function baitText(rng: Prng, template: BaitTemplate): [text: string, url: string] {
  // Mostly case changes and swapped emoji/suffix: copy-paste with light edits, as seen in real bait waves.
  const hook = rng.chance(0.8) ? template.hook : template.hook.toUpperCase();
  const emoji = rng.chance(0.6) ? template.emoji[0] : template.emoji[1];
  const phrase = rng.chance(0.15) ? template.phrase.toUpperCase() : template.phrase;
  const url = rng.chance(0.3) ? `${template.url}?ref=${rng.intBetween(10, 99)}` : template.url;
  const suffix = rng.pick(BAIT_SUFFIXES);
  return [
    `${hook} ${phrase} ${emoji} ${url} #${template.tag}` + (suffix === '' ? '' : ` ${suffix}`),
    url,
  ];
}
