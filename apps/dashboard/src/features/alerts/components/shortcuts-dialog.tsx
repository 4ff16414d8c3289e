import { useEffect, useRef } from 'react';

export const INBOX_SHORTCUTS: readonly [string, string][] = [
  ['j', 'Next alert'],
  ['k', 'Previous alert'],
  ['a', 'Acknowledge the selected alert'],
  ['s', 'Silence the selected alert'],
  ['r', 'Resolve the selected alert (asks for a note)'],
  ['/', 'Search'],
  ['?', 'Show these shortcuts'],
  ['Esc', 'Close a dialog'],
];

/** Modal list of keyboard shortcuts, on the native <dialog> (focus trap and Esc for free). */
export const ShortcutsDialog = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl className="shortcuts">
        {INBOX_SHORTCUTS.map(([key, what]) => (
          <div key={key} className="shortcuts__row">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
};
