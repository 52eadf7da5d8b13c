// Subscriptions are served over WebSocket and SSE, never as a plain POST: such a request is answered 400 with
// where to go instead, not a 500 from the gateway's executor.
import type { ApolloServerPlugin } from '@apollo/server'
import { GraphQLError } from 'graphql'
import { ErrorCode } from '../../lib/errors'
import type { Identity } from '../../rules/identity'

/** A subscription POSTed as plain HTTP gets a pointer to the transports that serve it, not a 500. */
export const refuseSubscriptionsOverPost: ApolloServerPlugin<{ identity: Identity }> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return
        throw new GraphQLError(
          'Subscriptions are served over WebSocket (graphql-transport-ws) at this URL, or over Server-Sent Events: POST with Accept: text/event-stream',
          {
            extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
          },
        )
      },
    }
  },
}
