import { type Observation, parseObservation } from '@spreadwatch/contracts';

import type { PageProblem, ParsedPage } from '../connector';
import { errorMessage } from './json-guard';

/**
 * Runs a per-item mapper over a page: each item is mapped and then validated against the shared contract;
 * an item that throws or fails validation becomes a problem naming its index, and the rest are kept.
 */
export function mapItems<T>(
  items: readonly T[],
  where: string,
  map: (item: T, index: number) => Observation | Observation[] | null,
): ParsedPage {
  const observations: Observation[] = [];
  const problems: PageProblem[] = [];
  items.forEach((item, index) => {
    let mapped: Observation | Observation[] | null;
    try {
      mapped = map(item, index);
    } catch (err) {
      problems.push({ where: `${where}.${index}`, message: errorMessage(err) });
      return;
    }
    if (mapped === null) return;
    for (const obs of Array.isArray(mapped) ? mapped : [mapped]) {
      const checked = parseObservation(obs);
      if (checked.ok) observations.push(checked.value);
      else problems.push({ where: `${where}.${index}`, message: checked.error });
    }
  });
  return { observations, problems };
}

/** A page that is not what the endpoint returns at all. */
export function badPage(message: string): ParsedPage {
  return { observations: [], problems: [{ where: 'page', message }] };
}
