// The catalog browser: find data products by words or classification, then read one: owner, lifecycle,
// freshness, quality results, every field with its classification, and example queries to try.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { denialAt, denialsOf, runGraphQL, type GraphQLErrorItem } from '../api'
import { Denied, Failure, Loading } from '../components/states'
import { ScrollableTable } from '../components/ScrollableTable'
import { capitalize, formatCount, formatInstant, formatRelative } from '../format'
import { navigate, openInConsole } from '../routes'
import { useSignedIn } from '../session'
import { useGraphQL } from '../useGraphQL'
import { Lineage } from './Lineage'
import type { CatalogProductQuery, CatalogSearchQuery } from '../generated/operations'
import { DETAIL_QUERY, RUN_QUALITY_CHECKS_MUTATION, SEARCH_QUERY } from './queries'
import { QualityAlertBadge, QualityAlertBanner } from './QualityAlerts'

const CLASSIFICATIONS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'] as const

/** The catalog's route detail: a product id, optionally followed by a lineage node to trace ("risk/tile:risk-grades"). */
function splitDetail(detail: string | undefined): { productId?: string; trace?: string } {
  if (!detail) return {}
  const [productId, ...trace] = detail.split('/')
  return trace.length ? { productId, trace: trace.join('/') } : { productId }
}

