/**
 * `zod/mini` (the tree-shakable build of zod: same core, same validation) for the modules every request loads at
 * init (settings/index.ts, http/parse-request.ts), so a cold `GET /reports` does not pay for classic zod (~15 ms,
 * npm run bench). Unlike classic zod, mini registers no locale, so its built-in messages would read
 * "Invalid input" in a process that has not loaded classic zod yet: register English as classic does (only when no
 * locale is set).
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

if (!z.config().localeError) z.config(en());

export * from 'zod/mini';
