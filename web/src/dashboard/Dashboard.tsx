// The executive dashboard: headline numbers with their change from the period before, trends, top campaigns,
// risk grades, a breakdown of any grouped aggregate, recent anomalies and access denials, each from the data
// product that owns it, as the signed-in person (tiles they may not see say why).
import { useState } from 'react'
import { Tile } from '../components/Tile'
import { ScrollableTable } from '../components/ScrollableTable'
import { bucketsOf, PRESETS, todayUtc, type DateRange } from '../dates'
import {
  divideMoney,
  formatCount,
  formatCountCompact,
  formatInstant,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  sumMoney,
} from '../format'
import { useGraphQL, type QueryState } from '../useGraphQL'
import { Breakdown } from './Breakdown'
import { Chart } from './Chart'
import { Kpi } from './Kpi'
import { describeLead, leadOf } from './leader'
import { PeriodPicker } from './PeriodPicker'
import { ProvenanceProvider } from './provenance'
import {
  accessDenialsOperation,
  acquisitionOperation,
  anomaliesOperation,
  campaignsOperation,
  loansOperation,
  moneyFlowOperation,
  RISK_GRADES_QUERY,
  topCampaignsOperation,
  type AccessDenialsData,
  type AcquisitionData,
  type AnomaliesData,
  type CampaignsData,
  type LoansData,
  type MoneyFlowData,
  type RiskGradesData,
  type TopCampaignsData,
  type TypeTotal,
} from './queries'
import { TileState, type Renderer } from './TileState'

export function Dashboard() {
  const [range, setRange] = useState<DateRange>(() => PRESETS[2]!.range(todayUtc()))
  return (
    <ProvenanceProvider>
      <div className="page-heading">
        <h2>Executive dashboard</h2>
        <PeriodPicker range={range} onChange={setRange} />
      </div>
      <Tiles range={range} />
    </ProvenanceProvider>
  )
}

