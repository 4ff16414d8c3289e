import './styles.css';

import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app';
import { createQueryClient } from './lib/query-client';
import { SettingsProvider } from './lib/settings-context';

const container = document.getElementById('root');
if (container === null) throw new Error('#root is missing from index.html');

const queryClient = createQueryClient();

createRoot(container).render(
  <StrictMode>
    <SettingsProvider>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </SettingsProvider>
  </StrictMode>,
);
