/**
 * The webhook verifiers of docs/channels.md, run as written (the code blocks are extracted from the page): the Node
 * one in this process, the Python one in python3, against requests our webhook channel really sent to a receiver on
 * 127.0.0.1. A genuine request verifies; a tampered body, a replay under another delivery id, a moved timestamp, a
 * stale one and every malformed signature (multi-byte, missing, repeated, v1 in the v2 header) return false, and
 * neither verifier throws. The product's own `verifySignature` agrees on every case, and v1 still verifies.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_V2_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
} from '../../functions/commons/delivery/channels/signature.js';
import { summarize } from '../../functions/commons/delivery/channels/summary.js';
import { sendWebhook } from '../../functions/commons/delivery/channels/webhook.js';
import { closeServer, listen, readBody } from '../../support/http-server.js';
import { defaultSnapshot } from '../helpers/sample-snapshots.js';

const SECRET = 'whsec_docs_verifier_7d2e';
const DOC = path.resolve(import.meta.dirname, '../../docs/channels.md');

interface Captured {
  body: string;
  headers: Record<string, string | string[]>;
}

/** The first fenced block of `lang` in the "Verifying a webhook" section. */
function codeBlock(markdown: string, lang: string): string {
  const section = markdown.slice(markdown.indexOf('### Verifying a webhook'));
  const match = section.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'));
  if (!match?.[1]) throw new Error(`no ${lang} block in the "Verifying a webhook" section of docs/channels.md`);
  return match[1];
}

const PY_HARNESS = `
import json, sys
cases = json.load(sys.stdin)
out = []
for case in cases:
    try:
        out.append(verify(case["body"].encode("utf-8"), case["headers"], case["secret"]))
    except Exception as error:  # the test asserts there is none
        out.append("raised " + type(error).__name__ + ": " + str(error))
print(json.dumps(out))
`;

function runPython(file: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('python3', [file], { timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin?.end(input);
  });
}

const captured: Captured[] = [];
const server = http.createServer(async (req, res) => {
  captured.push({ body: (await readBody(req)).toString('utf8'), headers: req.headers as Captured['headers'] });
  res.writeHead(200).end('ok');
});
let dir: string;
let nodeVerify: (body: string, headers: Record<string, unknown>, secret: string) => boolean;

