import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
// The API (apps/api) listens here in development; it also serves the built dashboard in production.
const apiTarget = process.env.SPREADWATCH_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  // Keep Vite's and Vitest's caches out of the app folder.
  cacheDir: fromRoot('../../node_modules/.vite/dashboard'),
  plugins: [react()],
  resolve: {
    alias: {
      '@spreadwatch/contracts': fromRoot('../../libs/contracts/src/index.ts'),
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget },
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
  build: {
    outDir: fromRoot('../../dist/dashboard'),
    emptyOutDir: true,
    sourcemap: true,
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    restoreMocks: true,
  },
});
