// Whether a question can be answered as asked: a business word with several readings in the data
// ("revenue", "performance", "our biggest customers") is asked back, naming the readings as questions the
// asker can send as they are; a question no data product can answer (the weather, a share price, a transfer)
// is declined, naming what the products can answer instead. Neither runs a data query.
import { meshNames, stem } from '../schema-index'
import type { Question } from './question'
import { isEnglishNoun } from './spelling'

export interface Reading {
  /** How the question back names it: "fee income". */
  label: string
  /** The question asked again in that reading, ready to send. */
  question: string
}

export interface Ambiguity {
  /** The words with several readings, as the asker wrote them. */
  word: string
  readings: Reading[]
}

/** The asker's question with `word` replaced, or with `tail` appended when the word is not in it. */
function reworded(question: Question, word: RegExp, replacement: string): string {
  const text = question.text.trim().replace(/\s+/g, ' ')
  const replaced = text.replace(word, replacement)
  const sentence = replaced === text ? `${replacement} ${text}` : replaced
  return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}`.replace(/\s+([?.!])/g, '$1')
}

/** The period words of the question, to carry into the readings of a question that is rebuilt. */
function periodWords(question: Question): string {
  return question.period ? `in ${question.period.label}` : ''
}

const CUSTOMERS = String.raw`(?:customers?|clients?|borrowers?|account holders?|people)`
/** Words that rank customers without saying by what. */
const BIGGEST = String.raw`biggest|largest|top|best|most (?:important|valuable|profitable)|key|vip|major|leading`

interface Rule {
  /** The ambiguous words; the question has them and none of `unless`. */
  words: RegExp
  unless: RegExp
  readings: (question: Question, word: RegExp) => Reading[]
}

const RULES: Rule[] = [
  {
    // Money the bank "made": the data has fees charged, money deposited and the interest loans carry, not a revenue figure.
    words:
      /\b(?:revenues?|turnover|earnings|takings|income|sales|money (?:we|the bank) (?:made|earned)|(?:money|much) did (?:we|the bank) (?:make|earn)|(?:we|the bank) (?:make|made|earn|earned) (?:in|last|this|during))\b/i,
    unless: /\b(?:fees?|charges?|deposit\w*|interest|withdraw\w*|payments?|income (?:from|of) fees)\b/i,
    readings: (question, word) => [
      { label: 'fee income', question: reworded(question, word, 'fee income') },
      { label: 'deposits (money in)', question: reworded(question, word, 'total deposits') },
      { label: 'interest on loans', question: 'What is the average interest rate on our loans?' },
    ],
  },
  {
    // "Performance", "how are we doing": of lending, of marketing or of the money moving through accounts.
    words:
      /\b(?:performance|perform(?:ing|ed)?|how (?:are|is|were|was|did) (?:we|the bank|things|(?:the |our )?business|(?:the |our )?company) (?:doing|do|going|performing)|how(?:'s| is) business|kpis?|key figures|results)\b/i,
    unless:
      /\b(?:loans?|lending|applications?|approval|campaigns?|marketing|acquisition|transactions?|deposits?|withdrawals?|payments?|fees?|customers?)\b/i,
    readings: (question) => {
      const when = periodWords(question)
      return [
        {
          label: 'lending (loan applications and approval rate)',
          question: `What was the loan approval rate${when ? ` ${when}` : ''}?`,
        },
        {
          label: 'marketing (new customers from campaigns)',
          question: `How many new customers did we acquire${when ? ` ${when}` : ''}?`,
        },
        {
          label: 'transactions (deposits and withdrawals)',
          question: `What were total deposits${when ? ` ${when}` : ''}?`,
        },
      ]
    },
  },
  {
    // "Our biggest customers" ranks by a figure the question does not name: money held, money borrowed or money moved;
    // so does "which customers are the largest", the same said as a predicate.
    words: new RegExp(
      String.raw`\b(?:${BIGGEST})\s+(?:\d+\s+|ten\s+|five\s+)?${CUSTOMERS}\b|\b${CUSTOMERS}\s+(?:are|were|is)\s+(?:the\s+|our\s+)?(?:${BIGGEST})\b`,
      'i',
    ),
    unless:
      /\b(?:new|newest|latest|recent|joined|deposit\w*|balances?|loans?|principal|borrow\w*|transactions?|payments?|spend\w*|withdraw\w*|campaigns?|segment|region|channel|by\s+\w+)\b/i,
    readings: (question) => {
      const n = question.limit ?? 5
      return [
        { label: 'by deposits', question: `Show the ${n} largest deposits with the customer name` },
        {
          label: 'by loans (principal borrowed)',
          question: `Show the ${n} largest loans by principal with the customer name`,
        },
        { label: 'by transactions (payments made)', question: `Show the ${n} largest payments with the customer name` },
      ]
    },
  },
  {
    // "Risky customers": a poor risk grade, or loans not being repaid.
    words: new RegExp(
      String.raw`\b(?:risky|high[- ]risk|riskiest|dangerous|problem(?:atic)?|bad)\s+${CUSTOMERS}\b|\b${CUSTOMERS}\s+(?:at|of|with)\s+(?:high\s+)?risk\b`,
      'i',
    ),
    unless: /\b(?:grades?|assess\w*|scores?|loans?|delinquen\w*|default\w*|overdue|arrears|probability)\b/i,
    readings: () => [
      { label: 'by risk grade (assessments in grade E, the worst)', question: 'Show risk assessments with grade E' },
      {
        label: 'by repayments (delinquent or defaulted loans)',
        question: 'Show delinquent loans with the customer name',
      },
    ],
  },
]

/** The question's ambiguous business word and its readings, or null when it reads one way. */
export function ambiguityOf(question: Question): Ambiguity | null {
  if (question.discovery || question.ids.length) return null
  for (const rule of RULES) {
    const match = question.text.match(rule.words)
    if (!match || rule.unless.test(question.text.replace(match[0], ' '))) continue
    return { word: match[0], readings: rule.readings(question, rule.words) }
  }
  return null
}

const listOf = (items: string[]) =>
  items.length <= 2 ? items.join(' or ') : `${items.slice(0, -1).join(', ')}, or ${items.at(-1)}`

/** The question back: one sentence naming the readings, then each as a question to send. */
export function askBack(ambiguity: Ambiguity): string {
  return [
    `"${ambiguity.word}" can mean more than one thing in the bank's data. Did you mean ${listOf(ambiguity.readings.map((r) => r.label))}?`,
    ...ambiguity.readings.map((r) => `- ${r.question}`),
  ].join('\n')
}

