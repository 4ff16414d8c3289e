import { readFile } from 'node:fs/promises';

import { parseWatchlistFile, toMatchableWatchlist } from '@spreadwatch/contracts';
import { DEFAULT_WATCHLIST, type Watchlist } from '@spreadwatch/scoring';
import { parse as parseYaml } from 'yaml';

/**
 * The watchlists of `--watchlist FILE|default`: `default` is the built-in list the server seeds; a FILE is JSON
 * or YAML holding one list or an array of lists, as `POST /api/watchlists` takes or `GET /api/watchlists`
 * returns (disabled lists are skipped). Throws an Error naming the file and the bad field.
 */
export async function loadWatchlists(spec: string): Promise<Watchlist[]> {
  if (spec === 'default') return [DEFAULT_WATCHLIST];
  let text: string;
  try {
    text = await readFile(spec, 'utf8');
  } catch {
    throw new Error(`cannot read --watchlist ${spec}`);
  }
  let value: unknown;
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    value = parseYaml(text);
  } catch (error) {
    throw new Error(`--watchlist ${spec} is not valid JSON or YAML: ${(error as Error).message}`);
  }
  const parsed = parseWatchlistFile(value);
  if (!parsed.ok) throw new Error(`--watchlist ${spec}: ${parsed.error}`);
  return parsed.lists.filter((list) => list.enabled).map(toMatchableWatchlist);
}
