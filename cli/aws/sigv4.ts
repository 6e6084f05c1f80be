/**
 * SigV4-signed HTTP calls to the on-demand Function URL (auth type AWS_IAM, service "lambda"), with the AWS SDK's
 * own signer (`@smithy/signature-v4`), the credentials of the SDK's provider chain, and node:crypto for hashing.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** The signer's input data (Smithy's `SourceData`). */
type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: SourceData): Uint8Array | string =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** The `Checksum` the signer asks for: SHA-256, or HMAC-SHA-256 when given a secret. */
class Sha256 {
  #hash: Hash | Hmac;
  readonly #secret: Uint8Array | string | undefined;
  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : bytes(secret);
    this.#hash = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#fresh();
  }
}

/** `abc.lambda-url.eu-west-1.on.aws` → `eu-west-1`. */
export function regionOfFunctionUrl(url: URL): string | undefined {
  return /\.lambda-url\.([a-z0-9-]+)\.on\.aws$/.exec(url.hostname)?.[1];
}

export interface SignedResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** GET `url` signed for service "lambda" in `region`. */
export async function signedGet(url: URL, region: string, credentials: AwsCredentials): Promise<SignedResponse> {
  const signer = new SignatureV4({ service: 'lambda', region, credentials, sha256: Sha256 });
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const signed = await signer.sign({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers: { host: url.host },
  });
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'));
  const res = await fetch(url, { method: 'GET', headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