/** Sends one real webhook (our channel code, signed at `at`) and returns what the receiver got. */
async function signedRequest(url: string, deliveryId: string, at: Date): Promise<Captured> {
  await sendWebhook(
    { type: 'webhook', urlSecret: 'hook-url', signingSecret: 'hook-key' },
    {
      summary: summarize(defaultSnapshot(), { archivedHtml: null, region: 'eu-west-1' }),
      deliveryId,
      secrets: async (name) => (name === 'hook-url' ? `${url}/qoe` : SECRET),
      now: () => at,
      post: {},
      deliverEmail: () => Promise.reject(new Error('not an email channel')),
    },
  );
  const got = captured.at(-1);
  if (!got) throw new Error('the receiver got nothing');
  return got;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'webhook-verifiers-'));
  const markdown = await readFile(DOC, 'utf8');
  const js = path.join(dir, 'verify.mjs');
  await writeFile(js, codeBlock(markdown, 'js'));
  ({ verify: nodeVerify } = (await import(pathToFileURL(js).href)) as { verify: typeof nodeVerify });
  await writeFile(path.join(dir, 'verify.py'), codeBlock(markdown, 'python') + PY_HARNESS);
  await listen(server);
});
afterAll(async () => {
  await closeServer(server);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the webhook verifiers of docs/channels.md', () => {
  it('accept a genuine request and refuse tampering, replays and malformed signatures without throwing', async () => {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    // Signed now: the verifiers read the clock, as a receiver does.
    const real = await signedRequest(url, 'web-weekly#2026-W47#channel:webhook:hook-url', new Date());
    const stale = await signedRequest(
      url,
      'web-weekly#2026-W46#channel:webhook:hook-url',
      new Date(Date.now() - 600_000),
    );
    const h = real.headers;
    expect(h[SIGNATURE_V2_HEADER]).toMatch(/^v2=[0-9a-f]{64}$/);
    expect(h[SIGNATURE_HEADER]).toMatch(/^v1=[0-9a-f]{64}$/);
    const v2 = String(h[SIGNATURE_V2_HEADER]);
    const withHeaders = (over: Record<string, unknown>) => ({ body: real.body, headers: { ...h, ...over } });
    const without = (name: string) => {
      const { [name]: _gone, ...rest } = h;
      return { body: real.body, headers: rest };
    };
    const cases: { name: string; body: string; headers: Record<string, unknown>; ok: boolean }[] = [
      { name: 'genuine', body: real.body, headers: h, ok: true },
      { name: 'tampered body', body: real.body.replace('"82"', '"99"'), headers: h, ok: false },
      {
        name: 'replayed under a new delivery id',
        ...withHeaders({ [DELIVERY_HEADER]: 'web-weekly#2026-W47#channel:webhook:hook-url#2' }),
        ok: false,
      },
      {
        name: 'timestamp moved',
        ...withHeaders({ [TIMESTAMP_HEADER]: String(Number(h[TIMESTAMP_HEADER]) + 1) }),
        ok: false,
      },
      { name: 'stale', body: stale.body, headers: stale.headers, ok: false },
      { name: 'multi-byte signature', ...withHeaders({ [SIGNATURE_V2_HEADER]: `v2=${'é'.repeat(64)}` }), ok: false },
      {
        name: 'multi-byte, same byte length',
        ...withHeaders({ [SIGNATURE_V2_HEADER]: `v2=${'é'.repeat(32)}` }),
        ok: false,
      },
      { name: 'lone surrogate', ...withHeaders({ [SIGNATURE_V2_HEADER]: `v2=\ud800${v2.slice(4)}` }), ok: false },
      { name: 'v1 value in the v2 header', ...withHeaders({ [SIGNATURE_V2_HEADER]: h[SIGNATURE_HEADER] }), ok: false },
      { name: 'repeated header (array)', ...withHeaders({ [SIGNATURE_V2_HEADER]: [v2, v2] }), ok: false },
      { name: 'empty signature', ...withHeaders({ [SIGNATURE_V2_HEADER]: '' }), ok: false },
      { name: 'truncated signature', ...withHeaders({ [SIGNATURE_V2_HEADER]: v2.slice(0, -1) }), ok: false },
      { name: 'no v2 signature (a v1-only request)', ...without(SIGNATURE_V2_HEADER), ok: false },
      { name: 'no delivery id', ...without(DELIVERY_HEADER), ok: false },
      { name: 'no timestamp', ...without(TIMESTAMP_HEADER), ok: false },
      { name: 'non-ASCII digits', ...withHeaders({ [TIMESTAMP_HEADER]: '١٧٠٠٠٠٠٠٠٠' }), ok: false },
      { name: 'number, not string', ...withHeaders({ [TIMESTAMP_HEADER]: Number(h[TIMESTAMP_HEADER]) }), ok: false },
      { name: 'delivery id with a newline', ...withHeaders({ [DELIVERY_HEADER]: 'a\nb' }), ok: false },
    ];

    const node = cases.map((c) => {
      try {
        return nodeVerify(c.body, c.headers, SECRET);
      } catch (error) {
        return `raised ${String(error)}`;
      }
    });
    const python = JSON.parse(
      await runPython(path.join(dir, 'verify.py'), JSON.stringify(cases.map((c) => ({ ...c, secret: SECRET })))),
    ) as unknown[];
    const product = cases.map(
      (c) =>
        verifySignature({
          secret: SECRET,
          body: c.body,
          timestamp: typeof c.headers[TIMESTAMP_HEADER] === 'string' ? c.headers[TIMESTAMP_HEADER] : undefined,
          deliveryId: typeof c.headers[DELIVERY_HEADER] === 'string' ? c.headers[DELIVERY_HEADER] : '\n',
          signature: typeof c.headers[SIGNATURE_V2_HEADER] === 'string' ? c.headers[SIGNATURE_V2_HEADER] : undefined,
        }).ok,
    );
    const expected = cases.map((c) => [c.name, c.ok]);
    expect(cases.map((c, i) => [c.name, node[i]])).toEqual(expected);
    expect(cases.map((c, i) => [c.name, python[i]])).toEqual(expected);
    expect(cases.map((c, i) => [c.name, product[i]])).toEqual(expected);

    // Receivers written for v1 keep working: the v1 signature is still sent and still verifies.
    const v1 = (timestamp: unknown) =>
      verifySignature({
        secret: SECRET,
        body: real.body,
        timestamp: String(timestamp),
        signature: String(h[SIGNATURE_HEADER]),
      });
    expect(v1(h[TIMESTAMP_HEADER])).toEqual({ ok: true });
    expect(v1(Number(h[TIMESTAMP_HEADER]) + 1)).toMatchObject({ ok: false });
  }, 30_000);
});
