import { z } from 'zod';

/** An ISO-8601 instant with an explicit offset or `Z` (event time is always absolute). */
export const IsoInstant = z.iso.datetime({ offset: true });

/** Formats zod issues as `path: message` so every error names the field it is about. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path.length > 0 ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
