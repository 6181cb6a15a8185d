/**
 * Everything that can go wrong in a run, as data: the CLI prints each as `file:line: message`
 * (like compilers do, so editors can jump to it) and picks the exit code from the worst one.
 */

export interface Problem {
  /** Path relative to the project root (forward slashes), or null when no file is to blame. */
  file: string | null;
  line: number | null;
  message: string;
}

/**
 * 1: the schema, the emitted files or the emit state are wrong; 2: the command line, the config or a
 * state file's format is wrong; 3: another run holds the emit lock.
 */
export type FailureCode = 1 | 2 | 3;

/** Thrown for problems that stop a run before anything is computed (bad config, bad flags). */
export class CliError extends Error {
  constructor(
    readonly problems: Problem[],
    readonly exitCode: FailureCode,
  ) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "CliError";
  }
}

/**
 * @example
 * formatProblem({ file: "schema/x.ts", line: 3, message: "boom" }) // "schema/x.ts:3: boom"
 */
export function formatProblem(problem: Problem): string {
  if (problem.file === null) return problem.message;
  return problem.line === null ? `${problem.file}: ${problem.message}` : `${problem.file}:${problem.line}: ${problem.message}`;
}
