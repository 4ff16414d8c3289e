import type { Alert } from '@spreadwatch/contracts';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef } from 'react';

import { formatShortDateTime } from '../../../lib/format';
import { assigneeOf, type InboxRow, lifecycleOf } from '../api/inbox-store';
import { evidenceHeadline } from './alert-evidence';

export const ALERT_ROW_PX = 78;
export const GROUP_ROW_PX = 34;

export interface AlertInboxListProps {
  rows: readonly InboxRow[];
  selectedId: string | undefined;
  onSelect: (alert: Alert) => void;
}

const rowSize = (row: InboxRow | undefined): number =>
  row?.type === 'group' ? GROUP_ROW_PX : ALERT_ROW_PX;

/** Pixel offset of each row's top; rows have fixed heights, so this is exact. */
const offsetsOf = (rows: readonly InboxRow[]): Map<string, number> => {
  const offsets = new Map<string, number>();
  let y = 0;
  for (const row of rows) {
    offsets.set(row.key, y);
    y += rowSize(row);
  }
  return offsets;
};

const STATE_LABEL: Record<string, string> = {
  firing: 'Firing',
  acknowledged: 'Acked',
  assigned: 'Assigned',
  resolved: 'Resolved',
};

/**
 * Virtualised inbox: only the rows in view (plus a few) are in the DOM, so 10,000 alerts scroll smoothly.
 * When alerts arrive above a scrolled list, the scroll position moves with them, so the row under the
 * reader stays put.
 */
export const AlertInboxList = ({ rows, selectedId, onSelect }: AlertInboxListProps) => {
  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  // The list re-renders on every change anyway; compiler memoisation would buy nothing here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => rowSize(rows[index]),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 8,
  });

  // Keep the first visible row where it was when rows are added above it.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    const previous = anchor.current;
    const offsets = offsetsOf(rows);
    if (element !== null && previous !== null && element.scrollTop > 0) {
      const top = offsets.get(previous.key);
      if (top !== undefined && top + previous.delta !== element.scrollTop) {
        element.scrollTop = top + previous.delta;
      }
    }
    return () => {
      // Remember the row at the top before the next change.
      if (element === null) return;
      const scrollTop = element.scrollTop;
      let key: string | undefined;
      let keyTop = 0;
      for (const [k, y] of offsets) {
        if (y > scrollTop) break;
        key = k;
        keyTop = y;
      }
      anchor.current = key === undefined ? null : { key, delta: scrollTop - keyTop };
    };
  }, [rows]);

  // Keyboard moves (j/k) scroll the selected row into view.
  useLayoutEffect(() => {
    if (selectedId === undefined) return;
    const index = rows.findIndex((row) => row.key === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    // Only on selection change; rows change on every live flush.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);

  return (
    <div ref={scrollRef} className="inbox-scroll" data-testid="inbox-scroll">
      <ul
        className="inbox-list"
        aria-label="Alerts"
        style={{ height: virtualizer.getTotalSize() }}
        data-count={rows.length}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          const style = { transform: `translateY(${item.start}px)`, height: item.size };
          if (row.type === 'group') {
            return (
              <li key={row.key} className="inbox-group" style={style}>
                <span className="inbox-group__label">{row.label}</span>
                <span className="inbox-group__count">{row.count}</span>
              </li>
            );
          }
          const { alert } = row;
          const state = lifecycleOf(alert);
          const assignee = assigneeOf(alert);
          const selected = alert.id === selectedId;
          const headline = evidenceHeadline(alert);
          return (
            <li key={row.key} className="inbox-item-wrap" style={style}>
              <button
                type="button"
                id={`alert-${alert.id}`}
                className={`inbox-item alert-item--${alert.severity}${selected ? ' is-selected' : ''}${state === 'resolved' ? ' is-resolved' : ''}`}
                aria-current={selected ? 'true' : undefined}
                data-alert-id={alert.id}
                data-state={state}
                onClick={() => onSelect(alert)}
              >
                <span className="inbox-item__top">
                  <span className={`severity severity--${alert.severity}`}>{alert.severity}</span>
                  <span className={`state-chip state-chip--${state}`}>
                    {STATE_LABEL[state] ?? state}
                    {assignee === undefined ? '' : ` · ${assignee}`}
                  </span>
                  {alert.term === undefined ? null : (
                    <span className="inbox-item__term">{alert.term}</span>
                  )}
                  <time className="alert-time" dateTime={alert.firedAt}>
                    {formatShortDateTime(alert.firedAt)}
                  </time>
                </span>
                <span className="inbox-item__summary">{alert.summary}</span>
                {headline === undefined ? null : (
                  <span className="inbox-item__evidence">{headline}</span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
};