function Tiles({ range }: { range: DateRange }) {
  const acquisitionOp = acquisitionOperation(range)
  const moneyOp = moneyFlowOperation(range)
  const loansOp = loansOperation(range)
  const campaignsOp = campaignsOperation(range)
  const acquisition = useGraphQL<AcquisitionData>(acquisitionOp.query, acquisitionOp.variables)
  const money = useGraphQL<MoneyFlowData>(moneyOp.query, moneyOp.variables)
  const loans = useGraphQL<LoansData>(loansOp.query, loansOp.variables)
  const campaigns = useGraphQL<CampaignsData>(campaignsOp.query, campaignsOp.variables)

  const newCustomers = (rows: { newCustomers: number | null }[] | null | undefined) =>
    (rows ?? []).reduce((total, row) => total + (row.newCustomers ?? 0), 0)
  const byType = <T extends Pick<TypeTotal, 'type'>>(types: T[] | null | undefined, type: string) =>
    types?.find((t) => t.type === type)

  return (
    <>
      <h3 className="visually-hidden">Headline numbers</h3>
      <div className="kpi-grid">
        <KpiTile
          name="new-customers"
          title="New customers"
          productId="marketing"
          table="CustomerAcquisition"
          operation={acquisitionOp}
          state={acquisition}
          path={['current']}
        >
          {(data: AcquisitionData) => {
            const current = newCustomers(data.current)
            const previous = newCustomers(data.previous)
            return (
              <Kpi
                display={formatCount(current)}
                compact={formatCountCompact(current)}
                raw={String(current)}
                current={current}
                previous={previous}
                previousDisplay={formatCount(previous)}
                detail="customers who joined in the period"
              />
            )
          }}
        </KpiTile>
        <KpiTile
          name="deposits"
          title="Deposits"
          productId="transactions"
          table="Transaction"
          operation={moneyOp}
          state={money}
          path={['current']}
        >
          {(data: MoneyFlowData) => {
            const current = byType(data.current?.byType, 'DEPOSIT')
            const previous = byType(data.previous?.byType, 'DEPOSIT')
            const total = current?.total ?? '0.00'
            return (
              <Kpi
                display={formatMoney(total)}
                compact={formatMoneyCompact(total)}
                raw={total}
                current={Number(total)}
                previous={Number(previous?.total ?? 0)}
                previousDisplay={formatMoney(previous?.total ?? '0')}
                detail={`${formatCount(current?.count ?? 0)} deposits`}
              />
            )
          }}
        </KpiTile>
        <KpiTile
          name="withdrawals"
          title="Withdrawals"
          productId="transactions"
          table="Transaction"
          operation={moneyOp}
          state={money}
          path={['current']}
        >
          {(data: MoneyFlowData) => {
            const current = byType(data.current?.byType, 'WITHDRAWAL')
            const previous = byType(data.previous?.byType, 'WITHDRAWAL')
            const total = current?.total ?? '0.00'
            return (
              <Kpi
                display={formatMoney(total)}
                compact={formatMoneyCompact(total)}
                raw={total}
                current={Number(total)}
                previous={Number(previous?.total ?? 0)}
                previousDisplay={formatMoney(previous?.total ?? '0')}
                betterWhen="down"
                detail={`${formatCount(current?.count ?? 0)} withdrawals`}
              />
            )
          }}
        </KpiTile>
        <KpiTile
          name="net-flow"
          title="Net money flow"
          productId="transactions"
          table="Transaction"
          operation={moneyOp}
          state={money}
          path={['current']}
        >
          {(data: MoneyFlowData) => {
            const net = data.current?.net ?? '0.00'
            const previous = data.previous?.net ?? '0.00'
            return (
              <Kpi
                display={formatMoney(net)}
                compact={formatMoneyCompact(net)}
                raw={net}
                current={Number(net)}
                previous={Number(previous)}
                previousDisplay={formatMoney(previous)}
                detail={`${formatMoney(data.current?.credits)} in − ${formatMoney(data.current?.debits)} out, all types`}
              />
            )
          }}
        </KpiTile>
        <KpiTile
          name="loan-volume"
          title="Loan volume"
          productId="loans"
          table="Loan"
          operation={loansOp}
          state={loans}
          path={['volume']}
        >
          {(data: LoansData) => {
            const total = data.volume?.totalPrincipal ?? '0.00'
            const previous = data.previousVolume?.totalPrincipal ?? '0.00'
            return (
              <Kpi
                display={formatMoney(total)}
                compact={formatMoneyCompact(total)}
                raw={total}
                current={Number(total)}
                previous={Number(previous)}
                previousDisplay={formatMoney(previous)}
                detail={`${formatCount(data.volume?.count ?? 0)} loans paid out`}
              />
            )
          }}
        </KpiTile>
        <KpiTile
          name="approval-rate"
          title="Loan approval rate"
          productId="loans"
          table="LoanApplication"
          operation={loansOp}
          state={loans}
          path={['performance']}
        >
          {(data: LoansData) => {
            const current = data.performance?.all?.current
            const previous = data.performance?.all?.previous
            const rate = current?.approvalRate ?? null
            const previousRate = previous?.approvalRate ?? null
            const decided = (current?.approved ?? 0) + (current?.declined ?? 0)
            const detail = current?.suppressed
              ? 'Too few applicants in this period to show'
              : `${current?.approved ?? 0} approved of ${decided} decided applications`
            return (
              <Kpi
                display={rate === null ? '—' : formatPercent(rate)}
                raw={rate === null ? '' : rate.toFixed(4)}
                current={rate ?? 0}
                previous={previousRate ?? 0}
                previousDisplay={previousRate === null ? '—' : formatPercent(previousRate)}
                changeIn="points"
                detail={detail}
              />
            )
          }}
        </KpiTile>
        <KpiTile
          name="conversions"
          title="Campaign conversions"
          productId="marketing"
          table="Campaign"
          operation={campaignsOp}
          state={campaigns}
          path={['current']}
        >
          {(data: CampaignsData) => {
            const sum = (list: CampaignsData['current']) =>
              (list?.edges ?? []).reduce((total, edge) => total + (edge.node.conversions ?? 0), 0)
            const current = sum(data.current)
            const previous = sum(data.previous)
            return (
              <Kpi
                display={formatCount(current)}
                compact={formatCountCompact(current)}
                raw={String(current)}
                current={current}
                previous={previous}
                previousDisplay={formatCount(previous)}
                detail={`from the ${data.current?.totalCount ?? 0} campaigns that ran in the period`}
              />
            )
          }}
        </KpiTile>
        <KpiTile
          name="cost-per-acquisition"
          title="Cost per acquisition"
          productId="marketing"
          table="Campaign"
          operation={campaignsOp}
          state={campaigns}
          path={['current']}
        >
          {(data: CampaignsData) => {
            const costOf = (list: CampaignsData['current']) => {
              const edges = list?.edges ?? []
              const spend = sumMoney(edges.map((edge) => edge.node.spend))
              return {
                spend,
                cost: divideMoney(
                  spend,
                  edges.reduce((total, edge) => total + (edge.node.newCustomers ?? 0), 0),
                ),
              }
            }
            const current = costOf(data.current)
            const previous = costOf(data.previous)
            return (
              <Kpi
                display={current.cost ? formatMoney(current.cost, { cents: true }) : '—'}
                compact={current.cost ? formatMoneyCompact(current.cost) : '—'}
                raw={current.cost ?? ''}
                current={Number(current.cost ?? 0)}
                previous={Number(previous.cost ?? 0)}
                previousDisplay={previous.cost ? formatMoney(previous.cost, { cents: true }) : '—'}
                betterWhen="down"
                detail={`${formatMoney(current.spend)} spent ÷ the new customers those campaigns brought`}
              />
            )
          }}
        </KpiTile>
      </div>

      <div className="chart-grid">
        <Tile
          name="acquisition-trend"
          title="New customers over time"
          productId="marketing"
          table="CustomerAcquisition"
          operation={acquisitionOp}
          busy={acquisition.status === 'loading'}
        >
          <TileState state={acquisition} path={['current']} productId="marketing">
            {(data: AcquisitionData) => {
              const points = bucketsOf(range).map((bucket) => ({
                label: bucket.label,
                'New customers': (data.current ?? [])
                  .filter((row) => {
                    const day = row.periodStart?.slice(0, 10)
                    return day !== undefined && day >= bucket.from && day <= bucket.to
                  })
                  .reduce((total, row) => total + (row.newCustomers ?? 0), 0),
              }))
              return <Chart title="New customers per period" points={points} series={['New customers']} />
            }}
          </TileState>
        </Tile>
        <Tile
          name="money-trend"
          title="Deposits and withdrawals over time"
          productId="transactions"
          table="Transaction"
          operation={moneyOp}
          busy={money.status === 'loading'}
        >
          <TileState state={money} path={['current']} productId="transactions">
            {(data: MoneyFlowData) => {
              const points = moneyOp.buckets.map((bucket, index) => {
                const types = data[`b${index}`]?.byType
                return {
                  label: bucket.label,
                  Deposits: Number(byType(types, 'DEPOSIT')?.total ?? 0),
                  Withdrawals: Number(byType(types, 'WITHDRAWAL')?.total ?? 0),
                }
              })
              return (
                <Chart
                  title="Deposits and withdrawals per period, USD"
                  points={points}
                  series={['Deposits', 'Withdrawals']}
                  money
                />
              )
            }}
          </TileState>
        </Tile>
        <TopCampaigns range={range} />
        <RiskGrades />
        <Breakdown range={range} />
        <Anomalies range={range} />
        <AccessDenials range={range} />
      </div>
    </>
  )
}

