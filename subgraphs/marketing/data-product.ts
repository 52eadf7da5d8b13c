// The Marketing data product's descriptor: who owns it, what it is for, what it publishes and promises.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'marketing',
  name: 'Marketing Campaigns and Customer Acquisition',
  domain: 'Marketing',
  owner: { team: 'Marketing Analytics', contact: 'marketing-analytics@bank.example' },
  purpose:
    "How the bank wins customers: every campaign with its budget, spend and funnel figures, and marketing's record of when and through which channel and campaign each customer was acquired.",
  useCases: [
    'New customers per month, quarter or week, compared with the period before',
    'Which campaign brought the most new customers in a period',
    'Campaign performance: click-through rate, conversion rate and cost per acquisition',
    'Attributing a customer to the campaign that acquired them',
  ],
  limitations: 'Attribution is last-touch: a customer is credited to one campaign at most.',
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: [
      'Campaign',
      'CampaignConnection',
      'CampaignEdge',
      'CustomerAcquisition',
      'AcquisitionPeriod',
      'CampaignAcquisitionRank',
      'CampaignBreakdown',
      'CampaignGroup',
      'Customer.acquisition',
    ],
    rootFields: ['campaign', 'campaigns', 'customerAcquisition', 'topCampaignsByAcquisition', 'campaignBreakdown'],
    aggregates: ['customerAcquisition', 'topCampaignsByAcquisition', 'campaignBreakdown'],
  },
  tables: [
    { table: 'Campaign', type: 'Campaign', key: 'id', updatedAt: 'startDate' },
    { table: 'CustomerAcquisition', type: 'CustomerAcquisition', key: 'customerId', updatedAt: 'acquiredAt' },
  ],
  freshness: {
    objective:
      'Campaign figures are refreshed daily from the ad platforms; an acquisition is recorded when the customer opens their first product.',
  },
  serviceLevel: {
    latency: { value: 1, unit: 'd' },
    frequency: { value: 1, unit: 'd' },
    retention: { value: 5, unit: 'y' },
    availability: 99.5,
  },
  criticalDataElements: ['Campaign.budget', 'Campaign.conversions', 'CustomerAcquisition.acquiredAt'],
  quality: [
    {
      id: 'campaign-name-present',
      kind: 'notNull',
      table: 'Campaign',
      column: 'name',
      severity: 'critical',
      description: 'Every campaign has a name',
    },
    {
      id: 'campaign-budget-range',
      kind: 'range',
      table: 'Campaign',
      column: 'budget',
      min: 0,
      severity: 'critical',
      description: 'Budgets are not negative',
    },
    {
      id: 'campaign-spend-range',
      kind: 'range',
      table: 'Campaign',
      column: 'spend',
      min: 0,
      severity: 'critical',
      description: 'Spend is not negative',
    },
    {
      id: 'acquisition-customer-exists',
      kind: 'references',
      table: 'CustomerAcquisition',
      column: 'customerId',
      references: { product: 'customers', entity: 'Customer' },
      severity: 'critical',
      description: 'Every acquired customer exists in the Customers data product',
    },
    {
      id: 'acquisitions-fresh',
      kind: 'freshness',
      table: 'CustomerAcquisition',
      column: 'acquiredAt',
      maxAgeHours: 24 * 14,
      severity: 'warning',
      description: 'An acquisition was recorded in the last two weeks',
    },
  ],
  deprecations: [],
  glossary: [
    {
      term: 'running',
      synonyms: ['live', 'ongoing', 'in flight'],
      meaning: 'A campaign that is on now: status ACTIVE.',
      filter: { input: 'status', value: 'ACTIVE' },
    },
    {
      term: 'finished',
      synonyms: ['ended', 'closed'],
      meaning: 'A campaign that has ended: status COMPLETED.',
      filter: { input: 'status', value: 'COMPLETED' },
    },
    {
      term: 'upcoming',
      synonyms: ['scheduled', 'future', 'not started'],
      meaning: 'A campaign that has not started: status PLANNED.',
      filter: { input: 'status', value: 'PLANNED' },
    },
    {
      term: 'social media',
      synonyms: ['facebook', 'instagram', 'linkedin', 'tiktok'],
      meaning: 'Campaigns on social networks: channel SOCIAL.',
      filter: { input: 'channel', value: 'SOCIAL' },
    },
    {
      term: 'paid search',
      synonyms: ['google ads', 'search ads', 'sem'],
      meaning: 'Campaigns on search engines: channel SEARCH.',
      filter: { input: 'channel', value: 'SEARCH' },
    },
    {
      term: 'newsletter',
      synonyms: ['mailing', 'mailshot', 'e-mail campaign', 'email campaign'],
      meaning: 'Campaigns sent by e-mail: channel EMAIL.',
      filter: { input: 'channel', value: 'EMAIL' },
    },
  ],
  derivedFields: [
    {
      field: 'Campaign.conversionRate',
      derivation: 'Conversions divided by clicks.',
      fromColumns: ['Campaign.conversions', 'Campaign.clicks'],
    },
    {
      field: 'Campaign.clickThroughRate',
      derivation: 'Clicks divided by impressions.',
      fromColumns: ['Campaign.clicks', 'Campaign.impressions'],
    },
    {
      field: 'Campaign.newCustomers',
      derivation: 'Customers the campaign acquired in the period.',
      fromColumns: ['CustomerAcquisition.campaignId', 'CustomerAcquisition.acquiredAt'],
    },
    {
      field: 'Campaign.costPerAcquisition',
      derivation: 'Spend divided by the customers the campaign acquired.',
      fromFields: ['Campaign.newCustomers'],
      fromColumns: ['Campaign.spend'],
    },
    {
      field: 'Query.customerAcquisition',
      derivation:
        'New customers per day, week, month or quarter, against the period before; which periods are the last ones, and whether a period is complete, is read against the clock (an external input).',
      fromColumns: ['CustomerAcquisition.acquiredAt', 'CustomerAcquisition.customerId'],
    },
    {
      field: 'Query.topCampaignsByAcquisition',
      derivation: 'Campaigns ranked by the customers they acquired in the period, with their share.',
      fromFields: ['Campaign.newCustomers'],
      fromColumns: ['CustomerAcquisition.campaignId', 'CustomerAcquisition.acquiredAt'],
    },
    {
      field: 'Query.campaignBreakdown',
      derivation: 'Campaigns counted and their spend, clicks and conversions summed per channel, status or month.',
      fromColumns: [
        'Campaign.channel',
        'Campaign.status',
        'Campaign.startDate',
        'Campaign.budget',
        'Campaign.spend',
        'Campaign.impressions',
        'Campaign.clicks',
        'Campaign.conversions',
        'CustomerAcquisition.campaignId',
      ],
    },
  ],
  exampleQueries: [
    {
      title: 'New customers last month versus the month before',
      query:
        '{ customerAcquisition(granularity: MONTH, last: 1) { label newCustomers previousPeriodNewCustomers changePercent } }',
    },
    {
      title: 'The campaigns that brought the most customers this year',
      query:
        '{ topCampaignsByAcquisition(from: "2026-01-01T00:00:00Z", first: 5) { campaign { name channel } newCustomers } }',
    },
    {
      title: 'Spend, conversion and cost per new customer per channel, for the campaigns that ran this year',
      query:
        '{ campaignBreakdown(by: [CHANNEL], filter: { runningFrom: "2026-01-01" }) { groups { channel count spend conversions clickThroughRate conversionRate costPerAcquisition } } }',
    },
  ],
}
