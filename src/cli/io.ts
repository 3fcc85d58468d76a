/**
 * Where a command writes: standard output for data (configs, predictions, JSON lines),
 * standard error for people (progress, messages). Tests pass their own.
 *
 * @since 0.2.0
 */

/**
 * @category model
 * @since 0.2.0
 */
export interface Io {
  readonly out: NodeJS.WritableStream
  readonly err: NodeJS.WritableStream
  /** Whether standard error is a terminal: the progress bar is drawn only there. */
  readonly errIsTTY: boolean
}

/**
 * The process's own streams.
 *
 * @category constructors
 * @since 0.2.0
 */
export const processIo = (): Io => ({
  out: process.stdout,
  err: process.stderr,
  errIsTTY: process.stderr.isTTY === true
})

/**
 * The exit codes: 0 success, 1 training failed, 2 bad input (config, data, arguments),
 * 130 interrupted (Ctrl-C, after writing a checkpoint).
 *
 * @category model
 * @since 0.2.0
 */
export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const
