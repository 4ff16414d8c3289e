import { useQuery } from '@tanstack/react-query';

import { alertsQuery } from '../api/alerts-api';

export const useAlerts = () => useQuery(alertsQuery());