/** A headline-number tile over one operation: the number, or why it is missing. */
function KpiTile<T>({
  name,
  title,
  productId,
  table,
  operation,
  state,
  path,
  children,
}: {
  name: string
  title: string
  productId: string
  table: string
  operation: { query: string; variables: Record<string, unknown> }
  state: QueryState<T> & { reload(): void }
  path: string[]
  children: Renderer<T>
}) {
  return (
    <Tile
      name={name}
      title={title}
      productId={productId}
      table={table}
      operation={operation}
      className="kpi-tile"
      busy={state.status === 'loading'}
    >
      <TileState state={state} path={path} productId={productId} compact>
        {children}
      </TileState>
    </Tile>
  )
}

function TopCampaigns({ range }: { range: DateRange }) {
  const operation = topCampaignsOperation(range)
  const state = useGraphQL<TopCampaignsData>(operation.query, operation.variables)
  return (
    <Tile
      name="top-campaigns"
      title="Top campaigns by new customers"
      productId="marketing"
      table="CustomerAcquisition"
      operation={operation}
      busy={state.status === 'loading'}
    >
      <TileState state={state} path={['topCampaignsByAcquisition']} productId="marketing">
        {(data: TopCampaignsData) => {
          const rows = data.topCampaignsByAcquisition ?? []
          if (rows.length === 0) return <p className="muted">No campaign brought a new customer in this period.</p>
          const lead = leadOf(rows.map((row) => ({ label: row.campaign?.name ?? '—', value: row.newCustomers ?? 0 })))
          return (
            <>
              {lead && (
                <p className="leader" data-leader={lead.leader.label}>
                  {describeLead(lead, 'new customers', formatCount, { listed: true })}
                </p>
              )}
              <Chart
                title="New customers per campaign"
                labelHeading="Campaign"
                layout="vertical"
                points={rows.map((row) => ({
                  label: row.campaign?.name ?? '—',
                  'New customers': row.newCustomers ?? 0,
                }))}
                series={['New customers']}
              />
              <ScrollableTable label="Top campaigns" caption="Top campaigns" hideCaption compact>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Campaign</th>
                    <th scope="col">Channel</th>
                    <th scope="col" className="number">
                      New customers
                    </th>
                    <th scope="col" className="number">
                      Share
                    </th>
                    <th scope="col" className="number">
                      Cost per acquisition
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.campaign?.id ?? row.rank}>
                      <td>{row.rank}</td>
                      <td>{row.campaign?.name ?? '—'}</td>
                      <td>{row.campaign?.channel.toLowerCase() ?? '—'}</td>
                      <td className="number">{formatCount(row.newCustomers)}</td>
                      <td className="number">{formatPercent(row.shareOfNewCustomers)}</td>
                      <td className="number">{formatMoney(row.campaign?.costPerAcquisition, { cents: true })}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollableTable>
            </>
          )
        }}
      </TileState>
    </Tile>
  )
}