/** Why a question is beyond the data products, or null when it may be within them. */
export function outOfScope(question: Question): string | null {
  const t = question.text.toLowerCase().trim()
  // The chat reads; it changes nothing: a request that starts by asking for a change.
  const polite = String.raw`^(?:please\s+|can you\s+|could you\s+|would you\s+|kindly\s+|i want to\s+|i'd like to\s+|i need to\s+|help me\s+)*`
  const moveMoney = new RegExp(
    `${polite}(?:transfer|send|move|wire|pay)\\s+(?:\\$|usd|eur|\\d|money|funds|cash|the|my|all)`,
  )
  const changeRecord = new RegExp(
    `${polite}(?:change|update|edit|modify|set|reset|delete|remove|erase|correct)\\s+(?:my|his|her|their|the|this|that|a|an|customer|account|email|phone|address|name)\\b`,
  )
  const newRecord = new RegExp(
    `${polite}(?:open|close|create|add|cancel|block|unblock|freeze|unfreeze|approve|decline|reject|refund|reverse|register)\\s+(?:a|an|new|my|his|her|their|this|that|the|loan|account|card|customer|transaction|application)\\b`,
  )
  if (moveMoney.test(t) || changeRecord.test(t) || newRecord.test(t)) {
    return "the chat only reads the data products; it cannot make changes such as transfers, updates or new records (use the bank's own applications for those)"
  }
  const outside: [RegExp, string][] = [
    [/\b(?:weather|forecast|temperature|rain|snow)\b/, 'weather'],
    [
      /\b(?:share price|stock price|stock exchange|stock market|market cap\w*|our shares|share value|ticker|dividend)\b/,
      'share prices and the stock market',
    ],
    [
      /\b(?:central bank|policy rate|base rate|federal reserve|the fed|ecb|inflation|gdp|unemployment|exchange rates?|fx rates?)\b/,
      'markets and the economy',
    ],
    [
      /\b(?:employees?|staff|headcount|workforce|salar(?:y|ies)|payroll|work (?:at|for) (?:the|our) bank)\b/,
      'staff and payroll',
    ],
    // What people think of the bank: the products record what customers did, not what they said or felt.
    [
      /\b(?:say (?:about|of) us|sentiment|(?:customer|app(?: store)?|online|google|star) (?:reviews?|ratings?)|reviews? (?:of|on|about) (?:us|our)|(?:customers?|clients?|people|users) rate (?:us|our)|rate us|net promoter|nps|satisfaction|surveys?|feedback)\b/,
      "customers' opinions, reviews and surveys",
    ],
    // Branches and machines as places: the products hold a transaction's channel, not opening hours or cash levels.
    [
      /\b(?:opening (?:hours|times)|open (?:on|at|during) (?:sundays?|saturdays?|weekends?|holidays?|night)|(?:is|are) (?:the |our )?(?:branch|branches|atms?|office)\b[^?.]*\bopen\b|out of (?:cash|money|service|order)|(?:nearest|closest) (?:branch|branches|atms?|cash machines?|office)|near(?:by)? (?:me|the branch|our branch))\b/,
      'branches and cash machines as places (opening hours, locations, cash levels)',
    ],
    [/\b(?:jokes?|poems?|story|stories|songs?|recipes?|haiku|limerick|riddle)\b/, 'jokes, poems or stories'],
    [
      /\b(?:news|sports?|football|election|president|prime minister|capital of|translate|movie|film)\b/,
      'news and general knowledge',
    ],
  ]
  for (const [pattern, topic] of outside) if (pattern.test(t)) return `the data products hold no data on ${topic}`
  // Read on the words asked: "birthday" is the date of birth to the planner, but a birthday party is no record.
  const asked = question.instructions
    .reduce((rest, instruction) => rest.replace(instruction, ' '), question.asked)
    .toLowerCase()
  if (PERSONAL_PLANS.test(asked))
    return 'the data products hold no data on personal plans such as parties, trips or gifts'
  return null
}

