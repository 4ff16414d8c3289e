import { useEffect, useState } from 'react';

/** Wall-clock milliseconds, re-read every `intervalMs`, for "3 min ago" labels. */
export const useNow = (intervalMs = 30_000): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
};
