// Reads a domain's SDL together with the types every data product shares (lib/common.graphql).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse, type DocumentNode } from 'graphql'
import { applyDeprecations } from './data-contract'
import type { DataProductDescriptor } from './data-product'

const COMMON_SDL = readFileSync(path.join(__dirname, 'common.graphql'), 'utf8')

/** The SDL, with the deprecations the product's descriptor declares marked `@deprecated`. */
export function loadSubgraphTypeDefs(schemaFile: string, dataProduct: DataProductDescriptor): DocumentNode {
  return applyDeprecations(parse(`${readFileSync(schemaFile, 'utf8')}\n${COMMON_SDL}`), dataProduct)
}
