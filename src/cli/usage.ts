// A usage error: a bad option or argument, said in one line on stderr with exit code 2.
export class UsageError extends Error {}
