// Reads a domain's SDL together with the types every data product shares (lib/common.graphql).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse, type DocumentNode } from 'graphql'

const COMMON_SDL = readFileSync(path.join(__dirname, 'common.graphql'), 'utf8')

export function loadSubgraphTypeDefs(schemaFile: string): DocumentNode {
  return parse(`${readFileSync(schemaFile, 'utf8')}\n${COMMON_SDL}`)
}
