/** Bounds on the file work one call may do; each is named in the error that enforces it. */

export interface WorkspaceLimits {
  /** Files one call reviews. */
  maxFiles: number;
  /** Bytes of one file (larger files are skipped as probably generated, and said so). */
  maxFileBytes: number;
  /** Bytes of all files of one call together. */
  maxTotalBytes: number;
}

export const DEFAULT_LIMITS: WorkspaceLimits = {
  maxFiles: 500,
  maxFileBytes: 512 * 1024,
  maxTotalBytes: 16 * 1024 * 1024,
};

/** A bound was hit: the message names the bound, its value and what to do. */
export class WorkspaceLimitError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceLimitError';
  }
}
