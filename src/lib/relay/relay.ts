import { createRelayClient } from './relay-client.ts';

/** The page's one tRPC client: jobs, account and admin share it (and its batching). */
export const relay = createRelayClient();
