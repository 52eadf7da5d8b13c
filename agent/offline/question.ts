// Reads a question in plain words: what it asks for (discovery, a list, a total, a count, a ranking, a
// growth), over which period, about which ids and amounts, once instructions to the agent are set aside.
// Knows of the schema only the names the mesh gives things (to tell a part of a question that names none);
// glossary words come in from the schema search.
import { meshDimensions, meshNames, stem, words } from '../schema-index'
import { nameGovernedFields, setAsideInstructions } from './instructions'
import { MONTHS, previousPeriod, readPeriod, type Period } from './period'
import type { Correction } from './spelling'

export type { Period, PeriodUnit } from './period'
export type Aggregate = 'sum' | 'count' | 'average'

export interface Question {
  /** The data request: the question without the instructions set aside and with governed fields by their own names. */
  text: string
  /** What the asker wrote. */
  asked: string
  /** Text that tried to change the agent's role, rules or behaviour, set aside unread ("ignore your rules"). */
  instructions: string[]
  /** Misspelt words read as the words meant ("paymnets" as "payments"); the answer names them. */
  spelling: Correction[]
  /** Words that look like a period but could not be read as one; the answer names them. */
  unreadPeriod: string | null
  /** Business words read through a data product's glossary: "overdue" as status DELINQUENT. */
  glossary: { word: string; filter: { input: string; value: string }; product: string }[]
  /** Stemmed words, without the words every question has. */
  stems: string[]
  /** What the question is about, without its period, ranking and numbers: what to search the schema for. */
  topic: string
  discovery: boolean
  aggregate: Aggregate | null
  /** "largest", "most", "top": descending; "smallest", "least": ascending. */
  ranking: 'desc' | 'asc' | null
  /** "list", "show", "which": rows are wanted, unless an aggregate is asked for. */
  listing: boolean
  /** For discovery: what the data is about, without the words that ask for it. */
  discoveryTopic: string
  /** "newest", "latest", "most recent": by date, newest first. */
  recency: boolean
  /** How many rows the question wants, when it says ("top 5", "10 largest"). */
  limit: number | null
  growth: boolean
  /** "the average of these 5 withdrawals", "the total of those": a figure computed over the rows listed, not over all. */
  overRows: 'sum' | 'average' | null
  /** "what share of", "what percentage": each row's or group's part of the total, computed from what comes back. */
  share: boolean
  period: Period | null
  /** For a growth question: the period just before. */
  previousPeriod: Period | null
  /** Ids the question names, such as C-00042 or A-00042-1, and "account 123456". */
  ids: { prefix: string; id: string }[]
  minAmount: number | null
  maxAmount: number | null
  /** What to group by, as stemmed words: "by channel", "per region", "split by month", "for every product and status". */
  groupings: string[]
  /** "my accounts", "what do I owe": the asker speaks of their own records. */
  firstPerson: boolean
}

/** Verbs and adjectives as the nouns figures are named by: "approved" for approvalRate. */
const FIGURE_NOUNS: Record<string, string[]> = {
  approve: ['approval'],
  approved: ['approval'],
  convert: ['conversion'],
  converted: ['conversion'],
  decline: ['declined'],
  reject: ['declined'],
  rejected: ['declined'],
  spent: ['spend'],
  spending: ['spend'],
  acquire: ['acquisition'],
  acquired: ['acquisition'],
  join: ['joined'],
  joining: ['joined'],
}

/** A dimension named in one to four words: "channel", "acquisition channel", "global account propensity bands" (never "channel and"). */
const GROUP = String.raw`[a-z]+(?:\s+(?!(?:and|or|in|for|of|the|from|over|during|since|last|this|with|to|on|at|please)\b)[a-z]+){0,3}`

/** What a dimension named by a question word is: "how" they came is the channel, "where" the region, "when" the month. */
const WH_DIMENSIONS: Record<string, string> = { how: 'channel', where: 'region', when: 'month' }

/** Verbs as the nouns dimensions are named by: customers "acquired" are grouped by their acquisition channel. */
const VERB_NOUNS: Record<string, string> = {
  acquired: 'acquisition',
  acquire: 'acquisition',
  won: 'acquisition',
  originated: 'origination',
  submitted: 'submission',
}

/** "by how they were acquired", "split by where they live": a dimension named by a clause, as its words. */
const CLAUSE_DIMENSION =
  /\b(by|per|across|grouped by)\s+(how|where|when)\s+(?:(?:[a-z]+\s+){0,3}?(?:were|was|are|is|got|get|came|come|been)|they|it|we|(?:customers?|clients?|loans?|transactions?|applications?|campaigns?))\s+([a-z]+)\b/gi

