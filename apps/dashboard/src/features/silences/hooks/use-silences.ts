import type { SilenceInput, SilenceView } from '@spreadwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { silencesApi, silencesQuery } from '../api/silences-api';

export const useSilences = () => useQuery(silencesQuery());

export const useCreateSilence = () => {
  const queryClient = useQueryClient();
  return useMutation<SilenceView, ApiError, SilenceInput>({
    mutationFn: silencesApi.create,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.silences.all }),
  });
};

export const useExpireSilence = () => {
  const queryClient = useQueryClient();
  return useMutation<SilenceView | undefined, ApiError, string>({
    mutationFn: silencesApi.expire,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.silences.all }),
  });
};