function RiskGrades() {
  const state = useGraphQL<RiskGradesData>(RISK_GRADES_QUERY)
  return (
    <Tile
      name="risk-grades"
      title="Customers by risk grade"
      productId="risk"
      table="RiskAssessment"
      operation={{ query: RISK_GRADES_QUERY, variables: {} }}
      note="latest assessment of each customer, whatever the period"
      busy={state.status === 'loading'}
    >
      <TileState state={state} path={['riskGradeDistribution']} productId="risk">
        {(data: RiskGradesData) => {
          const rows = data.riskGradeDistribution ?? []
          return (
            <>
              <Chart
                title="Customers per risk grade (A best, E worst)"
                labelHeading="Grade"
                points={rows.map((row) => ({ label: `Grade ${row.grade ?? '?'}`, Customers: row.count ?? 0 }))}
                series={['Customers']}
              />
              <p className="muted small">
                Average probability of default:{' '}
                {rows
                  .map((row) => `${row.grade} ${formatPercent(Number(row.averageProbabilityOfDefault ?? 0))}`)
                  .join(' · ')}
              </p>
            </>
          )
        }}
      </TileState>
    </Tile>
  )
}

function Anomalies({ range }: { range: DateRange }) {
  const operation = anomaliesOperation(range)
  const state = useGraphQL<AnomaliesData>(operation.query, operation.variables)
  return (
    <Tile
      name="anomalies"
      title="Recent anomalies"
      productId="transactions"
      table="Transaction"
      operation={operation}
      className="wide"
      busy={state.status === 'loading'}
    >
      <TileState state={state} path={['anomalousTransactions']} productId="transactions">
        {(data: AnomaliesData) => {
          const rows = data.anomalousTransactions ?? []
          if (rows.length === 0) return <p className="muted">No unusual debit in this period.</p>
          return (
            <ScrollableTable label="Recent anomalies" caption="Most unusual debits of the period" hideCaption compact>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Transaction</th>
                  <th scope="col" className="number">
                    Amount
                  </th>
                  <th scope="col" className="number">
                    Typical
                  </th>
                  <th scope="col" className="number">
                    Score
                  </th>
                  <th scope="col">Why it stands out</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={row.transaction?.id ?? index}>
                    <td>{row.transaction?.date ? formatInstant(row.transaction.date) : '—'}</td>
                    <td>
                      {row.transaction?.id ?? '—'}
                      <span className="muted small"> {row.transaction?.type?.toLowerCase()}</span>
                    </td>
                    <td className="number">{formatMoney(row.transaction?.amount, { cents: true })}</td>
                    <td className="number">{formatMoney(row.typicalAmount, { cents: true })}</td>
                    <td className="number">{row.score?.toFixed(1) ?? '—'}</td>
                    <td className="reason">{row.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollableTable>
          )
        }}
      </TileState>
    </Tile>
  )
}

function AccessDenials({ range }: { range: DateRange }) {
  const operation = accessDenialsOperation(range)
  const state = useGraphQL<AccessDenialsData>(operation.query, operation.variables)
  return (
    <Tile
      name="access-denials"
      title="Access denials"
      productId="audit"
      table="AccessDenial"
      operation={operation}
      className="wide"
      busy={state.status === 'loading'}
    >
      <TileState state={state} path={['accessDenials']} productId="audit">
        {(data: AccessDenialsData) => {
          const denials = data.accessDenials
          if (!denials || denials.totalCount === 0)
            return <p className="muted">Nobody was refused anything in this period.</p>
          return (
            <>
              <p className="kpi-value small-value" data-value={denials.totalCount}>
                {formatCount(denials.totalCount)}{' '}
                <span className="muted">fields refused in the period; the latest:</span>
              </p>
              <ScrollableTable label="Latest access denials" caption="Latest access denials" hideCaption compact>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Field</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {denials.edges.map(({ node }) => (
                    <tr key={node.id}>
                      <td>{node.occurredAt ? formatInstant(node.occurredAt) : '—'}</td>
                      <td>
                        {node.subject}{' '}
                        <span className="muted small">
                          ({node.roles?.join(', ')}, {node.channel})
                        </span>
                      </td>
                      <td>
                        <code>{node.field}</code>
                      </td>
                      <td className="reason">{node.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollableTable>
            </>
          )
        }}
      </TileState>
    </Tile>
  )
}
