/**
 * enqueue(): put a job on its queue. The payload is checked against the job's schema here,
 * so a bad payload fails at the caller (where it can be fixed) rather than hours later.
 */
import type { SendOptions } from "pg-boss";
import { getBoss } from "./boss";
import { jobs, type JobName, type JobPayload } from "./registry";

export type EnqueueOptions = Pick<
  SendOptions,
  | "id"
  | "priority"
  | "startAfter"
  | "singletonKey"
  | "singletonSeconds"
  | "retryLimit"
  | "retryDelay"
  | "retryBackoff"
  | "retryDelayMax"
  | "expireInSeconds"
>;

/** Returns the job id, or null when a singleton/throttle rule suppressed a duplicate. */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<string | null> {
  const parsed = jobs[name].schema.safeParse(payload);
  if (!parsed.success) {
    throw new Error(`Invalid payload for job ${name}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`);
  }
  const boss = await getBoss();
  // The caller's payload is stored as given (it is what the schema accepts); the handler parses it again.
  return boss.send(name, payload, options);
}
