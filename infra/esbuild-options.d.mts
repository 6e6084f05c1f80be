/** Types for esbuild-options.mjs (plain JS so the CDK bundling hook's script runs it with bare node). */
import type { BuildOptions } from 'esbuild';

export declare const ESM_REQUIRE_BANNER: string;
export declare const NODE_TARGET: string;
export declare const MAIN_FIELDS: string[];
export declare const EXTERNAL_MODULES: string[];
export declare const ENTRY_FILE: 'index.mjs';
export declare const CHUNKS_DIR: 'chunks';
export declare function splitBuildOptions(
  entry: string,
  outdir: string,
): BuildOptions & { metafile: true; outdir: string };
