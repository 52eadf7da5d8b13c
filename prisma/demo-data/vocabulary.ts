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

export const MERCHANTS = [
  'Grocery store', 'Supermarket', 'Gas station', 'Restaurant', 'Coffee shop', 'Pharmacy', 'Online retailer',
  'Electronics store', 'Clothing store', 'Utility bill', 'Mobile phone bill', 'Streaming subscription', 'Insurance premium',
  'Gym membership', 'Airline', 'Hotel', 'Home improvement store', 'Bookstore', 'Public transport', 'Parking',
] as const

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
