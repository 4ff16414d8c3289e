import { IntentQueue, type Timed } from './intent-queue';
import { Prng } from './prng';

describe(IntentQueue.name, () => {
  it('pops in (t, seq) order whatever the push order', () => {
    const rng = new Prng(1);
    const queue = new IntentQueue<Timed>();
    const items: Timed[] = Array.from({ length: 5000 }, (_, seq) => ({ t: rng.int(100), seq }));
    for (const item of rng.shuffle([...items])) queue.push(item);
    const popped: Timed[] = [];
    for (let item = queue.pop(); item !== undefined; item = queue.pop()) popped.push(item);
    const expected = [...items].sort((a, b) => a.t - b.t || a.seq - b.seq);
    expect(popped).toEqual(expected);
  });

  it('reports the earliest time, or Infinity when empty', () => {
    const queue = new IntentQueue<Timed>();
    expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
    queue.push({ t: 5, seq: 0 });
    queue.push({ t: 2, seq: 1 });
    expect(queue.peekTime()).toBe(2);
    expect(queue.size).toBe(2);
    queue.clear();
    expect(queue.pop()).toBeUndefined();
  });
});
