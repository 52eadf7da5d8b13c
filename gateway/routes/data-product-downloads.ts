// Downloads of each data product's descriptor (ODPS) and data contract (ODCS) as YAML:
// GET /data-products/<id>/descriptor.yaml and /contract.yaml. They are read through the graph under the
// caller's own identity, so the catalog's authorization and audit apply as to any query.
import type { ApolloServer } from '@apollo/server'
import type { Express, Request, RequestHandler, Response } from 'express'
import type { GraphQLFormattedError } from 'graphql'
import { ErrorCode } from '../../lib/errors'
import type { Identity } from '../../rules/identity'
import { callerOf } from '../core/authentication'
import { httpStatusOf, sendError } from '../core/http-errors'

const DOCUMENT_FIELDS = { descriptor: 'descriptorYaml', contract: 'contractYaml' } as const

/** `authenticate`: the gateway's authentication middleware (core/authentication.ts). */
export function mountDataProductDownloads(
  app: Express,
  apollo: ApolloServer<{ identity: Identity }>,
  authenticate: RequestHandler,
): void {
  app.get(
    '/data-products/:id/:document.yaml',
    authenticate,
    async (req: Request<{ id: string; document: string }>, res: Response) => {
      const field = DOCUMENT_FIELDS[req.params.document as keyof typeof DOCUMENT_FIELDS]
      if (!field)
        return sendError(res, 404, ErrorCode.NOT_FOUND, 'Each data product offers descriptor.yaml and contract.yaml')
      const { identity, refusal } = callerOf(req)
      if (!identity) return sendError(res, 401, ErrorCode.UNAUTHENTICATED, refusal.message)
      const response = await apollo.executeOperation(
        {
          query: `query DataProductDocument($id: ID!) { dataProduct(id: $id) { ${field} } }`,
          operationName: 'DataProductDocument',
          variables: { id: req.params.id },
        },
        { contextValue: { identity } },
      )
      if (response.body.kind !== 'single')
        return sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Unexpected incremental response')
      const { data, errors } = response.body.singleResult as {
        data?: { dataProduct: Record<string, string> | null } | null
        errors?: readonly GraphQLFormattedError[]
      }
      const error = errors?.[0]
      if (error) {
        const code = String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR)
        return sendError(res, httpStatusOf(code), code, error.message)
      }
      if (!data?.dataProduct)
        return sendError(res, 404, ErrorCode.NOT_FOUND, `No data product has the id ${req.params.id}`)
      res
        .type('application/yaml')
        .attachment(`${req.params.id}.${req.params.document}.yaml`)
        .send(data.dataProduct[field])
    },
  )
}
