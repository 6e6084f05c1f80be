/** Which handlers exist, and whether each is still the placeholder (other work lands them over time). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HandlerInfo {
  name: string;
  /** `functions/<name>/handler.ts` still throws "not implemented yet". */
  placeholder: boolean;
  bundle: string;
  meta: string;
  built: boolean;
}

export const PLACEHOLDER_MARKER = 'not implemented yet';

export function handlers(root: string): HandlerInfo[] {
  const dir = join(root, 'functions');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')))
    .sort()
    .map((name) => {
      const bundle = join(root, 'dist', 'functions', name, 'index.mjs');
      return {
        name,
        placeholder: readFileSync(join(dir, name, 'handler.ts'), 'utf8').includes(PLACEHOLDER_MARKER),
        bundle,
        meta: join(root, 'dist', 'meta', `${name}.json`),
        built: existsSync(bundle),
      };
    });
}
