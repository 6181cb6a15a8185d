/**
 * Every change an emit makes to the file system goes through one `FileSteps`, one step per call
 * (a file staged, renamed, linked or removed; the lock taken or released). That gives the crash
 * tests their kill points: `TENANT_SCHEMA_TEST_CRASH_AT=<n>` kills the process with SIGKILL just
 * before step n, `TENANT_SCHEMA_TEST_TRACE=<file>` appends each step's number and label to a file,
 * and `TENANT_SCHEMA_TEST_HOLD_MS=<ms>` keeps the lock that long before writing (to make two emits
 * overlap). Without these variables a step is just the call.
 */
import { appendFileSync } from "node:fs";

export interface FileSteps {
  /** Runs one file-system change. */
  run<T>(label: string, change: () => Promise<T>): Promise<T>;
  /** Called once the lock is held: waits TENANT_SCHEMA_TEST_HOLD_MS when set. */
  held(): Promise<void>;
}

/**
 * @example
 * const steps = fileSteps(process.env);
 * await steps.run("rename journal.json", () => rename(temp, target));
 */
export function fileSteps(env: NodeJS.ProcessEnv = process.env): FileSteps {
  const crashAt = Number(env.TENANT_SCHEMA_TEST_CRASH_AT ?? Number.NaN);
  const trace = env.TENANT_SCHEMA_TEST_TRACE;
  const holdMs = Number(env.TENANT_SCHEMA_TEST_HOLD_MS ?? 0);
  let count = 0;
  return {
    async run(label, change) {
      count++;
      if (trace !== undefined && trace !== "") appendFileSync(trace, `${count} ${label}\n`);
      if (count === crashAt) process.kill(process.pid, "SIGKILL");
      return change();
    },
    async held() {
      if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
    },
  };
}