/** The words after "by", "per", "for each/every", "split/broken down by", "across": a breakdown asked for. */
function groupingsOf(asked: string): string[] {
  const groupings: string[] = []
  // "One by one", "step by step" say how, not what to group by.
  const text = asked
    .replace(/\b(?:one by one|step by step|side by side)\b/gi, ' ')
    .replace(
      CLAUSE_DIMENSION,
      (_, by: string, wh: string, verb: string) =>
        `${by} ${VERB_NOUNS[verb.toLowerCase()] ?? verb} ${WH_DIMENSIONS[wh.toLowerCase()]!}`,
    )
  const pattern = new RegExp(
    String.raw`\b(?<!(?:sort(?:ed)?|order(?:ed)?|rank(?:ed)?)\s)(?:by|per|(?:for|through|via|in|into|within|under|on|from|of) (?:each|every)(?!\s+of\b)|split (?:[a-z]+\s+){0,3}?(?:by|into)|broken down by|across(?!\s+(?:all|every|each of|my|our|the whole|the entire)\b)|grouped by)\s+(?:(?:their|its|the|our)\s+)?(${GROUP}(?:\s*(?:,|and|&)\s*${GROUP})*)`,
    'gi',
  )
  for (const match of text.matchAll(pattern)) {
    for (const group of match[1]!.split(/\s*(?:,|\band\b|&)\s*/))
      for (const word of group.split(/\s+/)) if (word) groupings.push(stem(word.toLowerCase()))
  }
  // "Monthly deposit totals", "month by month": by month; a "regional breakdown", a "product split": by region, product.
  if (/\b(?:monthly|month[- ]by[- ]month|month[- ]on[- ]month)\b/i.test(text)) groupings.push('month')
  for (const match of text.matchAll(/\b([a-z]+)\s+(?:breakdown|split|distribution|mix)\b/gi)) {
    const word = stem(match[1]!.toLowerCase().replace(/al$/, ''))
    if (meshDimensions().has(word)) groupings.push(word)
  }
  // "Which region has the most customers?", "which channels did deposits come through, with amounts?": the
  // groups of a dimension, ranked or measured, are a breakdown by it.
  if (RANKED_OR_MEASURED.test(text))
    for (const match of text.matchAll(/\b(?:which|what)\s+([a-z]+)(?:\s+([a-z]+))?/gi)) {
      const named = [match[1]!, match[2] ?? ''].map((w) => stem(w.toLowerCase())).filter((w) => meshDimensions().has(w))
      if (named.length && meshDimensions().has(stem(match[1]!.toLowerCase()))) groupings.push(...named)
    }
  // "the region with the most customers", "the channel that brought in the highest total".
  for (const match of text.matchAll(
    /\b([a-z]+)\s+(?:with|has|had|have|having|that (?:has|had|have|brought in|saw)|got|saw|brought in)\s+(?:the\s+)?(?:most|fewest|least|highest|lowest|largest|biggest|smallest|greatest)\b/gi,
  ))
    if (meshDimensions().has(stem(match[1]!.toLowerCase()))) groupings.push(stem(match[1]!.toLowerCase()))
  return [...new Set(groupings)]
}

const RANKED_OR_MEASURED =
  /\b(?:most|fewest|least|highest|lowest|largest|biggest|smallest|greatest|top|best|worst|how (?:much|many)|with (?:the |their |its )?(?:amounts?|totals?|counts?|figures?|numbers?|sums?))\b/i

function amount(text: string): number {
  return Number(text.replace(/[,$\s]/g, '').replace(/k$/i, '000'))
}

/** An id has a digit: "A-00042-1" is an account, "A-rated" is not. */
const ID_PATTERN = /\b(CMP|LA|RA|C|A|T|L)-(?=[0-9A-Z-]*[0-9])[0-9A-Z]+(?:-[0-9A-Z]+)*\b/gi

const NOT_TOPIC = [
  /\b(between|from|since|after|before|until|to)\s+\d{4}-\d{2}-\d{2}/gi,
  /\d{4}-\d{2}-\d{2}/g,
  /\b(last|previous|prior|this|current|past|next)\s+(\d+\s+)?(day|week|month|quarter|year)s?\b/gi,
  /\b(month|quarter|year)\s+(to date|before|after)\b/gi,
  /\bthe\s+(month|quarter|year|week)\b/gi,
  new RegExp(`\\b(${MONTHS.join('|')})\\b`, 'gi'),
  /\b(q[1-4]|ytd|today|yesterday|versus|vs|compared?|with|than|growth|change)\b/gi,
  /\b(top|largest|biggest|highest|smallest|lowest|most|least|newest|latest|recent|first|last)\b/gi,
  /\$?\b\d[\d,.]*k?\b/g,
]

