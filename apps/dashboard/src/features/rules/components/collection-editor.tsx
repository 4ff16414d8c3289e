import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import type { ApiError } from '../../../lib/api-client';
import { ErrorNote } from '../../shell/components/error-note';
import type { CollectionApi } from '../api/collection-api';

export interface CollectionEditorProps<T extends { id: string }> {
  title: string;
  queryKey: readonly unknown[];
  api: CollectionApi<T>;
  /** What a new item starts as. */
  template: Record<string, unknown>;
  /** One-line description of an item in the list. */
  describe: (item: T) => string;
  /** Client-side check before saving; returns an error message or null. */
  validate?: (value: unknown) => string | null;
  /** Fields the server owns, left out of the editable document. */
  readOnlyFields?: readonly string[];
  help?: React.ReactNode;
}

const editable = (item: Record<string, unknown>, readOnly: readonly string[]) =>
  Object.fromEntries(Object.entries(item).filter(([key]) => !readOnly.includes(key)));

/**
 * A list with a JSON editor: create, edit and delete items of one REST collection. Precise, lossless and
 * works for every shape the back end defines; forms can replace it per collection later.
 */
export const CollectionEditor = <T extends { id: string }>({
  title,
  queryKey,
  api,
  template,
  describe,
  validate,
  readOnlyFields = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'version'],
  help,
}: CollectionEditorProps<T>) => {
  const id = useId();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey, queryFn: ({ signal }) => api.list(signal) });
  const [editing, setEditing] = useState<{ id: string | null; text: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation<T, ApiError, { id: string | null; body: unknown }>({
    mutationFn: ({ id: itemId, body }) =>
      itemId === null ? api.create(body) : api.update(itemId, body),
    onSuccess: () => setEditing(null),
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
  const remove = useMutation<void, ApiError, string>({
    mutationFn: api.remove,
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });

  if (list.data === null) {
    return (
      <section className="panel" aria-label={title}>
        <h2 className="section-title">{title}</h2>
        <p className="empty-state">Not available on this server yet ({api.base}).</p>
      </section>
    );
  }

  const submit = () => {
    if (editing === null) return;
    let value: unknown;
    try {
      value = JSON.parse(editing.text);
    } catch (error) {
      setProblem(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const message = validate?.(value) ?? null;
    setProblem(message);
    if (message === null) save.mutate({ id: editing.id, body: value });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="panel__header">
        <h2 id={`${id}-title`}>{title}</h2>
        <button
          type="button"
          className="button"
          onClick={() => {
            setProblem(null);
            setEditing({ id: null, text: JSON.stringify(template, null, 2) });
          }}
        >
          New
        </button>
      </div>
      {help === undefined ? null : <div className="panel__help">{help}</div>}
      {list.error === null ? null : <ErrorNote what={title.toLowerCase()} error={list.error} />}
      {list.isPending ? (
        <p className="empty-state">Loading…</p>
      ) : (list.data ?? []).length === 0 ? (
        <p className="empty-state">None yet.</p>
      ) : (
        <ul className="collection">
          {(list.data ?? []).map((item) => (
            <li key={item.id} className="collection__item">
              <span>{describe(item)}</span>
              <span className="button-row">
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => {
                    setProblem(null);
                    setEditing({
                      id: item.id,
                      text: JSON.stringify(editable(item, readOnlyFields), null, 2),
                    });
                  }}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="button button--small button--danger"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(item.id)}
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {editing === null ? null : (
        <div className="editor">
          <label htmlFor={`${id}-json`}>
            {editing.id === null ? 'New item' : 'Edit item'} (JSON)
          </label>
          <textarea
            id={`${id}-json`}
            className="code-input"
            rows={12}
            spellCheck={false}
            value={editing.text}
            onChange={(event) => setEditing({ ...editing, text: event.target.value })}
          />
          {(problem ?? save.error?.message ?? remove.error?.message) === undefined ||
          (problem ?? save.error?.message ?? remove.error?.message) === null ? null : (
            <p className="form-error" role="alert">
              {problem ?? save.error?.message ?? remove.error?.message}
            </p>
          )}
          <div className="button-row">
            <button
              type="button"
              className="button button--accent"
              disabled={save.isPending}
              onClick={submit}
            >
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
};
