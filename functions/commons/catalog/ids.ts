/**
 * The two id shapes of the project, written once.
 *
 * - A slug is one of OUR ids (report ids, environment names): it becomes an S3 key part, a schedule name and a URL
 *   path segment, so lower-case letters, digits and dashes only.
 * - A Mux id is one of MUX's ids (metric and dimension ids): lower-case snake case, as every enum of Mux's OpenAPI
 *   description spells them.
 */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const SLUG_RULE = 'lower-case letters, digits and dashes (max 63), starting with a letter or digit';

/** The body of a Mux id, for patterns that embed it (`dimension:value`, `metric:measurement`). */
export const MUX_ID = '[a-z][a-z0-9_]*';
export const MUX_ID_PATTERN = new RegExp(`^${MUX_ID}$`);
