import { useQuery } from '@tanstack/react-query';

import { SERIES_MINUTES, termSeriesQuery, topTermsQuery } from '../api/terms-api';

export const useTopTerms = (limit?: number) => useQuery(topTermsQuery(limit));

export const useTermSeries = (term: string | undefined, minutes: number = SERIES_MINUTES) =>
  useQuery({ ...termSeriesQuery(term ?? '', minutes), enabled: term !== undefined });
