export const ErrorNote = ({ what, error }: { what: string; error: Error }) => (
  <p className="panel-error" role="alert">
    Could not load {what}: {error.message}
  </p>
);
