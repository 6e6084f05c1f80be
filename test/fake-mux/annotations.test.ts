/** Annotations in the fake: deterministic seeded notes anchored on `now`, timeframe filtering, in-memory CRUD. */
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { AUTH, get, NOW } from './client.js';

const started: FakeMux[] = [];
async function start(seed = 42): Promise<FakeMux> {
  const fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false, seed });
  started.push(fake);
  return fake;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.close()));
});

async function send(fake: FakeMux, method: string, path: string, body?: unknown) {
  const res = await fetch(fake.url + path, {
    method,
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

const NOW_S = NOW.getTime() / 1000;
const MONTH = 'timeframe[]=30:days';
type Note = { id: string; note: string; date: string; sub_property_id: string | null };

describe('fake annotations', () => {
  it('seeds a few deterministic notes anchored on now: a player deploy about an hour before the open incident', async () => {
    const fake = await start();
    const list = (await get(fake, `/data/v1/annotations?${MONTH}`)).body;
    expect(list.total_row_count).toBe(5);
    const notes = list.data as Note[];
    expect(notes.map((n) => Date.parse(n.date))).toEqual(notes.map((n) => Date.parse(n.date)).sort((a, b) => a - b));
    for (const n of notes) {
      expect(n.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(n.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
    }
    const deploy = notes.at(-1)!;
    expect(deploy).toMatchObject({
      note: expect.stringMatching(/^Deploy player v\d+\.\d+\.\d+$/),
      sub_property_id: 'web',
    });
    const open = (await get(fake, '/data/v1/incidents?status=open')).body.data[0];
    const lead = (Date.parse(open.started_at) - Date.parse(deploy.date)) / 60_000;
    expect(lead).toBeGreaterThan(10);
    expect(lead).toBeLessThan(120);
    // Same seed and now → same bytes; another seed → other ids.
    expect((await get(await start(), `/data/v1/annotations?${MONTH}`)).text).toBe(
      (await get(fake, `/data/v1/annotations?${MONTH}`)).text,
    );
    const other = (await get(await start(7), `/data/v1/annotations?${MONTH}`)).body.data as Note[];
    expect(other.map((n) => n.id)).not.toEqual(notes.map((n) => n.id));
  });

  it('filters by timeframe (default: the last 24 h), orders and pages', async () => {
    const fake = await start();
    const all = (await get(fake, `/data/v1/annotations?${MONTH}`)).body.data as Note[];
    expect((await get(fake, '/data/v1/annotations')).body.data).toEqual([]);
    const week = (await get(fake, `/data/v1/annotations?timeframe[]=${NOW_S - 7 * 86_400}&timeframe[]=${NOW_S}`)).body;
    expect(week.data).toEqual(all.filter((n) => Date.parse(n.date) >= (NOW_S - 7 * 86_400) * 1000));
    expect(week.timeframe).toEqual([NOW_S - 7 * 86_400, NOW_S]);
    const desc = (await get(fake, `/data/v1/annotations?${MONTH}&order_direction=desc&limit=2&page=2`)).body;
    expect(desc.data).toEqual([...all].reverse().slice(2, 4));
    expect(desc.total_row_count).toBe(all.length);
    expect((await get(fake, `/data/v1/annotations?${MONTH}&order_direction=up`)).status).toBe(400);
  });

  it('creates (201), gets, updates (PATCH), deletes (204) and then answers 404, in memory per fake', async () => {
    const fake = await start();
    const date = NOW_S - 2 * 3600;
    const created = await send(fake, 'POST', '/data/v1/annotations', { note: 'Deploy CDN config', date });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    expect(created.body.data).toEqual({
      id,
      note: 'Deploy CDN config',
      date: '2026-11-25T08:00:00Z',
      sub_property_id: null,
    });
    expect((await get(fake, `/data/v1/annotations/${id}`)).body.data).toEqual(created.body.data);
    expect((await get(fake, '/data/v1/annotations')).body.data.map((n: Note) => n.id)).toEqual([id]);

    const patched = await send(fake, 'PATCH', `/data/v1/annotations/${id}`, {
      note: 'Rolled back',
      date: date + 60,
      sub_property_id: 'web',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toEqual({
      id,
      note: 'Rolled back',
      date: '2026-11-25T08:01:00Z',
      sub_property_id: 'web',
    });

    const deleted = await send(fake, 'DELETE', `/data/v1/annotations/${id}`);
    expect(deleted).toMatchObject({ status: 204, text: '' });
    expect((await get(fake, `/data/v1/annotations/${id}`)).status).toBe(404);
    expect((await send(fake, 'DELETE', `/data/v1/annotations/${id}`)).status).toBe(404);

    // Seeded ones can be changed and deleted too; another fake instance still has them.
    const seeded = (await get(fake, `/data/v1/annotations?${MONTH}`)).body.data[0] as Note;
    expect((await send(fake, 'DELETE', `/data/v1/annotations/${seeded.id}`)).status).toBe(204);
    expect((await get(fake, `/data/v1/annotations?${MONTH}`)).body.total_row_count).toBe(4);
    expect((await get(await start(), `/data/v1/annotations/${seeded.id}`)).status).toBe(200);
  });

  it('rejects bad bodies with 400 naming the field, and other methods with 404', async () => {
    const fake = await start();
    const cases: Array<[unknown, RegExp]> = [
      [{ date: NOW_S }, /^note: /],
      [{ note: 'x', date: '2026-11-25' }, /^date: /],
      [{ note: 'x', date: NOW_S * 1000 }, /^date: /],
      [{ note: '', date: NOW_S }, /^note: /],
      ['{not json', /JSON/],
    ];
    for (const [body, message] of cases) {
      const r = await send(fake, 'POST', '/data/v1/annotations', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.type).toBe('invalid_parameters');
      expect(r.body.error.messages[0]).toMatch(message);
    }
    const seeded = (await get(fake, `/data/v1/annotations?${MONTH}`)).body.data[0] as Note;
    expect((await send(fake, 'PATCH', `/data/v1/annotations/${seeded.id}`, { note: 'only a note' })).status).toBe(400);
    expect((await send(fake, 'PUT', `/data/v1/annotations/${seeded.id}`, { note: 'x', date: NOW_S })).status).toBe(404);
    expect((await send(fake, 'POST', '/data/v1/incidents', { note: 'x', date: NOW_S })).status).toBe(404);
    expect((await send(fake, 'DELETE', '/data/v1/annotations')).status).toBe(404);
  });
});
