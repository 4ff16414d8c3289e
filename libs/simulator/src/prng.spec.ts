import { AliasSampler, Prng, splitmix32 } from './prng';

// First outputs of `new Prng(1)`: changing the seeding changes every recorded simulation.
const PINNED_SEED_1 = [3758762703, 1518443427, 4123838290];

function draws(rng: Prng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

describe(Prng.name, () => {
  it('repeats the same sequence for the same seed and stream', () => {
    expect(draws(new Prng(42), 1000)).toEqual(draws(new Prng(42), 1000));
    expect(draws(new Prng(42, 3), 100)).toEqual(draws(new Prng(42, 3), 100));
  });

  it.each([
    ['another seed', new Prng(43)],
    ['another stream', new Prng(42, 1)],
    ['high bits of a large seed', new Prng(42 + 2 ** 32)],
  ])('gives a different sequence for %s', (_, other) => {
    expect(draws(other, 20)).not.toEqual(draws(new Prng(42), 20));
  });

  it('matches the xoshiro128** reference implementation', () => {
    // Reference: the authors' C code (xoshiro128starstar.c) from state {1, 2, 3, 4}.
    expect(draws(Prng.fromState(1, 2, 3, 4), 6)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
  });

  it('pins the seeded stream so recorded runs stay reproducible', () => {
    const first = draws(new Prng(1), 3);
    expect(first.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
    expect(first).toEqual(PINNED_SEED_1);
  });

  it('produces uniform floats in [0, 1)', () => {
    const rng = new Prng(7);
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.float();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
      buckets[Math.floor(x * 10)]! += 1;
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(n / 100);
  });

  it.each([0.5, 4, 25, 80, 500])('draws Poisson(%p) with the right mean and variance', (lambda) => {
    const rng = new Prng(11);
    const n = 40_000;
    let sum = 0;
    let sq = 0;
    let invalid = 0;
    for (let i = 0; i < n; i++) {
      const k = rng.poisson(lambda);
      if (!(Number.isInteger(k) && k >= 0)) invalid++;
      sum += k;
      sq += k * k;
    }
    expect(invalid).toBe(0);
    const mean = sum / n;
    const variance = sq / n - mean * mean;
    expect(Math.abs(mean - lambda) / lambda).toBeLessThan(0.03);
    expect(Math.abs(variance - lambda) / lambda).toBeLessThan(0.08);
  });

  it('draws exponentials with the given mean', () => {
    const rng = new Prng(5);
    let sum = 0;
    for (let i = 0; i < 50_000; i++) sum += rng.exponential(3);
    expect(sum / 50_000).toBeCloseTo(3, 1);
  });

  it('keeps intBetween inclusive and in range', () => {
    const rng = new Prng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.intBetween(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('throws when picking from an empty array', () => {
    expect(() => new Prng(1).pick([])).toThrow('empty');
  });
});

describe(AliasSampler.name, () => {
  it('samples indices in proportion to their weights', () => {
    const weights = [1, 0, 3, 6];
    const sampler = new AliasSampler(weights);
    const rng = new Prng(3);
    const counts = [0, 0, 0, 0];
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[sampler.sample(rng)]! += 1;
    expect(counts[1]).toBe(0);
    weights.forEach((w, i) => expect(Math.abs(counts[i]! / n - w / 10)).toBeLessThan(0.01));
  });

  it.each([[[]], [[0, 0]], [[1, -1]], [[1, Number.NaN]]])(
    'rejects invalid weights %p',
    (weights) => {
      expect(() => new AliasSampler(weights)).toThrow();
    },
  );
});

describe(splitmix32.name, () => {
  it('maps consecutive states to well-spread 32-bit values', () => {
    const values = Array.from({ length: 1000 }, (_, i) => splitmix32(i));
    expect(new Set(values).size).toBe(1000);
    expect(values.every((v) => v >= 0 && v < 2 ** 32)).toBe(true);
  });
});
