import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH } from './client.js';

const children: ChildProcess[] = [];
/**
 * The server runs in its own process group and the whole group is killed: tsx runs the script in a child node
 * process, so signalling only the direct child left `fake-mux` servers running after the suite (seen in CI).
 */
afterEach(async () => {
  await Promise.all(
    children.splice(0).map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return resolve();
          c.once('exit', () => resolve());
          process.kill(-c.pid, 'SIGTERM');
        }),
    ),
  );
});

/** tsx without npx's start-up cost (and without an npm process between the test and the server). */
const TSX = 'node_modules/.bin/tsx';

describe('fake-mux CLI', () => {
  it('prints exactly the listening line and serves requests with the configured token', async () => {
    const child = spawn(
      TSX,
      [
        'fake-mux/cli.ts',
        ...['--port', '0', '--token-id', 'cli-id', '--seed', '9', '--quiet'],
        ...['--regression', 'country:BR:rebuffer_percentage:+0.02@2026-11-23T00:00:00Z..2026-11-30T00:00:00Z'],
      ],
      {
        cwd: process.cwd(),
        env: { ...process.env, MUX_TOKEN_SECRET: 'cli-secret' },
        detached: true,
      },
    );
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
    for (const flag of [
      '--port',
      '--seed',
      '--rate-limit',
      '--fault',
      '--scenario',
      '--now',
      '--error-rate',
      '--regression',
    ])
      expect(help.stdout).toContain(flag);
    for (const args of [
      ['--bogus'],
      ['--port', 'abc'],
      ['--fault', 'x=teapot'],
      ['--scenario', 'prod'],
      ['--error-rate', '2'],
      // Syntax errors are unit-tested (regression.test.ts); a value matching no view is only known at start-up.
      ['--regression', 'browser:Safri:video_startup_time:+400'],
    ]) {
      const r = spawnSync(TSX, ['fake-mux/cli.ts', ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/mux:fake: /);
      if (args[0] === '--regression') expect(r.stderr).toMatch(/mux:fake: --regression: regression 'browser:/);
    }
  });
});
