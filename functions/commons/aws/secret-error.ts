/**
 * A Mux secret that could not be read. Its own module (no SDK import), so code that only classifies errors
 * (the on-demand error mapping, loaded for every request) does not load Secrets Manager.
 */
export class SecretError extends Error {
  override readonly name = 'SecretError';
  constructor(
    readonly secretName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
