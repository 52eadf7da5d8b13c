// Runs one GraphQL operation as the signed-in person whenever the query or its variables change, keeping the
// partial answer and the errors apart so that a tile can show what it may and explain what it may not.
import { useCallback, useEffect, useState } from 'react'
import { RequestError, runGraphQL, SessionExpiredError, type GraphQLErrorItem } from './api'
import { useSignedIn } from './session'

export type QueryState<T> =
  | { status: 'loading'; data: null; errors: GraphQLErrorItem[]; failure: null }
  | { status: 'done'; data: T | null; errors: GraphQLErrorItem[]; failure: null }
  | { status: 'failed'; data: null; errors: GraphQLErrorItem[]; failure: string }

const LOADING: { status: 'loading'; data: null; errors: GraphQLErrorItem[]; failure: null } = {
  status: 'loading',
  data: null,
  errors: [],
  failure: null,
}

export function useGraphQL<T>(
  query: string | null,
  variables: Record<string, unknown> = {},
): QueryState<T> & { reload(): void } {
  const { token, signOut } = useSignedIn()
  const [attempt, setAttempt] = useState(0)
  const variablesKey = JSON.stringify(variables)
  // The answer is kept with the request it answers: a newer request shows as loading until its own answer.
  const requestKey = JSON.stringify([query, variablesKey, token, attempt])
  const [answer, setAnswer] = useState<{ requestKey: string; state: QueryState<T> } | null>(null)
  useEffect(() => {
    if (!query) return
    const controller = new AbortController()
    runGraphQL<T>(token, query, JSON.parse(variablesKey) as Record<string, unknown>, controller.signal).then(
      (result) =>
        setAnswer({ requestKey, state: { status: 'done', data: result.data, errors: result.errors, failure: null } }),
      (error: unknown) => {
        if (controller.signal.aborted) return
        if (error instanceof SessionExpiredError)
          return signOut(`Signed out: ${error.message}. Choose a role or paste a new token.`)
        setAnswer({
          requestKey,
          state: {
            status: 'failed',
            data: null,
            errors: [],
            failure: error instanceof RequestError ? error.message : 'Something went wrong; try again.',
          },
        })
      },
    )
    return () => controller.abort()
  }, [query, variablesKey, token, signOut, requestKey])
  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const state: QueryState<T> = answer?.requestKey === requestKey ? answer.state : LOADING
  return { ...state, reload }
}
