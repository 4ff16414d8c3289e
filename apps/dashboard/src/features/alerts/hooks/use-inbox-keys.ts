import { useEffect, useRef } from 'react';

export type InboxCommand =
  'next' | 'previous' | 'acknowledge' | 'silence' | 'resolve' | 'search' | 'help';

const KEYS: Record<string, InboxCommand> = {
  j: 'next',
  k: 'previous',
  a: 'acknowledge',
  s: 'silence',
  r: 'resolve',
  '/': 'search',
  '?': 'help',
};

interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
}

const isTyping = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
};

/** The inbox command a key press means, or undefined (typing in a field, with modifiers, in a dialog). */
export const commandFor = (event: KeyLike): InboxCommand | undefined => {
  if (event.altKey || event.ctrlKey || event.metaKey) return undefined;
  if (isTyping(event.target)) return undefined;
  if (event.target instanceof Element && event.target.closest('dialog[open]') !== null)
    return undefined;
  return KEYS[event.key];
};

/** Calls `onCommand` for inbox shortcuts pressed anywhere on the page. */
export const useInboxKeys = (onCommand: (command: InboxCommand) => void): void => {
  const handler = useRef(onCommand);
  useEffect(() => {
    handler.current = onCommand;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      const command = commandFor(event);
      if (command === undefined) return;
      event.preventDefault();
      handler.current(command);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
};
