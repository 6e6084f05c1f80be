/** Types for bundle-guard.mjs (plain JS so the CDK bundling hook runs it with bare node). */
export declare const FORBIDDEN_PACKAGES: string[];
export declare function forbiddenInputs(metafile: { inputs: Record<string, unknown> }): string[];
