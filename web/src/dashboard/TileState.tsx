// What a tile shows for its query: loading, failed (with a retry), refused (the mesh's own reason and who to
// ask), or the data drawn by the tile.
import type { ReactNode } from 'react'
import { denialAt, failureAt } from '../api'
import { Denied, Failure, Loading } from '../components/states'
import { useSignedIn } from '../session'
import type { QueryState } from '../useGraphQL'
import { useProduct } from './provenance'

export type Renderer<T> = (data: T) => ReactNode

/** Loading, failed, denied (at `path`), or the rendered data. */
export function TileState<T>({
  state,
  path,
  productId,
  compact,
  children,
}: {
  state: QueryState<T> & { reload(): void }
  path: string[]
  productId: string
  compact?: boolean
  children: Renderer<T>
}) {
  const { role } = useSignedIn()
  const owner = useProduct(productId)?.owner
  if (state.status === 'loading') return <Loading />
  if (state.status === 'failed') return <Failure message={state.failure} onRetry={state.reload} />
  const denial = denialAt(state.errors, ...path)
  if (denial) return <Denied role={role} field={denial.field} reason={denial.reason} owner={owner} compact={compact} />
  const failure = failureAt(state.errors, ...path)
  if (failure || !state.data)
    return <Failure message={failure?.message ?? 'The data product gave no answer.'} onRetry={state.reload} />
  return <>{children(state.data)}</>
}
