// Watches the supergraph file so that a new composition is served without a restart. The directory is
// watched, not the file: editors, `mv` and Kubernetes config maps replace a file by renaming another over
// it, which a watch on the old file never sees.
import { watch, type FSWatcher } from 'node:fs'
import path from 'node:path'
import { createLogger } from '../../lib/logger'

const log = createLogger('gateway')

export interface SupergraphFileWatchOptions {
  /** Quiet time after the last change before `onChange` is called, so a file written in pieces is read once (default 200 ms). */
  debounceMillis?: number
}

/** Calls `onChange` once the file (or its directory) has settled after a change. Returns the function that stops watching. */
export function watchSupergraphFile(
  file: string,
  onChange: () => void,
  options: SupergraphFileWatchOptions = {},
): () => void {
  const debounceMillis = options.debounceMillis ?? 200
  const name = path.basename(file)
  let timer: NodeJS.Timeout | undefined
  const changed = (filename: string | Buffer | null) => {
    // A config map changes the file by swapping a `..data` link beside it; a reload of the same content is a no-op.
    if (filename !== null && String(filename) !== name && !String(filename).startsWith('..')) return
    clearTimeout(timer)
    timer = setTimeout(onChange, debounceMillis)
  }
  let watcher: FSWatcher
  try {
    watcher = watch(path.dirname(file), { persistent: false }, (_event, filename) => changed(filename))
  } catch (error) {
    log.error(
      { supergraph: file },
      `supergraph: cannot watch ${file} (${(error as Error).message}); reload it with SIGHUP`,
    )
    return () => undefined
  }
  watcher.on('error', (error) =>
    log.error({ supergraph: file }, `supergraph: stopped watching ${file} (${error.message}); reload it with SIGHUP`),
  )
  return () => {
    clearTimeout(timer)
    watcher.close()
  }
}
