/**
 * Addresses are compared case-insensitively everywhere (the recipient check, the per-recipient ledger keys, the
 * unsubscribe and suppression lists): this is the one form they are compared and stored in. No import, so the
 * synth (infra, through unsubscribe/table.ts) can use it without loading the senders.
 */
export const normaliseAddress = (address: string): string => address.trim().toLowerCase();