/** Help with one's own life: a party, a trip, a gift is not in the bank's data, whatever words it shares with it. */
const PERSONAL_PLANS =
  /\b(?:(?:plan|organi[sz]e|throw|host)\s+(?:a|an|my|our|the)\s+(?:[a-z]+\s+)?(?:party|wedding|trip|holiday|vacation|event|dinner)|birthday (?:party|present|gift|cake)|gift ideas?|what (?:should|shall) i (?:cook|wear|buy|watch|read))\b/

/** Why a question about something the mesh does not name is beyond it (asked after any question back), or null. */
export function beyondTheMesh(question: Question): string | null {
  if (question.discovery) return null
  const subject = foreignSubject(question)
  return subject
    ? `the data products hold no data on "${subject}" (nothing in their schema or glossaries is called that)`
    : null
}

/** Nouns that ask for a figure or a list of something else ("the size of", "the number of", "the names of"), or name people in general. */
const GENERIC_NOUNS = new Set([
  'number',
  'total',
  'amount',
  'sum',
  'size',
  'value',
  'share',
  'percentage',
  'percent',
  'proportion',
  'portion',
  'fraction',
  'ratio',
  'mix',
  'spread',
  'split',
  'breakdown',
  'distribution',
  'list',
  'name',
  'detail',
  'figure',
  'data',
  'information',
  'info',
  'level',
  'volume',
  'average',
  'mean',
  'median',
  'trend',
  'growth',
  'change',
  'difference',
  'kind',
  'sort',
  'type',
  'one',
  'lot',
  'people',
  'person',
  'folk',
  'money',
  'thing',
  'overview',
  'summary',
  'picture',
  'state',
  'situation',
  'record',
  'report',
  'log',
  'history',
  'register',
  'rundown',
  'snapshot',
  'stat',
  'statistic',
  'view',
  'part',
  'rest',
  'majority',
  'way',
  'time',
  'period',
  'bit',
  'anything',
  'everything',
  'something',
  'question',
  'answer',
  'help',
  'status',
  'count',
  'how',
  'bank',
  'us',
  'book',
  'base',
  'portfolio',
])
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'our',
  'my',
  'your',
  'their',
  'its',
  'his',
  'her',
  'any',
  'all',
  'some',
  'each',
  'every',
  'this',
  'that',
  'these',
  'those',
  'more',
  'most',
  'many',
  'much',
  'few',
  'fewer',
  'less',
  'other',
  'own',
  'of',
  'current',
  'currently',
  'both',
  'several',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'twenty',
  'hundred',
  'top',
  'best',
  'worst',
  'main',
])
const AUXILIARIES = new Set([
  'do',
  'does',
  'did',
  'is',
  'are',
  'was',
  'were',
  'have',
  'has',
  'had',
  'can',
  'could',
  'will',
  'would',
  's',
])
const PRONOUNS = new Set(['we', 'i', 'you', 'they', 'it', 'there', 'he', 'she'])
const OPENERS =
  /^(?:(?:please|so|ok|okay|hey|hi)\s+)*(?:(?:can|could|would) you\s+)?(?:(?:show|tell|give|get|find|list|pull up|display|fetch|count|compare|rank)\s+(?:me|us)?\s*)?/

