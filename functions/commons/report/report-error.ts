/** The report cannot be produced (the core scorecard is missing): nothing must be delivered. */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
