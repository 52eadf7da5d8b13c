// Names and labels the demo bank is made of.

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Lisa', 'Matthew', 'Nancy',
  'Anthony', 'Betty', 'Mark', 'Sandra', 'Donald', 'Margaret', 'Steven', 'Ashley', 'Andrew', 'Kimberly', 'Paul', 'Emily',
  'Joshua', 'Donna', 'Kenneth', 'Michelle', 'Kevin', 'Carol', 'Brian', 'Amanda', 'George', 'Melissa', 'Timothy', 'Deborah',
  'Ronald', 'Stephanie', 'Jason', 'Rebecca', 'Edward', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia', 'Jacob', 'Amy',
  'Gary', 'Kathleen', 'Nicholas', 'Angela', 'Eric', 'Shirley', 'Jonathan', 'Brenda', 'Stephen', 'Emma', 'Larry', 'Anna',
  'Aisha', 'Wei', 'Priya', 'Carlos', 'Sofia', 'Mohammed', 'Yuki', 'Olga', 'Kwame', 'Fatima', 'Luis', 'Mei', 'Arjun', 'Ines',
]

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson',
  'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
  'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell',
  'Mitchell', 'Carter', 'Roberts', 'Chen', 'Patel', 'Kim', 'Okafor', 'Schmidt', 'Novak', 'Rossi', 'Tanaka', 'Haddad',
]

export const REGIONS = ['Northeast', 'Southeast', 'Midwest', 'Southwest', 'West'] as const

/**
 * Everyday purchases by debit or credit card: merchant, median amount in USD for a customer who spends a
 * typical amount, and how often it comes up relative to the others.
 */
export const PURCHASES: readonly (readonly [merchant: string, medianDollars: number, weight: number])[] = [
  ['Grocery store', 140, 18], ['Supermarket', 110, 12], ['Gas station', 60, 10], ['Restaurant', 75, 9], ['Online retailer', 90, 10],
  ['Department store', 120, 4], ['Pharmacy', 40, 5], ['Clothing store', 110, 4], ['Home improvement store', 130, 3], ['Coffee shop', 12, 4],
  ['Public transport', 30, 3], ['Parking', 18, 2], ['Bookstore', 30, 2], ['Gym membership', 50, 2], ['Veterinary clinic', 150, 1],
  ['Car repair shop', 260, 1], ['Electronics store', 200, 2], ['Furniture store', 300, 1], ['Airline', 320, 1], ['Hotel', 240, 1],
]

/**
 * Regular bills paid from checking: description, median amount in USD for a customer of median income, and
 * how much the amount varies from month to month (sigma of a log-normal; 0 for a fixed amount).
 */
export const BILLS: readonly (readonly [description: string, medianDollars: number, monthlySpread: number])[] = [
  ['Electricity and gas bill', 140, 0.2], ['Water bill', 55, 0.15], ['Mobile phone bill', 75, 0.03], ['Internet bill', 70, 0],
  ['Auto insurance premium', 150, 0], ['Health insurance premium', 260, 0], ['Streaming subscription', 16, 0], ['Life insurance premium', 60, 0],
]

/** What a personal loan's proceeds are spent on, by the loan's purpose: description and transaction type. */
export const LOAN_SPENDING: Record<string, readonly [string, 'PAYMENT' | 'TRANSFER']> = {
  'Debt consolidation': ['Payoff to other lender', 'TRANSFER'],
  'Home improvement': ['Home improvement contractor', 'PAYMENT'],
  Wedding: ['Wedding venue and services', 'PAYMENT'],
  'Medical expenses': ['Hospital and medical bills', 'PAYMENT'],
  Holiday: ['Travel agency', 'PAYMENT'],
  Education: ['Tuition payment', 'PAYMENT'],
}

