/** The smallest valid report of the config tests (environment `demo`), with `patch` applied. */
export const minimalReport = (patch: Record<string, unknown> = {}) => ({
  id: 'r1',
  title: 'Report',
  environment: 'demo',
  recipients: ['team@example.com'],
  from: 'reports@example.com',
  ...patch,
});
