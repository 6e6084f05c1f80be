/** The sample snapshots, for the tests (they live in support/ so that the bench need not import test/). */
export * from '../../support/sample-snapshots.js';
