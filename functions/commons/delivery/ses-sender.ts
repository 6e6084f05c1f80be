/**
 * Sends raw MIME through SES v1 `SendRawEmail`. The SDK client already retries (adaptive mode);
 * on top, throttling and 5xx answers get a few bounded, jittered retries because SES's sending-rate
 * throttle can outlast the SDK's budget. Errors become `DeliveryError`s naming recipient count and
 * SES error code.
 */
import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { sesClient } from '../aws/clients.js';
import { DeliveryError } from './mime.js';

export interface RawMessage {
  raw: Buffer;
  from: string;
  /** Envelope recipients of this message. */
  to: string[];
  /**
   * SES message tags (name → value; ASCII letters, digits, `_-.` only). SES hands them back in the bounce and
   * complaint events of this message (unsubscribe/mail-events.ts reads `report`).
   */
  tags?: Record<string, string>;
}

/** Anything that can send one raw message and return its provider message id. */
export interface EmailSender {
  sendRaw(message: RawMessage): Promise<string>;
}

export interface SesSenderOptions {
  /** Default: the process-wide SES client (honours `AWS_ENDPOINT_URL_SES`). */
  client?: SESClient;
  /** Our own attempts for throttling/5xx (on top of the SDK's). Default 4. */
  maxAttempts?: number;
  /** First backoff delay; doubles each attempt, with jitter. Default 1000 ms (tests use ~1). */
  baseDelayMs?: number;
  /** Optional SES configuration set (event publishing). */
  configurationSetName?: string;
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

export function isRetryableSesError(error: unknown): boolean {
  const e = shape(error);
  const code = e.Code ?? e.name ?? '';
  if (code === 'Throttling' || code === 'ThrottlingException' || code === 'TooManyRequestsException') return true;
  if (/maximum sending rate exceeded/i.test(e.message ?? '')) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SesSender implements EmailSender {
  readonly #client: SESClient | undefined;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #configurationSetName: string | undefined;

  constructor(options: SesSenderOptions = {}) {
    this.#client = options.client;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#configurationSetName = options.configurationSetName;
  }

  async sendRaw(message: RawMessage): Promise<string> {
    const client = this.#client ?? sesClient();
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await client.send(
          new SendRawEmailCommand({
            RawMessage: { Data: message.raw },
            Source: message.from,
            Destinations: message.to,
            ...(this.#configurationSetName ? { ConfigurationSetName: this.#configurationSetName } : {}),
            ...(message.tags && this.#configurationSetName
              ? { Tags: Object.entries(message.tags).map(([Name, Value]) => ({ Name, Value })) }
              : {}),
          }),
        );
        if (!res.MessageId) throw new DeliveryError('SES accepted the message but returned no MessageId');
        return res.MessageId;
      } catch (error) {
        if (error instanceof DeliveryError) throw error;
        if (attempt < this.#maxAttempts && isRetryableSesError(error)) {
          const delay = this.#baseDelayMs * 2 ** (attempt - 1);
          await sleep(delay / 2 + Math.random() * (delay / 2));
          continue;
        }
        const e = shape(error);
        const code = e.Code ?? e.name ?? 'UnknownError';
        const status = e.$metadata?.httpStatusCode;
        throw new DeliveryError(
          `SES SendRawEmail to ${message.to.length} recipient(s) failed after ${attempt} attempt(s): ${code}${
            status ? ` (HTTP ${status})` : ''
          }: ${e.message ?? String(error)}`,
          { cause: error },
        );
      }
    }
  }
}
