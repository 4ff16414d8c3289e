/** Peak process memory while a measurement runs, sampled on a timer (the replay yields between file chunks). */
export interface PeakMemory {
  stop(): { rssMb: number; heapMb: number };
}

export function startPeakMemory(intervalMs = 25): PeakMemory {
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > rss) rss = m.rss;
    if (m.heapUsed > heap) heap = m.heapUsed;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { rssMb: Math.round(rss / 1e6), heapMb: Math.round(heap / 1e6) };
    },
  };
}
