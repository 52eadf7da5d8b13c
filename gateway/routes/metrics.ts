// GET /metrics: the gateway's registry (core/metrics.ts) in Prometheus' text format, for the scraper.
import type { RequestHandler } from 'express'
import { timingSafeEqual } from 'node:crypto'
import { ErrorCode } from '../../lib/errors'
import { sendError } from '../core/http-errors'
import { gatewayMetrics } from '../core/metrics'

/**
 * GET /metrics: the Prometheus text. Open like the subgraphs' /metrics unless `bearerToken` is set
 * (METRICS_TOKEN), then only `Authorization: Bearer <that token>` is answered (Prometheus' `authorization`
 * scrape setting); anything else gets 401.
 */
export function metricsRoute(bearerToken?: string): RequestHandler {
  const expected = bearerToken ? Buffer.from(`Bearer ${bearerToken}`) : undefined
  return async (req, res) => {
    if (expected) {
      const given = Buffer.from(req.header('authorization') ?? '')
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"')
        return sendError(
          res,
          401,
          ErrorCode.UNAUTHENTICATED,
          'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>',
        )
      }
    }
    res.type(gatewayMetrics.registry.contentType).send(await gatewayMetrics.registry.metrics())
  }
}
