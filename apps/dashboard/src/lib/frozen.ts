import { useState } from 'react';

/**
 * Keeps rows where they are while the analyst points at them: rows follow `order` (the keys as they
 * were when the freeze began), data inside rows stays fresh, rows that left the list are dropped and
 * newcomers go to the end.
 */
export const applyFrozenOrder = <T>(
  items: readonly T[],
  order: readonly string[],
  keyOf: (item: T) => string,
): T[] => {
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  const kept: T[] = [];
  for (const key of order) {
    const item = byKey.get(key);
    if (item !== undefined) {
      kept.push(item);
      byKey.delete(key);
    }
  }
  return [...kept, ...byKey.values()];
};

/** `items` in live order, or in the order they had when `frozen` turned on. */
export const useFrozenOrder = <T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  frozen: boolean,
): readonly T[] => {
  const [order, setOrder] = useState<readonly string[] | null>(null);
  if (frozen && order === null) setOrder(items.map(keyOf));
  if (!frozen && order !== null) setOrder(null);
  return frozen && order !== null ? applyFrozenOrder(items, order, keyOf) : items;
};

/** `value` while live; the value it had when `paused` turned on, while paused. */
export const useHeldValue = <T>(value: T, paused: boolean): T => {
  const [held, setHeld] = useState<{ value: T } | null>(null);
  if (paused && held === null) setHeld({ value });
  if (!paused && held !== null) setHeld(null);
  return paused && held !== null ? held.value : value;
};
