import { useQuery } from '@tanstack/react-query';

import { termSeriesQuery, topTermsQuery } from '../api/terms-api';

export const useTopTerms = () => useQuery(topTermsQuery());

export const useTermSeries = (term: string | undefined) =>
  useQuery({ ...termSeriesQuery(term ?? ''), enabled: term !== undefined });