/** Whether the mesh names a word: itself, its stem, or a longer word it begins or that begins it ("applicants", "depositors"). */
function namedByMesh(word: string): boolean {
  const known = meshNames()
  const w = stem(word)
  if (known.has(word) || known.has(w)) return true
  for (const name of known)
    if ((name.length >= 5 && w.startsWith(name)) || (w.length >= 5 && name.startsWith(w)) || commonPrefix(name, w) >= 6)
      return true
  return false
}

function commonPrefix(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

/**
 * The thing a question asks about when the mesh names nothing of the kind: the head noun of what is asked
 * ("how much rent", "which of our advisers", "what do our competitors charge", "do we have free parking") that is
 * neither a name of the schema nor of a glossary, nor a word that asks for a figure. A question that only mentions
 * such data ("branches" is a channel) is about something the data products do not hold. Null when the question
 * names an id, or its grammar gives no head to read.
 */
function foreignSubject(question: Question): string | null {
  if (question.ids.length) return null
  const tokens =
    question.topic
      .toLowerCase()
      .replace(OPENERS, '')
      .match(/[a-z][a-z-]*/g) ?? []
  let i = 0
  const at = () => tokens[i] ?? ''
  const imperative = question.topic.toLowerCase().replace(OPENERS, '') !== question.topic.toLowerCase()
  if (at() === 'how') {
    i += /^(?:much|many|long|often|big|large|high|low)$/.test(tokens[i + 1] ?? '') ? 2 : 1
  } else if (/^(?:what|which|who|whats)$/.test(at())) {
    i += 1
  } else if (!AUXILIARIES.has(at()) && !imperative) {
    return null
  }
  let needsDeterminer = false
  if (AUXILIARIES.has(at())) {
    i += 1
    if (PRONOUNS.has(at())) {
      i += 1
      // "do we have free parking": the verb after the pronoun, then its object.
      if (!DETERMINERS.has(at())) i += 1
    } else {
      needsDeterminer = true
    }
  }
  let determiners = 0
  while (DETERMINERS.has(at()) || (GENERIC_NOUNS.has(stem(at())) && tokens[i + 1] === 'of')) {
    determiners += 1
    i += 1
  }
  if (needsDeterminer && determiners === 0 && !namedByMesh(at())) return null
  // The noun phrase: up to two words, ended early by a plural (a noun that qualifies another is singular: "branch
  // offices", "loan applications"). It names something of the mesh when any of its words does.
  const phrase: string[] = []
  for (const word of tokens.slice(i, i + 2)) {
    if (
      !word ||
      PRONOUNS.has(word) ||
      AUXILIARIES.has(word) ||
      /^(?:in|into|on|at|for|to|from|by|with|about|out|up|than|as)$/.test(word)
    )
      break
    phrase.push(word)
    if (stem(word) !== word && isEnglishNoun(word)) break
  }
  if (phrase.some((word) => GENERIC_NOUNS.has(stem(word)) || namedByMesh(word))) return null
  return phrase.filter((word) => isEnglishNoun(word)).at(-1) ?? null
}
