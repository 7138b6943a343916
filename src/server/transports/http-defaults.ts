/** HTTP defaults, in a module of their own so the CLI can print them without loading the server. */
export const DEFAULT_HTTP_PORT = 3333;
export const DEFAULT_HTTP_HOST = '127.0.0.1';
/** Room for the largest review input (512 KB of code) once JSON-escaped, and no more. */
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
export const DEFAULT_SHUTDOWN_DEADLINE_MS = 10_000;
