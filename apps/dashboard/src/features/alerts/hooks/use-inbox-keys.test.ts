import { describe, expect, it } from 'vitest';

import { commandFor } from './use-inbox-keys';

const press = (key: string, target: EventTarget | null = document.body, mods = {}) => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  target,
  ...mods,
});

describe(commandFor.name, () => {
  it.each([
    ['j', 'next'],
    ['k', 'previous'],
    ['a', 'acknowledge'],
    ['s', 'silence'],
    ['?', 'help'],
    ['x', undefined],
  ])('%s → %s', (key, command) => {
    expect(commandFor(press(key))).toBe(command);
  });

  it('leaves keys alone while typing or with modifiers', () => {
    expect(commandFor(press('j', document.createElement('input')))).toBeUndefined();
    expect(commandFor(press('a', document.createElement('textarea')))).toBeUndefined();
    expect(commandFor(press('s', document.body, { ctrlKey: true }))).toBeUndefined();
  });
});
