// The Marketing data product's descriptor: who owns it, what it is for, and what it publishes.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'marketing',
  name: 'Marketing Campaigns and Customer Acquisition',
  domain: 'Marketing',
  owner: { team: 'Marketing Analytics', contact: 'marketing-analytics@bank.example' },
  purpose: 'How the bank wins customers: every campaign with its budget, spend and funnel figures, and marketing\'s record of when and through which channel and campaign each customer was acquired.',
  useCases: [
    'New customers per month, quarter or week, compared with the period before',
    'Which campaign brought the most new customers in a period',
    'Campaign performance: click-through rate, conversion rate and cost per acquisition',
    'Attributing a customer to the campaign that acquired them',
  ],
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: ['Campaign', 'CampaignConnection', 'CustomerAcquisition', 'AcquisitionPeriod', 'CampaignAcquisitionRank', 'Customer.acquisition'],
    rootFields: ['campaign', 'campaigns', 'customerAcquisition', 'topCampaignsByAcquisition'],
  },
  freshness: 'Campaign figures are refreshed daily from the ad platforms; an acquisition is recorded when the customer opens their first product.',
}
