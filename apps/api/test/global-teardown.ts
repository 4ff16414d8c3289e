import type { EmbeddedHandle } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as EmbeddedHandle).__SPREADWATCH_EMBEDDED__?.stop();
}
