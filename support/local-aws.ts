/**
 * Real local AWS look-alikes for tests, all bound to 127.0.0.1 on free ports and closed by `close()`:
 * - S3: s3rver (needs `forcePathStyle: true`; ignores `IfNoneMatch`),
 * - SES v1: aws-ses-v2-local behind a tiny recording proxy (its `/store` keeps parsed mails but drops
 *   headers, so the proxy also keeps each raw MIME message for header assertions),
 * - DynamoDB: dynalite (in-memory LevelDB),
 * - Secrets Manager: a minimal `node:http` endpoint answering `secretsmanager.GetSecretValue` and
 *   `DescribeSecret` (there is no emulator on npm).
 *
 * `env` holds the `AWS_ENDPOINT_URL_*` variables the SDK honours natively, dummy credentials and a region.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { closeServer, forward, LOCALHOST, listen, readBody, urlOf } from './http-server.js';

const require = createRequire(import.meta.url);

// The emulators ship no type declarations: type the small surface we use.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: http.Server;
}
type S3rverCtor = new (options: {
  port: number;
  address: string;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;
type DynaliteFactory = (options: { createTableMs: number }) => http.Server;
type SesServerFactory = (config: { host: string; port: number }) => Promise<http.Server>;

/** A mail as aws-ses-v2-local's `GET /store` returns it. */
export interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

/** A SendRawEmail request as it reached SES: the raw MIME and the envelope. */
export interface RawSend {
  raw: Buffer;
  source: string | undefined;
  destinations: string[];
  /** `ConfigurationSetName` of the request, when given. */
  configurationSet?: string;
  /** `Tags` of the request (name → value), when given. */
  tags?: Record<string, string>;
}

export interface LocalAwsOptions {
  /** Bucket names to create (s3rver). */
  s3?: { buckets: string[] } | boolean;
  ses?: boolean;
  dynamodb?: boolean;
  /** Secret name → SecretString; `null`: the secret exists with no value yet (as `cdk deploy` creates it). */
  secrets?: Record<string, string | null>;
}

export interface LocalAws {
  endpoints: { s3?: string; ses?: string; dynamodb?: string; secretsManager?: string };
  env: Record<string, string>;
  sesStore(): Promise<StoredMail[]>;
  /** Raw MIME of every accepted SendRawEmail, in order. */
  sesRaw(): RawSend[];
  sesClear(): Promise<void>;
  createTable(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Answers `GetSecretValue` and `DescribeSecret` like the real service (JSON 1.1 protocol). */
function secretsServer(secrets: Record<string, string | null>): http.Server {
  return http.createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { SecretId?: string };
    const send = (status: number, payload: unknown, errorType?: string) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(JSON.stringify(payload));
    };
    const target = req.headers['x-amz-target'];
    if (target !== 'secretsmanager.GetSecretValue' && target !== 'secretsmanager.DescribeSecret') {
      send(400, { __type: 'UnknownOperationException', message: 'not emulated' }, 'UnknownOperationException');
      return;
    }
    const name = body.SecretId ?? '';
    const value = secrets[name];
    const notFound = (message: string) =>
      send(400, { __type: 'ResourceNotFoundException', message }, 'ResourceNotFoundException');
    if (value === undefined) {
      notFound("Secrets Manager can't find the specified secret.");
      return;
    }
    const arn = `arn:aws:secretsmanager:eu-west-1:000000000000:secret:${name}-AbCdEf`;
    if (target === 'secretsmanager.DescribeSecret') {
      // An empty secret has no version, so no AWSCURRENT stage.
      const versions = value === null ? {} : { '00000000-0000-0000-0000-000000000001': ['AWSCURRENT'] };
      send(200, { ARN: arn, Name: name, VersionIdsToStages: versions, CreatedDate: 1_700_000_000 });
      return;
    }
    if (value === null) {
      notFound("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
      return;
    }
    send(200, {
      ARN: arn,
      Name: name,
      SecretString: value,
      VersionId: '00000000-0000-0000-0000-000000000001',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1_700_000_000,
    });
  });
}