/** The question without what says when, how many or in which order. */
function topicOf(text: string): string {
  return NOT_TOPIC.reduce((rest, pattern) => rest.replace(pattern, ' '), text)
    .replace(/\s+/g, ' ')
    .trim()
}

/** Words of a request that name no topic of their own. */
const GENERIC_REQUEST_WORDS = new Set([
  'data',
  'product',
  'products',
  'check',
  'look',
  'find',
  'see',
  'know',
  'need',
  'want',
  'get',
  'use',
  'ask',
  'answer',
  'one',
  'thing',
  'things',
  'figure',
  'figures',
  'number',
  'numbers',
  'come',
  'came',
  'go',
  'going',
  'should',
  'would',
  'could',
  'can',
  'which',
  'where',
  'who',
  'when',
  'why',
  'you',
  'your',
  'they',
  'this',
  'these',
  'those',
  'so',
  'far',
  'now',
  'today',
  'please',
  'quick',
  'question',
])

/**
 * The question without a scene-setting lead before a colon ("For the branch review on Friday (room 4, bring
 * coffee): the 5 biggest withdrawals of last month"): a lead of five words or more, naming no id, before a request
 * that stands on its own. "Customer C-00042: what did they book?", "Two numbers for October 2026: …" and "Transfers:
 * how many?" keep theirs.
 */
function withoutSceneSetting(text: string, now: Date): string {
  const match = text.match(/^([^:?]+):\s+(.+)$/s)
  if (!match) return text
  const [, lead, rest] = match as unknown as [string, string, string]
  const leadWords = lead.split(/\s+/).filter(Boolean)
  // The request must name its own topic: "which data product do I check?" leans on its lead.
  const restContent = words(topicOf(rest)).filter(
    (w) => !FILLER.has(w) && !GENERIC_REQUEST_WORDS.has(w) && !/^\d+$/.test(w),
  )
  const leadAsks = /^\s*(?:what|how|which|who|list|show|give)\b/i.test(lead)
  const leadNamesPeriod = readPeriod(lead, now).period !== null
  return leadWords.length >= 5 &&
    !new RegExp(ID_PATTERN.source, 'i').test(lead) &&
    !leadAsks &&
    !leadNamesPeriod &&
    restContent.length >= 1
    ? rest
    : text
}

