// The catalog's operations: fixed documents, registered at build as the app's trusted documents (web/src/operations.ts).

export const SEARCH_QUERY = `query CatalogSearch($filter: DataProductFilter) {
  dataProducts(filter: $filter) {
    id name domain status version owner { team contact } purpose
    liveStatus { available lastDataUpdate }
    lastQualityRun { passed criticalFailures warnings finishedAt }
    openAlerts { ruleId }
    classificationSummary { level fields }
  }
}`

export const DETAIL_QUERY = `query CatalogProduct($id: ID!) {
  dataProduct(id: $id) {
    id name domain status sunsetDate version purpose useCases limitations freshnessObjective
    owner { team contact }
    serviceLevels { property value unit }
    outputPorts { name type description }
    liveStatus { available checkedAt lastDataUpdate error tables { table rows lastUpdate } }
    lastQualityRun { id trigger startedAt finishedAt passed criticalFailures warnings error results { ruleId description dimension severity passed message } }
    openAlerts { ruleId description openedAt lastCheckedAt lastResult { observed checkedRows message } }
    fields { coordinate type classification category critical deprecated deprecationReason sunsetDate description }
    deprecations { field reason sunsetDate }
    exampleQueries { title query }
    glossary { term synonyms meaning filter fields }
  }
}`

export const RUN_QUALITY_CHECKS_MUTATION =
  'mutation RunQualityChecks($id: ID) { runQualityChecks(productId: $id) { id passed } }'

export const LINEAGE_QUERY = `query CatalogLineage($of: String!, $direction: LineageDirection, $depth: Int, $kinds: [LineageNodeKind!]) {
  lineage(of: $of, direction: $direction, depth: $depth, kinds: $kinds) {
    of { id kind label }
    nodes { id kind label productId description derivation distance }
    edges { from to kind via }
  }
}`