/** Forwards everything to aws-ses-v2-local and keeps the raw MIME of each SendRawEmail. */
function recordingProxy(target: string, raws: RawSend[]): http.Server {
  return http.createServer(async (req, res) => {
    const body = await readBody(req);
    const upstream = await forward(target, req, body);
    const text = Buffer.from(await upstream.arrayBuffer());
    if (upstream.ok && req.method === 'POST' && (req.url ?? '/') === '/') {
      const form = new URLSearchParams(body.toString('utf8'));
      if (form.get('Action') === 'SendRawEmail') {
        const destinations: string[] = [];
        for (let i = 1; form.has(`Destinations.member.${i}`); i++) {
          destinations.push(form.get(`Destinations.member.${i}`) ?? '');
        }
        const tags: Record<string, string> = {};
        for (let i = 1; form.has(`Tags.member.${i}.Name`); i++) {
          tags[form.get(`Tags.member.${i}.Name`)!] = form.get(`Tags.member.${i}.Value`) ?? '';
        }
        raws.push({
          ...(Object.keys(tags).length > 0 ? { tags } : {}),
          raw: Buffer.from(form.get('RawMessage.Data') ?? '', 'base64'),
          source: form.get('Source') ?? undefined,
          destinations,
          ...(form.has('ConfigurationSetName') ? { configurationSet: form.get('ConfigurationSetName')! } : {}),
        });
      }
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
    res.end(text);
  });
}

export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const endpoints: LocalAws['endpoints'] = {};
  const closers: (() => Promise<void>)[] = [];
  const raws: RawSend[] = [];
  const env: Record<string, string> = {
    // s3rver only accepts its own dummy key pair; the other emulators accept anything.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'eu-west-1',
  };

  try {
    if (options.s3) {
      const S3rver = require('s3rver') as S3rverCtor;
      const directory = await mkdtemp(path.join(tmpdir(), 's3rver-'));
      const buckets = typeof options.s3 === 'object' ? options.s3.buckets : [];
      const s3 = new S3rver({
        port: 0,
        address: LOCALHOST,
        silent: true,
        directory,
        configureBuckets: buckets.map((name) => ({ name })),
      });
      const address = await s3.run();
      endpoints.s3 = `http://${LOCALHOST}:${address.port}`;
      env.AWS_ENDPOINT_URL_S3 = endpoints.s3;
      closers.push(async () => {
        await closeServer(s3.httpServer);
        await rm(directory, { recursive: true, force: true });
      });
    }

    if (options.ses) {
      const sesModule = require('aws-ses-v2-local') as { default: SesServerFactory };
      const ses = await sesModule.default({ host: LOCALHOST, port: 0 });
      const proxy = recordingProxy(urlOf(ses), raws);
      await listen(proxy);
      endpoints.ses = urlOf(proxy);
      env.AWS_ENDPOINT_URL_SES = endpoints.ses;
      closers.push(async () => {
        await closeServer(proxy);
        await closeServer(ses);
      });
    }

    if (options.dynamodb) {
      const dynalite = require('dynalite') as DynaliteFactory;
      const ddb = dynalite({ createTableMs: 0 });
      await listen(ddb);
      endpoints.dynamodb = urlOf(ddb);
      env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
      closers.push(() => closeServer(ddb));
    }

    if (options.secrets) {
      const sm = secretsServer(options.secrets);
      await listen(sm);
      endpoints.secretsManager = urlOf(sm);
      env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoints.secretsManager;
      closers.push(() => closeServer(sm));
    }
  } catch (error) {
    await Promise.allSettled(closers.map((c) => c()));
    throw error;
  }

  return {
    endpoints,
    env,
    async sesStore() {
      if (!endpoints.ses) throw new Error('SES was not started');
      const res = await fetch(`${endpoints.ses}/store`);
      const body = (await res.json()) as { emails: StoredMail[] };
      return body.emails;
    },
    sesRaw: () => [...raws],
    async sesClear() {
      if (!endpoints.ses) throw new Error('SES was not started');
      await fetch(`${endpoints.ses}/clear-store`, { method: 'POST' });
      raws.length = 0;
    },
    async createTable(name: string) {
      if (!endpoints.dynamodb) throw new Error('DynamoDB was not started');
      const client = new DynamoDBClient({
        endpoint: endpoints.dynamodb,
        region: env.AWS_REGION,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      // The Powertools idempotency table: `id` partition key (TTL `expiration` is irrelevant locally).
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      client.destroy();
    },
    async close() {
      await Promise.allSettled(closers.reverse().map((c) => c()));
    },
  };
}
