import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type UrlPatch = Record<string, string | null | undefined>;

/**
 * Applies a patch to search params: null/undefined/'' removes a key (defaults stay out of the URL, so links
 * stay short). Returns a new object; the input is not changed.
 */
export const patchSearchParams = (current: URLSearchParams, patch: UrlPatch): URLSearchParams => {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
};

/**
 * View state in the URL, so any view can be shared as a link. `replace` (default) keeps filter tweaks out of
 * the back-button history; pass `{ push: true }` for navigation-like changes (tabs, selection).
 */
export const useUrlState = (): [
  URLSearchParams,
  (patch: UrlPatch, options?: { push?: boolean }) => void,
] => {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (patch: UrlPatch, options: { push?: boolean } = {}) => {
      setParams((current) => patchSearchParams(current, patch), { replace: options.push !== true });
    },
    [setParams],
  );
  return [params, update];
};
