#!/usr/bin/env node
/** Entry of the `tenant-schema` bin: everything else lives in main.ts so tests can call it. */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main() turns every error into a message; this is the last net, still without a bare stack trace.
    const message = error instanceof Error ? error.message : String(error);
    const stack = process.env.TENANT_SCHEMA_DEBUG && error instanceof Error ? `\n${error.stack ?? ""}` : "";
    process.stderr.write(`internal error: ${message}; this is a bug in tenant-schema, please report it (TENANT_SCHEMA_DEBUG=1 prints the stack)${stack}\n`);
    process.exitCode = 2;
  },
);
