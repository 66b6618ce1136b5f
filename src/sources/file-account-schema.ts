import { z } from 'zod';
import type { FileAccount } from './scan-log.js';

/** A {@link FileAccount} as read back from summary.json or a store's manifest. */
export const fileAccountSchema = z.object({
  rows: z.number(),
  rejected: z.number(),
  blank: z.number(),
  bytes: z.number(),
  reasons: z.record(z.string(), z.number()),
  examples: z.array(z.string()),
  rejected_files: z.array(z.string()),
}) satisfies z.ZodType<FileAccount>;
