// The dashboard's tiles as consumers of the mesh: each tile's name, title, source product and the operations
// it can run. The catalog reads this list to draw what each tile's figure comes from; a test keeps it in step
// with the tiles the dashboard draws.
import type { DateRange } from '../dates'
import { BREAKDOWNS } from './breakdowns'
import {
  RISK_GRADES_QUERY,
  accessDenialsOperation,
  acquisitionOperation,
  anomaliesOperation,
  campaignsOperation,
  loansOperation,
  moneyFlowDocument,
  topCampaignsOperation,
} from './queries'

export interface DashboardTile {
  /** The tile's stable name, its `data-tile` on the page. */
  name: string
  title: string
  /** The data product whose figures the tile shows; null when the person chooses (the breakdown tile). */
  productId: string | null
  /** Every operation the tile can run (dates are variables: any period gives the same documents). */
  documents: string[]
}

/** The documents do not depend on the period (dates are variables); any period builds them. */
const ANY_PERIOD: DateRange = { from: '2026-01-01', to: '2026-01-31' }

const acquisition = acquisitionOperation(ANY_PERIOD).query
/** One bucket is enough: every money-flow document selects the same fields. */
const moneyFlow = moneyFlowDocument(1)
const loans = loansOperation(ANY_PERIOD).query
const campaigns = campaignsOperation(ANY_PERIOD).query

export const DASHBOARD_TILES: DashboardTile[] = [
  { name: 'new-customers', title: 'New customers', productId: 'marketing', documents: [acquisition] },
  { name: 'deposits', title: 'Deposits', productId: 'transactions', documents: [moneyFlow] },
  { name: 'withdrawals', title: 'Withdrawals', productId: 'transactions', documents: [moneyFlow] },
  { name: 'net-flow', title: 'Net money flow', productId: 'transactions', documents: [moneyFlow] },
  { name: 'loan-volume', title: 'Loan volume', productId: 'loans', documents: [loans] },
  { name: 'approval-rate', title: 'Loan approval rate', productId: 'loans', documents: [loans] },
  { name: 'conversions', title: 'Campaign conversions', productId: 'marketing', documents: [campaigns] },
  { name: 'cost-per-acquisition', title: 'Cost per acquisition', productId: 'marketing', documents: [campaigns] },
  { name: 'acquisition-trend', title: 'New customers over time', productId: 'marketing', documents: [acquisition] },
  {
    name: 'money-trend',
    title: 'Deposits and withdrawals over time',
    productId: 'transactions',
    documents: [moneyFlow],
  },
  {
    name: 'top-campaigns',
    title: 'Top campaigns by new customers',
    productId: 'marketing',
    documents: [topCampaignsOperation(ANY_PERIOD).query],
  },
  { name: 'risk-grades', title: 'Customers by risk grade', productId: 'risk', documents: [RISK_GRADES_QUERY] },
  {
    name: 'breakdown',
    title: 'Breakdown',
    productId: null,
    documents: BREAKDOWNS.flatMap((source) =>
      source.dimensions.flatMap((dimension) =>
        source.measures.map((measure) => source.ask({ dimension, measure }, ANY_PERIOD, source).operation.query),
      ),
    ),
  },
  {
    name: 'anomalies',
    title: 'Recent anomalies',
    productId: 'transactions',
    documents: [anomaliesOperation(ANY_PERIOD).query],
  },
  {
    name: 'access-denials',
    title: 'Access denials',
    productId: 'audit',
    documents: [accessDenialsOperation(ANY_PERIOD).query],
  },
]
