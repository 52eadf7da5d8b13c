// How the gateway talks to a subgraph: a data source that turns an unreachable or failing subgraph
// into a clear UPSTREAM_UNAVAILABLE error for its part of the query, while the rest still answers.
import { RemoteGraphQLDataSource } from '@apollo/gateway'
import type { FetcherResponse } from '@apollo/utils.fetcher'
import { GraphQLError } from 'graphql'
import { ErrorCode } from '../lib/errors'

export class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(readonly name: string, url: string) {
    super({ url })
  }

  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
    if (error instanceof GraphQLError && error.extensions?.code && response?.ok !== false) throw error
    const status = response ? ` (HTTP ${response.status})` : ''
    throw new GraphQLError(`The ${this.name} data product is unavailable right now${status}; the fields it serves are null. Other data products answered normally.`, {
      extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: this.name },
      originalError: error,
    })
  }
}
