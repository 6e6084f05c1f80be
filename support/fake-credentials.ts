/** The token the fake Mux accepts by default (fake-mux/server.ts `tokenId` / `tokenSecret`). A leaf module: bench children bundle it. */
export const FAKE_CREDENTIALS = { tokenId: 'fake-token-id', tokenSecret: 'fake-token-secret' };