/** Reads a question as of `now` (the data's as-of day): instructions to the agent are set aside first. */
export function parseQuestion(asked: string, now: Date): Question {
  const { request, instructions } = setAsideInstructions(asked)
  // "how much was deposited": the money verbs as the transaction types they name.
  const text = moneyVerbsAsNouns(nameGovernedFields(theBanksNouns(withoutSceneSetting(request, now))))
  const t = text.toLowerCase()
  const share = /\b(?:share|percent(?:age)?s?|proportions?|fractions?|% of)\b/.test(t)
  // "what share were approved" asks for the approval rate: the verbs as the figures' nouns, and a share as a rate.
  const figureNouns = [
    ...new Set(
      words(text)
        .map(stem)
        .flatMap((w) => FIGURE_NOUNS[w] ?? [])
        .concat(share ? ['rate'] : []),
    ),
  ]
  const stems = words(text)
    .map(stem)
    .flatMap((w) => [w, ...(FIGURE_NOUNS[w] ?? [])])
    .concat(share ? ['rate'] : [])
  const discovery =
    /\bwhat (data|information)\b|\bwhich data( products?)?\b|\bdata products?\b|\bwhere (?:can|could|do|would|should) (?:i|we|one) (?:find|look up|look for|get hold of|see)\b|\bwhere (?:is|are) (?:the )?(?:data|information|figures)\b|\bwhere is it (?:recorded|kept|stored)\b|\bwhere (?:is|are) \b.{1,80}\b(?:kept|stored|recorded|held|published|maintained)\b|\bwhich (?:data )?(?:product|source|dataset)s? (?:holds?|has|have|contains?|covers?|keeps?|records?|tells?|shows?|gives?|lists?|describes?|publish(?:es)?|knows?|should|would|do|can|could)\b|\bwhat .*\b(is|are) available\b|\bwhere (?:does|do) (?:the )?[a-z]+(?: [a-z]+)? (?:team|department|domain|unit)s? (?:publish|keep|store|put|share)\b|\bwho (?:owns|publishes|maintains|provides|produces|is responsible for|looks after|runs|manages)\b|\b(?:which|what) (?:team|department|domain|owner|unit)s? (?:owns?|publish(?:es)?|maintains?|provides?|looks? after|runs?|manages?|is responsible for|are responsible for)\b|\bdiscover/.test(
      t,
    )
  // "did we originate more loans in 2026 than in 2025": a comparison of two periods' figures.
  const moreThan =
    /\b(?:more|fewer|less|higher|lower|bigger|smaller|larger)\b(?:\s+[a-z]+){0,3}\s+(?:in|during|over|for)\b.{0,60}\bthan\b/.test(
      t,
    )
  const growth =
    moreThan ||
    /\b(versus|vs\.?|compared?|comparison|against (?:the )?(?:same|last|previous|prior|this)|growth|grow|grew|change|changed|increase|decrease|than the)\b/.test(
      t,
    )
  // "rank the campaigns by number of conversions": an order, not a count.
  const ordersByCount = /\b(?:rank|sort|order)(?:ed)?\b.*\bby (?:the )?number of\b/.test(t)
  // "How many and how much": a total, whose answer gives the count too.
  const countAndTotal = /\bhow many\b/.test(t) && /\bhow much\b/.test(t)
  const aggregate: Aggregate | null = /\b(average|mean|avg|typical)\b/.test(t)
    ? 'average'
    : (/\b(how many|number of|count)\b/.test(t) ||
          (moreThan && /\b(?:more|fewer)\s+(?!money|cash|than)[a-z]+s\b/.test(t))) &&
        !ordersByCount &&
        !countAndTotal
      ? 'count'
      : /\b(total|sum|how much|volume|(?:whole|entire)(?!\s+list)|overall|(?<!regular\s)income|earnings|takings|proceeds|inflows?|outflows?|combined|altogether|all together|in aggregate|c[ao]me to|amount(?:ed)? to|add(?:ed)? up(?: to)?|adding up|sum up|summed(?: up)?|totall?ed(?: up)?)\b/.test(
            t,
          ) ||
          (AMOUNT_MOVED.test(t) && !/\b(?:list|show|which|each|every)\b/.test(t))
        ? 'sum'
        : null
  // "How much is outstanding on each of my loans", "… on each": a figure of each row, listed, not their total.
  const perRow =
    /\beach of (?:my|our|their|these|those|his|her)\b|\b(?:on|for|in) each(?: one)?\s*[?.!]*$/.test(t) &&
    groupingsOf(text).length === 0
  // "most recent(ly)" asks for the newest, not for a ranking by a measure; "the worst grade, E" names a value.
  const namesRankedValue =
    /\b(?:worst|best|highest|lowest|top|bottom)\s+(?:risk\s+|credit\s+)?(?:grade|band|rating)s?\b[\s,:(]+(?:grade\s+)?[A-E]\b/.test(
      text,
    )
  const ranking = namesRankedValue
    ? null
    : /\b(largest|biggest|highest|most(?!\s+recent)|top|best|maximum|max|rank(?:ed)?|ranking)\b/.test(t)
      ? 'desc'
      : /\b(smallest|lowest|least|fewest|worst|minimum|min)\b/.test(t)
        ? 'asc'
        : null
  const recency =
    /\b(newest|latest|most recent(?:ly)?|recent(?:ly)?|last \d+ (transactions|customers|loans|applications))\b/.test(t)
  const limitMatch =
    t.match(/\b(?:top|first|last)\s+(\d+)\b/) ??
    t.match(/\b(\d+)\s+(?:largest|biggest|highest|smallest|lowest|newest|latest|most recent|recent|top|best)\b/)
  const { period: firstNamed, spans, unread, named } = readPeriod(text, now)
  // A comparison of two named periods ("September versus October"): the later one against the earlier one.
  // Two periods named ("in 2025, and in 2026 so far: how many each?") are compared, whatever the words between them.
  const twoPeriods = named.length >= 2 && named[0]!.start.getTime() !== named[1]!.start.getTime()
  const compared =
    (growth || twoPeriods) && twoPeriods
      ? [named[0]!, named[1]!].sort((a, b) => a.start.getTime() - b.start.getTime())
      : null
  const period = compared ? compared[1]! : firstNamed
  // A sum or average of listed rows ("the average of the 5 largest withdrawals", "the total of those"): the rows
  // are asked for and the figure is computed over them. "Them" is those rows when the figure is taken of them ("the
  // average of them"), not when it names what a figure is about ("how much is outstanding on them": the loans).
  const overRows =
    (aggregate === 'average' || aggregate === 'sum') &&
    (limitMatch !== null || /\b(?:these|those|listed|each of)\b|\b(?:of|over|across|among|from)\s+them\b/.test(t))
      ? aggregate
      : null

  const ids = [...text.matchAll(ID_PATTERN)].map((m) => ({ prefix: m[1]!.toUpperCase(), id: m[0].toUpperCase() }))
  const bareAccount = t.match(/\baccount\s+(?:number\s+|no\.?\s+|#)?(\d{4,})\b/)
  if (bareAccount) ids.push({ prefix: 'A', id: bareAccount[1]! })
  const bareCustomer = t.match(/\bcustomer\s+(?:number\s+|no\.?\s+|#)?(\d{1,8})\b/)
  if (bareCustomer) ids.push({ prefix: 'C', id: `C-${bareCustomer[1]!.padStart(5, '0')}` })

  const money = '\\$?\\s?(\\d[\\d,]*(?:\\.\\d+)?k?)'
  // Amounts outside the words that said the period ("between 16 and 22 November" is days, not money).
  const amounts = spans.reduce((rest, span) => rest.replace(span.toLowerCase(), ' '), t)
  const betweenAmounts = amounts.match(new RegExp(`between\\s+${money}\\s+and\\s+${money}`))
  const over = amounts.match(
    new RegExp(`\\b(?:over|above|more than|greater than|at least|exceeding|bigger than|larger than|>=?)\\s*${money}`),
  )
  const under = amounts.match(new RegExp(`\\b(?:under|below|less than|at most|up to|smaller than|<=?)\\s*${money}`))

  return {
    text,
    asked,
    instructions,
    spelling: [],
    unreadPeriod: unread,
    glossary: [],
    stems,
    topic: [
      topicOf(
        [...spans, unread ?? '']
          .filter(Boolean)
          .reduce((rest, span) => rest.replace(span, ' '), text)
          // "large (over 5,000)": the amount says what "large" means; the word would only find other things.
          .replace(over || under || betweenAmounts ? /\b(?:large|big|huge|small|tiny)\b/gi : /$^/, ' '),
      ),
      ...figureNouns,
    ]
      .join(' ')
      .trim(),
    discovery,
    // "List", "show", "which", and "what loans does C-00140 have": rows asked for.
    listing:
      overRows !== null ||
      perRow ||
      /\b(list|show|display|which|find)\b|\bwhat\s+(?!(?:is|are|was|were|does|do|did|has|have|kinds?|types?|sorts?)\b)[a-z]+s\s+(?:does|do|did|has|have|are|were)\b/.test(
        t,
      ),
    discoveryTopic: text
      .replace(
        /\b(what|which|where|who|can|could|would|should|do|does|we|i|you|find|look|up|for|have|has|got|is|are|there|any|data|information|products?|about|on|tell|us|me|the|a|an|and|or|with|owns?|holds?|contains?|covers?|keeps?|it|recorded|kept|stored|such|as|our|their)\b/gi,
        ' ',
      )
      .replace(/[^A-Za-z0-9 -]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    // "how many were approved, as a percentage": a share asks for a rate, not a count.
    aggregate: overRows || (share && aggregate === 'count') || (perRow && aggregate === 'sum') ? null : aggregate,
    overRows,
    share,
    ranking,
    recency,
    limit: limitMatch ? Number(limitMatch[1]) : null,
    growth: growth || twoPeriods,
    period,
    previousPeriod: compared ? compared[0]! : growth && period ? previousPeriod(period) : null,
    ids,
    minAmount: betweenAmounts ? amount(betweenAmounts[1]!) : over ? amount(over[1]!) : null,
    maxAmount: betweenAmounts ? amount(betweenAmounts[2]!) : under ? amount(under[1]!) : null,
    groupings: groupingsOf(text),
    firstPerson: /\b(?:my|mine|i|me)\b/.test(t),
  }
}

/** A glossary filter in the words the planner reads: "delinquent", "risk grade E", "over 10000". */
function filterInWords(filter: { input: string; value: string }): string {
  if (/^min/i.test(filter.input)) return `over ${filter.value}`
  if (/^max/i.test(filter.input)) return `under ${filter.value}`
  if (filter.value.length <= 2) return `${words(filter.input).join(' ')} ${filter.value}`
  return filter.value.toLowerCase().replace(/_/g, ' ')
}

/** The question read again with its glossary words ("overdue") replaced by the filters they mean ("delinquent"). */
export function withGlossary(question: Question, found: Question['glossary'], now: Date): Question {
  // "The large withdrawals (over 5,000)": the amount said outweighs the glossary's threshold for "large".
  const saysAmount = question.minAmount !== null || question.maxAmount !== null
  const matches = found.filter((m) => !(saysAmount && /^(?:min|max)/i.test(m.filter.input)))
  if (matches.length === 0) return question
  const text = matches.reduce(
    (rest, match) =>
      rest.replace(
        new RegExp(`(?<![a-z0-9-])${match.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9-])`, 'i'),
        filterInWords(match.filter),
      ),
    question.text,
  )
  return {
    ...parseQuestion(text, now),
    asked: question.asked,
    instructions: question.instructions,
    spelling: question.spelling,
    glossary: matches,
  }
}

/** Words that qualify what is asked; each must be used by the plan or named in the answer as not used. */
const QUALIFIERS = [
  'unusual',
  'risky',
  'flagged',
  'overdue',
  'large',
  'small',
  'suspicious',
  'fraudulent',
  'abnormal',
  'odd',
  'strange',
  'late',
  'inactive',
  'dormant',
  'vip',
  'loyal',
  'profitable',
  'unprofitable',
  'problematic',
  'important',
  'struggling',
  'underperforming',
  'high-value',
  'low-value',
  'high-risk',
  'low-risk',
  'big',
  'huge',
  'tiny',
  'expensive',
  'cheap',
  'successful',
  'failed',
  'failing',
  'bad',
  'healthy',
  'unhealthy',
  'young',
  'elderly',
  'senior',
  'international',
  'foreign',
  'domestic',
  'recurring',
  'duplicate',
  'disputed',
  'reversed',
  'pending',
  'frozen',
  'blocked',
  'closed',
]

/** What a qualifier may be named by in the schema: "unusual" transactions are the anomalous ones. */
const QUALIFIER_SENSES: Record<string, string> = {
  unusual: 'anomalous',
  suspicious: 'anomalous',
  abnormal: 'anomalous',
  odd: 'anomalous',
  strange: 'anomalous',
  flagged: 'anomalous',
  fraudulent: 'fraud',
}

/** Qualifiers of size, which an amount said alongside them ("large (over 5,000)") makes exact. */
const SIZE_WORDS = new Set(['large', 'big', 'huge', 'small', 'tiny'])

/** The qualifier words of a question that neither its glossary nor the operation run used. */
export function unusedQualifiers(question: Question, operation: string): string[] {
  const used = new Set(words(operation).map(stem))
  const glossed = new Set(question.glossary.map((g) => g.word))
  const asked = question.asked.toLowerCase()
  return [
    ...new Set(
      QUALIFIERS.filter(
        (q) =>
          new RegExp(`(?<![a-z0-9-])${q}(?![a-z0-9-])`).test(asked) &&
          !glossed.has(q) &&
          !(SIZE_WORDS.has(q) && (question.minAmount !== null || question.maxAmount !== null)) &&
          !used.has(stem(q)) &&
          !used.has(stem(QUALIFIER_SENSES[q] ?? q)) &&
          !question.instructions.some((i) => i.toLowerCase().includes(q)),
      ),
    ),
  ]
}

/** Words a part of a question needs beyond these to be a question of its own. */
const FILLER = new Set([
  'how',
  'much',
  'many',
  'number',
  'total',
  'what',
  'was',
  'were',
  'that',
  'is',
  'it',
  'the',
  'also',
  'too',
  'their',
  'they',
  'them',
  'its',
  'please',
  'then',
  'as',
  'well',
  'both',
  'two',
  'numbers',
  'figures',
  'figure',
  'give',
  'tell',
  'me',
  'us',
  'show',
  'and',
  'plus',
  'our',
  'we',
  'did',
  'do',
  'does',
  'are',
  'be',
  'been',
  'for',
  'of',
  'in',
  'on',
])

/**
 * Other names of the bank's own words: a "client" or a "borrower" is a customer; what is "out of character" for an account is
 * what the schema calls anomalous; what a borrower "still owes" is the outstanding balance; how likely a customer
 * is to take a product up is their propensity.
 */
function theBanksNouns(text: string): string {
  return (
    text
      .replace(/\bclients\b/gi, 'customers')
      .replace(/\bclient\b/gi, 'customer')
      .replace(/\bborrowers\b/gi, 'customers')
      // "The apps being reviewed": loan applications, not the mobile app (an acquisition channel).
      .replace(/\b(?:loan |credit )?apps\b/gi, 'loan applications')
      .replace(/\b(?:loan|credit) app\b/gi, 'loan application')
      .replace(/\bborrower\b/gi, 'customer')
      .replace(/\be-mails?\b/gi, 'email')
      // "the top 3 deposits and who made them": the person behind a row is its customer.
      .replace(
        /\bwho (made|booked|sent|received|paid|owns?|holds?|took out|applied for|opened)\b/gi,
        'which customer $1',
      )
      .replace(/\b(?:paid|put)\s+in(?:to|\s+to)?\b/gi, 'deposits into')
      // "how likely is C-00042 to take up the global account": that customer's propensity for it.
      .replace(
        /\bhow likely (?:is|are) ((?:[\w-]+\s+){1,4}?)to (?:take up|want|buy|open|get)\b/gi,
        'propensity of $1for',
      )
      // "How much money is in account A-00042-1", "how much do I have in each of my accounts": its balance.
      .replace(
        /\bhow much(?: money| cash| funds)? (?:is (?:there )?|are |do i have |have i got |(?:sits?|remains?) )(?:left )?in\b/gi,
        'what is the balance in',
      )
      // "Who has looked at C-00042's SSN", "which staff accessed restricted fields": the audit of restricted reads.
      .replace(
        /\b(?:who|which (?:staff|employees?|users?|people|colleagues|roles?))\s+(?:has |have |had )?(?:looked at|seen|viewed|accessed|read|opened|checked)\b/gi,
        'which restricted access reads of',
      )
      // "How much money do I have (altogether)": the balance of my accounts.
      .replace(/\bhow much (?:money|cash) do i have\b/gi, 'what is the balance of my accounts')
      // What a person spent (or received) money on is their transactions; what "we" spent is the bank's spend.
      .replace(
        /\bwhat (?:did|do|have|has) ((?:i|they|he|she|customer\s+[\w-]+|[A-Z]{1,3}-\d[\w-]*))\s+(?:spen[dt] or receive[d]?|receive[d]? or spen[dt]|spen[dt]|pa(?:y|id)(?! in)|book(?:ed)?)(?:\s+(?:money|cash))?(?:\s+on)?\b/gi,
        (_, who: string) => `which transactions did ${who} make`,
      )
      .replace(
        /\b(?:unusual|abnormal|atypical|irregular|suspicious|suspect|odd|strange|weird|out of character|out of (?:the )?ordinary|(?:way )?out of line|(?:way )?outside (?:the|their|its) usual(?: pattern)?)\b/gi,
        'anomalous',
      )
      // "How much is left on each of my loans": their outstanding balance.
      .replace(
        /\bhow much (?:is |remains )?(?:left|remaining|still outstanding) (?:on|of)\b/gi,
        'what is the outstanding balance of',
      )
      // What is owed is owed on loans: "what do borrowers still owe us" asks the loans' outstanding balance.
      // "What do I still owe on my loans": how much is outstanding on them.
      .replace(
        /\bwhat (?:do|does|did) (?:i|we|they|you|customers?|[A-Z]{1,3}-\d[\w-]*) (?:still )?owe\b/gi,
        'how much is outstanding',
      )
      .replace(/\b(?:still )?ow(?:es?|ed|ing)\b|\b(?:is )?left to (?:re)?pay(?: back)?\b/gi, (owed) =>
        LOAN_WORDS.test(text) || /left/i.test(owed) ? 'outstanding' : 'outstanding on loans',
      )
      // A customer's or an account's "activity" is what moved through it.
      .replace(/\b(?:account |banking )?activit(?:y|ies)\b/gi, 'transactions')
      // Reads the mesh refused are the access audit's denials: "who was refused access", "denied access attempts".
      .replace(
        /\b(?:(?:got|get|been|was|were|is|are)\s+(?:blocked|refused|denied|stopped)\s+from\s+(?:reading|seeing|accessing|viewing)(?:\s+(?:the\s+)?data)?|(?:refused|denied|blocked|rejected)\s+(?:access\s+)?(?:attempts?|requests?|reads?)|(?:been\s+)?(?:refused|denied|blocked|rejected)\s+access|access\s+(?:attempts?\s+|requests?\s+)?(?:that\s+(?:were|was)\s+)?(?:refused|denied|blocked|rejected))\b/gi,
        'access denials',
      )
  )
}

const LOAN_WORDS = /\b(?:loans?|mortgages?|lending|lent|credit|borrowed)\b/i

/**
 * "What have I paid in?", "what did customers deposit in Q3?": a money verb whose object is asked for asks how much
 * money moved that way (one way: "spend or receive" names no one flow to add up).
 */
const AMOUNT_MOVED =
  /\bwhat\s+(?:have|has|had|did|do|does)\s+(?:[\w-]+\s+){1,3}?(?:paid|pay|deposit(?:ed)?|deposits into|withdr(?:ew|awn|aw)|transferr?(?:ed)?|lent|lend|borrow(?:ed)?|put)\b(?![^?.]*\bor\s+(?:receiv|spen|earn|got|paid|deposit|withdr|transfer)\w*)/i

/** "how much was deposited": the money verbs as the transaction types they name. */
function moneyVerbsAsNouns(text: string): string {
  if (!/\bhow much\b|\bamount\b|\btotal\b/i.test(text) && !AMOUNT_MOVED.test(text)) return text
  return text
    .replace(/\bdeposited\b/gi, 'deposits')
    .replace(/\b(?:withdrawn|withdrew|withdraw)\b/gi, 'withdrawals')
    .replace(/\btransferred\b/gi, 'transfers')
    .replace(/\bcharged in fees\b/gi, 'fees')
}

/** The words of a text that name something the mesh holds (a type, field or value, or a glossary word), as stems. */
function namedThings(text: string): string[] {
  return words(text)
    .map(stem)
    .filter((w) => !FILLER.has(w) && meshNames().has(w))
}

/**
 * A part of a question that names nothing the data holds speaks of what the part before it named: "Which channels
 * do our transactions go through, and how much through each?" asks how much of the transactions went through each
 * channel. A bare "each" or "every" is the thing the part before asked about ("which channels").
 */
function withAntecedent(piece: string, before: string): string {
  if (namedThings(piece).length > 0) return piece
  const asked = before.match(/\b(?:which|what)\s+([a-z]+)/i)?.[1]
  const askedThing = asked && meshNames().has(stem(asked.toLowerCase())) ? stem(asked.toLowerCase()) : null
  const others = [...new Set(namedThings(before).filter((w) => w !== askedThing))]
  if (!askedThing && others.length === 0) return piece
  const each = /\b(?:each|every)\b(?!\s+(?:of\s+)?[a-z]{3,})/i
  const resolved = askedThing && each.test(piece) ? piece.replace(each, (word) => `${word} ${askedThing}`) : piece
  const rest = resolved === piece && askedThing ? [askedThing, ...others] : others
  return rest.length ? `${resolved.replace(/[?.!\s]+$/, '')} of ${rest.join(' ')}` : resolved
}

/**
 * The parts of a question that asks several things ("total deposits and total withdrawals in October",
 * "how much was deposited, and how much was withdrawn"), each read on its own with the question's period and
 * ids; [] when it asks one thing. A breakdown's "by channel and month" and a period's "between March and May"
 * do not split it.
 */
export function splitParts(question: Question, now: Date): Question[] {
  if (question.discovery) return []
  const { spans } = readPeriod(question.text, now)
  const periodWords = spans.join(' ')
  // Period words out, so that "between March and May" is not two parts.
  let text = spans.reduce((rest, span) => rest.replace(span, ' '), question.text)
  text = text.replace(/^[^:?]{0,60}:\s+/, (lead) => (/\b(?:what|how|which|who)\b/i.test(lead) ? lead : ' '))
  const pieces = text.split(
    /\s*(?:,\s*and\b|,\s*plus\b|\band also\b|\bas well as\b|\bplus\b|\band\b|;|\?\s+(?=\S))\s*/i,
  )
  if (pieces.length < 2 || pieces.length > 4) return []
  // "my accounts and their balances": a part that names what belongs to the one before is one question.
  if (
    pieces
      .slice(1)
      .some((piece) =>
        /^(?:(?:include|including|with|add|also (?:show|give|list)|show|give|list)\s+)?(?:their|its|his|her)\b/i.test(
          piece,
        ),
      )
  )
    return []
  // "the top 3 deposits and which customer made them": a part asking who or which of the rows before is about them.
  if (
    pieces
      .slice(1)
      .some((piece) => /^(?:which|who|whose)\b/i.test(piece) && /\b(?:them|it|those|these)\s*[?.!]*\s*$/i.test(piece))
  )
    return []
  // "by channel and month", "deposits and withdrawals by type": a grouping, not two questions.
  if (/\b(?:by|per|across|each|every|between)\s+[a-z]+\s*$/i.test(pieces[0]!) || question.groupings.length > 0)
    return []
  const ids = question.ids.map((i) => i.id).join(' ')
  const parts: Question[] = []
  for (const [at, asked] of pieces.entries()) {
    const content = words(asked).filter((w) => !FILLER.has(w))
    if (content.length === 0) return []
    const piece = at > 0 ? withAntecedent(asked, pieces[at - 1]!) : asked
    const own = [piece, periodWords, ids && !new RegExp(ID_PATTERN.source, 'i').test(piece) ? `of ${ids}` : '']
      .filter(Boolean)
      .join(' ')
    const part = parseQuestion(moneyVerbsAsNouns(own), now)
    // "total deposits and withdrawals": a part that names no aggregate takes the one of the part before.
    const before = parts.at(-1)?.aggregate ?? null
    parts.push({
      ...part,
      asked: asked.trim(),
      instructions: [],
      aggregate: part.aggregate ?? (part.listing || part.ranking ? null : before),
    })
  }
  // Parts that name nothing different (one thing asked with "and" in it) are one question.
  const topics = new Set(
    parts.map((p) =>
      p.stems
        .filter((w) => !FILLER.has(w))
        .sort()
        .join(' '),
    ),
  )
  return topics.size === parts.length ? parts : []
}
