// How the agent runs GraphQL: always as the asker, always on the chat channel. Inside the gateway it runs
// in-process with the asker's verified identity; from the terminal or an MCP client, over HTTP with the
// asker's own bearer token.

export interface GraphQLError {
  message: string
  path?: readonly (string | number)[]
  extensions?: Record<string, unknown>
}

export interface GraphQLResult {
  data?: Record<string, unknown> | null
  errors?: readonly GraphQLError[]
}

/** Runs one operation as the asker. Authorization is the gateway's: nothing here can widen it. */
export type GraphQLExecutor = (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult>

export const CHAT_CHANNEL_HEADER = 'x-mesh-channel'

/** An executor that POSTs to the gateway with the asker's token, on the chat channel. */
export function httpExecutor(gatewayUrl: string, bearerToken: string): GraphQLExecutor {
  return async (query, variables) => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${bearerToken}`,
        [CHAT_CHANNEL_HEADER]: 'chat',
      },
      body: JSON.stringify({ query, variables }),
    })
    return (await response.json()) as GraphQLResult
  }
}
