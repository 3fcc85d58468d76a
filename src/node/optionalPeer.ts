/**
 * Optional peer dependencies (BullMQ and ioredis for sweeps on Redis): loaded on first use, so
 * that a program that never uses them needs them neither installed nor loaded. When one is
 * missing, the error says which package to install instead of a bare module-resolution failure.
 *
 * @since 0.3.0
 */

/** Whether `e` is the module loader's "cannot find" for the package `name`. */
const isMissing = (e: unknown, name: string): boolean =>
  typeof e === 'object' &&
  e !== null &&
  ((e as { readonly code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' ||
    (e as { readonly code?: unknown }).code === 'MODULE_NOT_FOUND') &&
  String((e as { readonly message?: unknown }).message).includes(name)

/**
 * The module `load` imports; when the package `name` is not installed, a rejection whose message
 * names it and the command that installs what is needed (`install`). Meant for use inside
 * `TE.tryCatch`, which turns the rejection into the caller's error value.
 *
 * @category loading
 * @since 0.3.0
 */
export const importPeer = <M>(name: string, install: string, load: () => Promise<M>): Promise<M> =>
  load().catch((e: unknown) => {
    throw isMissing(e, name) ? new Error(`the package ${name} is not installed; install it with: ${install}`) : e
  })
