/**
 * "docs" scenario: the exact example bodies from the seed pages (extracted to ./seed-examples by the client work),
 * served byte-for-byte at their paths. Monitoring paths also answer with their deprecated real-time twin's example.
 */
import { readFileSync } from 'node:fs';

interface IndexEntry {
  method: string;
  path: string;
}

export function loadDocsExamples(dir = new URL('./seed-examples/', import.meta.url)): Map<string, string> {
  const out = new Map<string, string>();
  let index: Record<string, IndexEntry>;
  try {
    index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as Record<string, IndexEntry>;
  } catch {
    return out;
  }
  for (const [name, entry] of Object.entries(index)) {
    if (entry.method !== 'GET') continue;
    const body = readFileSync(new URL(`${name}.json`, dir), 'utf8');
    out.set(entry.path, body);
    if (entry.path.startsWith('/data/v1/realtime/')) {
      const twin = entry.path.replace('/data/v1/realtime/', '/data/v1/monitoring/');
      if (!out.has(twin)) out.set(twin, body);
    }
  }
  return out;
}
