import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH } from './client.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM');
});

const CLI = ['tsx', 'fake-mux/cli.ts'];
/** Same program without npm's start-up cost, for the many short runs. */
const TSX = 'node_modules/.bin/tsx';

describe('fake-mux CLI', () => {
  it('prints exactly the listening line and serves requests with the configured token', async () => {
    const child = spawn('npx', [...CLI, '--port', '0', '--token-id', 'cli-id', '--seed', '9', '--quiet'], {
      cwd: process.cwd(),
      env: { ...process.env, MUX_TOKEN_SECRET: 'cli-secret' },
    });
    children.push(child);
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('listening on '.length);
    const auth = `Basic ${Buffer.from('cli-id:cli-secret').toString('base64')}`;
    expect((await fetch(`${url}/data/v1/dimensions`, { headers: { authorization: auth } })).status).toBe(200);
    expect((await fetch(`${url}/data/v1/dimensions`, { headers: { authorization: AUTH } })).status).toBe(401);
  });

  it('--help lists the flags; bad flags exit 2 with a message on stderr', () => {
    const help = spawnSync(TSX, ['fake-mux/cli.ts', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const flag of ['--port', '--seed', '--rate-limit', '--fault', '--scenario', '--now', '--error-rate'])
      expect(help.stdout).toContain(flag);
    for (const args of [
      ['--bogus'],
      ['--port', 'abc'],
      ['--fault', 'x=teapot'],
      ['--scenario', 'prod'],
      ['--error-rate', '2'],
    ]) {
      const r = spawnSync(TSX, ['fake-mux/cli.ts', ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/mux:fake: /);
    }
  });
});