/** Campaign themes: name, channel, and the months (1–12) the theme fits; an empty list fits any month. */
export const CAMPAIGN_THEMES: readonly (readonly [string, 'EMAIL' | 'SOCIAL' | 'SEARCH' | 'DISPLAY' | 'TV' | 'BRANCH' | 'REFERRAL', readonly number[]])[] = [
  ['New Year Fresh Start', 'EMAIL', [1, 2]],
  ['Spring Savings Boost', 'EMAIL', [3, 4, 5]],
  ['Home Buyer Week', 'SEARCH', [3, 4, 5, 6]],
  ['Summer Special Offer', 'SOCIAL', [6, 7, 8]],
  ['Back to School Checking', 'DISPLAY', [8, 9]],
  ['Student Starter Account', 'SOCIAL', [8, 9, 10]],
  ['Autumn Rewards Card', 'SEARCH', [9, 10, 11]],
  ['Holiday Cashback', 'TV', [11, 12]],
  ['Refer a Friend', 'REFERRAL', []],
  ['Branch Open Days', 'BRANCH', []],
  ['Mobile First Banking', 'SOCIAL', []],
  ['Small Business Kickstart', 'DISPLAY', []],
]

export const LOAN_PURPOSES = {
  PERSONAL: ['Debt consolidation', 'Home improvement', 'Wedding', 'Medical expenses', 'Holiday', 'Education'],
  MORTGAGE: ['Home purchase', 'Remortgage', 'Buy-to-let purchase'],
  AUTO: ['New car', 'Used car', 'Electric vehicle'],
} as const

/** What kind of merchant each payment the demo bank books goes to (the Transactions product's MerchantCategory). */
export const MERCHANT_CATEGORIES: Readonly<Record<string, string>> = {
  'Grocery store': 'GROCERIES', Supermarket: 'GROCERIES', 'Gas station': 'FUEL', Restaurant: 'RESTAURANTS', 'Coffee shop': 'RESTAURANTS',
  'Online retailer': 'RETAIL', 'Department store': 'RETAIL', 'Clothing store': 'RETAIL', Bookstore: 'RETAIL', 'Electronics store': 'RETAIL',
  Pharmacy: 'HEALTH', 'Veterinary clinic': 'HEALTH', 'Hospital and medical bills': 'HEALTH',
  'Home improvement store': 'HOME', 'Furniture store': 'HOME', 'Home improvement contractor': 'HOME',
  'Public transport': 'TRANSPORT', Parking: 'TRANSPORT', 'Car repair shop': 'TRANSPORT',
  Airline: 'TRAVEL', Hotel: 'TRAVEL', 'Travel agency': 'TRAVEL',
  'Gym membership': 'SUBSCRIPTIONS', 'Streaming subscription': 'SUBSCRIPTIONS',
  'Electricity and gas bill': 'UTILITIES', 'Water bill': 'UTILITIES', 'Mobile phone bill': 'UTILITIES', 'Internet bill': 'UTILITIES', 'Utility bill': 'UTILITIES',
  'Auto insurance premium': 'INSURANCE', 'Health insurance premium': 'INSURANCE', 'Life insurance premium': 'INSURANCE', 'Insurance premium': 'INSURANCE', 'Property tax and home insurance': 'INSURANCE',
  'Wedding venue and services': 'OTHER', 'Tuition payment': 'OTHER',
}

/** Where customers who send money home every month send it: country (ISO-3166) and currency (ISO-4217), with weights. */
export const REMITTANCE_CORRIDORS: readonly (readonly [country: string, currency: string, weight: number])[] = [
  ['MX', 'MXN', 30], ['IN', 'INR', 16], ['PH', 'PHP', 12], ['CN', 'CNY', 8], ['VN', 'VND', 6], ['GT', 'GTQ', 6], ['NG', 'NGN', 5],
  ['PL', 'PLN', 4], ['GB', 'GBP', 5], ['DE', 'EUR', 4], ['CA', 'CAD', 4],
]

/** Why a card payment was reversed, as the payments team records it, with weights. */
export const REVERSAL_REASONS: readonly (readonly [reason: string, weight: number])[] = [
  ['Merchant cancelled the order', 40], ['Duplicate card authorisation', 25], ['Goods returned to the merchant', 25], ['Authorisation expired unused', 10],
]

/** What customers say when they dispute a card payment, with weights. */
export const DISPUTE_REASONS: readonly (readonly [reason: string, weight: number])[] = [
  ['I was charged twice', 30], ['I never received the goods', 25], ['I do not recognise this payment', 30], ['The amount is wrong', 15],
]
