/** Mux credentials from Secrets Manager (cached by Powertools for a few minutes per warm container). */
import { getMuxCredentials } from '../aws/secrets.js';
import { secretNameFor } from '../config/lookup.js';
import type { CredentialsProvider } from './mux-client.js';

export const secretsManagerCredentials: CredentialsProvider = (environment) =>
  getMuxCredentials(secretNameFor(environment));
