/**
 * Placeholder entry point so the CDK app and `npm run build` have something to bundle.
 * The real handler replaces this file.
 */
export async function handler(_event: unknown): Promise<never> {
  throw new Error('scheduled-report: not implemented yet');
}