export function Catalog({ detail }: { detail?: string }) {
  const { productId, trace } = splitDetail(detail)
  const [text, setText] = useState('')
  const [classification, setClassification] = useState('')
  const [filter, setFilter] = useState<{ text?: string; classification?: string }>({})
  const state = useGraphQL<CatalogSearchQuery>(SEARCH_QUERY, { filter })
  const { role } = useSignedIn()
  const resultsId = useId()
  const detailRef = useRef<HTMLElement>(null)
  const shownId = useRef(productId)
  // Choosing a product moves to its details (above the list on a small screen), as following a link would.
  useEffect(() => {
    if (productId === shownId.current) return
    shownId.current = productId
    if (productId) detailRef.current?.focus()
  }, [productId])

  const search = (event: FormEvent) => {
    event.preventDefault()
    setFilter({ ...(text.trim() && { text: text.trim() }), ...(classification && { classification }) })
  }
  const denial = denialAt(state.errors, 'dataProducts')
  const products = state.data?.dataProducts ?? []

  return (
    <div className="catalog">
      <div className="page-heading">
        <h2>Data product catalog</h2>
        <form className="search" role="search" onSubmit={search} aria-label="Catalog">
          <div className="field grow">
            <label htmlFor="catalog-text">Search data products</label>
            <input
              id="catalog-text"
              type="search"
              value={text}
              onChange={(event) => setText(event.target.value)}
              placeholder="e.g. customer transactions, credit score, Customer.ssn"
            />
          </div>
          <div className="field">
            <label htmlFor="catalog-classification">Holds data classified</label>
            <ClassificationSelect
              id="catalog-classification"
              value={classification}
              onChange={setClassification}
              anyLabel="Any classification"
            />
          </div>
          <button type="submit">Search</button>
        </form>
      </div>
      <div className={productId ? 'catalog-layout showing-detail' : 'catalog-layout'}>
        <section
          aria-labelledby={resultsId}
          className="catalog-results"
          aria-busy={state.status === 'loading' || undefined}
        >
          <h3 id={resultsId}>
            {state.status === 'done' && !denial
              ? `${products.length} data product${products.length === 1 ? '' : 's'}`
              : 'Data products'}
            {filter.text && <span className="muted"> matching “{filter.text}”</span>}
          </h3>
          {state.status === 'loading' && <Loading label="Searching the catalog" />}
          {state.status === 'failed' && <Failure message={state.failure} onRetry={state.reload} />}
          {denial && <Denied role={role} field={denial.field} reason={denial.reason} />}
          {state.status === 'done' && !denial && products.length === 0 && (
            <p className="muted">No data product matches. Try fewer words.</p>
          )}
          <ul className="product-list">
            {products.map((product) => (
              <li key={product.id}>
                <a
                  href={`#/catalog/${product.id}`}
                  className={`product-card${product.id === productId ? ' selected' : ''}`}
                  aria-current={product.id === productId ? 'true' : undefined}
                  data-product-id={product.id}
                >
                  <span className="product-name">{product.name}</span>
                  <span className="muted small">
                    {product.domain} · {product.owner.team}
                  </span>
                  <span className="badges">
                    <StatusBadge status={product.status} />
                    <span className="badge">v{product.version}</span>
                    <QualityBadge run={product.lastQualityRun} />
                    <QualityAlertBadge count={product.openAlerts.length} />
                    {!product.liveStatus.available && <span className="badge bad">not answering</span>}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
        <section className="catalog-detail" aria-label="Data product details" ref={detailRef} tabIndex={-1}>
          {productId ? (
            <ProductDetail id={productId} trace={trace} onQualityRun={state.reload} />
          ) : (
            <p className="muted">Choose a data product to see its owner, quality, fields and example queries.</p>
          )}
        </section>
      </div>
    </div>
  )
}

type ProductDetailData = NonNullable<CatalogProductQuery['dataProduct']>

type QualityRun = NonNullable<ProductDetailData['lastQualityRun']>

function ProductDetail({ id, trace, onQualityRun }: { id: string; trace?: string; onQualityRun(): void }) {
  const state = useGraphQL<CatalogProductQuery>(DETAIL_QUERY, { id })
  const { role } = useSignedIn()
  const [fieldLevel, setFieldLevel] = useState('')
  if (state.status === 'loading') return <Loading label="Reading the data product" />
  if (state.status === 'failed') return <Failure message={state.failure} onRetry={state.reload} />
  const denial = denialAt(state.errors, 'dataProduct')
  if (denial) return <Denied role={role} field={denial.field} reason={denial.reason} />
  const product = state.data?.dataProduct
  if (!product) return <p>No data product has the id “{id}”.</p>
  const fields = product.fields.filter((field) => !fieldLevel || field.classification === fieldLevel)

  return (
    <article className="product-detail" data-product-detail={product.id}>
      <header>
        <h3>{product.name}</h3>
        <p className="badges">
          <StatusBadge status={product.status} />
          <span className="badge">v{product.version}</span>
          <span className="badge">{product.domain}</span>
          {product.sunsetDate && <span className="badge warn">sunset {product.sunsetDate}</span>}
        </p>
        <p>{product.purpose}</p>
      </header>
      <QualityAlertBanner alerts={product.openAlerts} />
      <dl className="facts">
        <dt>Owner</dt>
        <dd>
          {product.owner.team} · <a href={`mailto:${product.owner.contact}`}>{product.owner.contact}</a>
        </dd>
        <dt>Lifecycle</dt>
        <dd>
          {capitalize(product.status.toLowerCase())}
          {product.sunsetDate ? `, sunset ${product.sunsetDate}` : ''}
        </dd>
        <dt>Freshness</dt>
        <dd>
          {product.liveStatus.lastDataUpdate ? (
            <>
              latest data {formatInstant(product.liveStatus.lastDataUpdate)} (
              {formatRelative(product.liveStatus.lastDataUpdate)})
            </>
          ) : (
            'no data yet'
          )}{' '}
          · objective: {product.freshnessObjective}
        </dd>
        <dt>Status</dt>
        <dd>
          {product.liveStatus.available
            ? `answering (checked ${formatRelative(product.liveStatus.checkedAt)})`
            : `not answering${product.liveStatus.error ? `: ${product.liveStatus.error}` : ''}`}
        </dd>
        <dt>Tables</dt>
        <dd>
          {product.liveStatus.tables
            .map(
              (table) =>
                `${table.table}: ${formatCount(table.rows)} rows${table.lastUpdate ? `, newest ${formatInstant(table.lastUpdate)}` : ''}`,
            )
            .join(' · ') || '—'}
        </dd>
        <dt>Service levels</dt>
        <dd>
          {product.serviceLevels.map((level) => `${level.property} ${level.value} ${level.unit}`).join(' · ') || '—'}
        </dd>
        <dt>Limitations</dt>
        <dd>{product.limitations}</dd>
      </dl>

      <Quality
        productId={product.id}
        run={product.lastQualityRun}
        onRan={() => {
          state.reload()
          onQualityRun()
        }}
      />

      <Lineage
        key={`${product.id}|${trace ?? ''}`}
        productId={product.id}
        productName={product.name}
        fields={product.fields.map((field) => field.coordinate)}
        trace={trace}
      />

      <section aria-labelledby="examples-heading">
        <h4 id="examples-heading">Example queries</h4>
        <ul className="examples">
          {product.exampleQueries.map((example) => (
            <li key={example.title}>
              <p className="example-title">{example.title}</p>
              <pre>
                <code>{example.query}</code>
              </pre>
              <button type="button" className="secondary" onClick={() => openInConsole(example.query)}>
                Open in the query console
              </button>
            </li>
          ))}
        </ul>
      </section>

      {product.glossary.length > 0 && (
        <section aria-labelledby="glossary-heading">
          <h4 id="glossary-heading">Glossary</h4>
          <p className="muted small">
            The words people use for this product's data and what they mean in it; the chat reads questions through
            them.
          </p>
          <dl className="glossary">
            {product.glossary.map((entry) => (
              <div key={entry.term}>
                <dt>
                  {entry.term}
                  {entry.synonyms.length > 0 && <span className="muted"> (also {entry.synonyms.join(', ')})</span>}
                </dt>
                <dd>
                  {entry.meaning}{' '}
                  <span className="muted small">
                    (filter <code>{entry.filter}</code>
                    {entry.fields.length > 0 && (
                      <>
                        {' '}
                        on{' '}
                        {entry.fields.map((coordinate, index) => (
                          <span key={coordinate}>
                            {index > 0 && ', '}
                            <code>{coordinate}</code>
                          </span>
                        ))}
                      </>
                    )}
                    )
                  </span>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {product.deprecations.length > 0 && (
        <section aria-labelledby="deprecations-heading">
          <h4 id="deprecations-heading">Deprecations</h4>
          <ul>
            {product.deprecations.map((deprecation) => (
              <li key={deprecation.field}>
                <code>{deprecation.field}</code>: {deprecation.reason} (sunset {deprecation.sunsetDate})
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="fields-heading">
        <div className="section-heading">
          <h4 id="fields-heading">
            Fields{' '}
            <span className="muted">
              ({fields.length} of {product.fields.length})
            </span>
          </h4>
          <div className="field inline">
            <label htmlFor="field-level">Classification</label>
            <ClassificationSelect id="field-level" value={fieldLevel} onChange={setFieldLevel} anyLabel="All" />
          </div>
        </div>
        <ScrollableTable
          label="Fields and their classification"
          caption={`Fields of ${product.name} with their classification`}
          hideCaption
          compact
          tall
        >
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Type</th>
              <th scope="col">Classification</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field.coordinate}>
                <td>
                  <code>{field.coordinate}</code>
                  {field.critical && <span className="badge small">critical</span>}
                  {field.deprecated && <span className="badge warn small">deprecated</span>}
                </td>
                <td>
                  <code>{field.type}</code>
                </td>
                <td>
                  <ClassificationBadge level={field.classification} category={field.category} />
                </td>
                <td className="description">{field.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      </section>
      <p>
        <button type="button" className="link" onClick={() => navigate('catalog')}>
          Back to all data products
        </button>
      </p>
    </article>
  )
}

function Quality({ productId, run, onRan }: { productId: string; run: QualityRun | null; onRan(): void }) {
  const { token, role, signOut } = useSignedIn()
  const [running, setRunning] = useState(false)
  const [problem, setProblem] = useState<{ denied?: { field: string; reason: string }; message?: string } | null>(null)
  const runNow = async () => {
    setRunning(true)
    setProblem(null)
    try {
      const result = await runGraphQL<{ runQualityChecks: unknown[] | null }>(token, RUN_QUALITY_CHECKS_MUTATION, {
        id: productId,
      })
      const denied = denialAt(result.errors, 'runQualityChecks')
      if (denied) setProblem({ denied })
      else if (result.errors.length) setProblem({ message: messages(result.errors) })
      else onRan()
    } catch (error) {
      if ((error as Error).name === 'SessionExpiredError') signOut(`Signed out: ${(error as Error).message}`)
      else setProblem({ message: (error as Error).message })
    } finally {
      setRunning(false)
    }
  }
  return (
    <section aria-labelledby="quality-heading" className="quality">
      <div className="section-heading">
        <h4 id="quality-heading">Quality</h4>
        <button
          type="button"
          className="secondary"
          onClick={runNow}
          disabled={running}
          aria-busy={running || undefined}
        >
          {running ? 'Running checks…' : 'Run the checks now'}
        </button>
      </div>
      {problem?.denied && <Denied role={role} field={problem.denied.field} reason={problem.denied.reason} compact />}
      {problem?.message && <Failure message={problem.message} />}
      {!run ? (
        <p className="muted">No quality run yet: the catalog runs the checks on a schedule, or run them now.</p>
      ) : (
        <>
          <p>
            <QualityBadge run={run} /> Last run {formatInstant(run.finishedAt)} (
            {run.trigger.toLowerCase().replace('_', ' ')}): {run.criticalFailures} critical failure
            {run.criticalFailures === 1 ? '' : 's'}, {run.warnings} warning{run.warnings === 1 ? '' : 's'}
            {run.error && `; ${run.error}`}
          </p>
          <ul className="quality-results">
            {run.results.map((result) => (
              <li
                key={result.ruleId}
                className={result.passed ? 'passed' : result.severity === 'critical' ? 'failed' : 'warned'}
              >
                <span className="result-mark" aria-hidden="true">
                  {result.passed ? '✓' : '✗'}
                </span>
                <span className="visually-hidden">{result.passed ? 'Passed' : 'Failed'}: </span>
                <strong>{result.description}</strong>{' '}
                <span className="muted small">
                  ({result.dimension}, {result.severity})
                </span>{' '}
                — {result.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

function StatusBadge({ status }: { status: string }) {
  const tone = status === 'ACTIVE' ? 'good' : status === 'DEPRECATED' ? 'warn' : status === 'RETIRED' ? 'bad' : ''
  return <span className={`badge ${tone}`}>{status.toLowerCase()}</span>
}

function QualityBadge({ run }: { run: { passed: boolean; criticalFailures: number; warnings: number } | null }) {
  if (!run) return <span className="badge">quality: not run yet</span>
  if (!run.passed) return <span className="badge bad">quality: {run.criticalFailures} critical failing</span>
  return (
    <span className="badge good">
      quality: passed{run.warnings ? ` (${run.warnings} warning${run.warnings === 1 ? '' : 's'})` : ''}
    </span>
  )
}

function ClassificationBadge({ level, category }: { level: string | null; category: string | null }) {
  if (!level) return <span className="badge bad">unclassified</span>
  return (
    <span className={`badge level-${level.toLowerCase()}`}>
      {level.toLowerCase()}
      {category ? ` · ${category}` : ''}
    </span>
  )
}

function messages(errors: GraphQLErrorItem[]): string {
  const denials = denialsOf(errors)
  return [
    ...denials.map((d) => `${d.field}: ${d.reason}`),
    ...errors.filter((e) => e.extensions?.code !== 'FORBIDDEN').map((e) => e.message),
  ].join('; ')
}

/** A choice of classification level, or any ("" when any). */
function ClassificationSelect({
  id,
  value,
  onChange,
  anyLabel,
}: {
  id: string
  value: string
  onChange: (level: string) => void
  anyLabel: string
}) {
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{anyLabel}</option>
      {CLASSIFICATIONS.map((level) => (
        <option key={level} value={level}>
          {capitalize(level.toLowerCase())}
        </option>
      ))}
    </select>
  )
}
