// Typing mistakes read as the words meant ("paymnets" as "payments", "whcih" as "which") before the question is
// read, so that a slip of the keyboard does not turn a question about the bank's data into no question at all.
// A word is left alone when it is English (Hunspell's en-US dictionary, through nspell) or a word of the mesh's
// own vocabulary (its schema and glossaries: "ytd", "apr", "kyc"). A misspelt word becomes a word of that vocabulary
// among the dictionary's suggestions, or else the dictionary's first suggestion when it is one keystroke away.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import nspell from 'nspell'
import { stem } from '../schema-index'

export interface Correction {
  from: string
  to: string
}

let english: ReturnType<typeof nspell> | undefined

/** Loaded once, on the first question (about a quarter of a second). */
function englishSpeller(): ReturnType<typeof nspell> {
  if (!english) {
    // dictionary-en is an ES module that reads its two files with top-level await; read them directly instead.
    const folder = path.dirname(require.resolve('dictionary-en'))
    english = nspell(readFileSync(path.join(folder, 'index.aff')), readFileSync(path.join(folder, 'index.dic')))
  }
  return english
}

/** Edits between two words, a swap of neighbours counting as one ("whcih" is one from "which"). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = best
    }
  }
  return rows[a.length]![b.length]!
}

/** The words questions are built of (asking words, pronouns, auxiliaries, prepositions): a closed class. */
const FUNCTION_WORDS = new Set(
  (
    'which what where when while whom whose with within without that than then there their they them these those ' +
    'this were have having does done doing from into onto about above after before below between during each ' +
    'every other another many much more most some such your yours ours should would could shall will being been'
  ).split(' '),
)

/** The word meant by a misspelt one, or null when the word is fine or no reading is safe enough. */
function meant(word: string, vocabulary: ReadonlySet<string>): string | null {
  const lower = word.toLowerCase()
  // Short words, acronyms and known words are left as they are.
  if (lower.length < 4 || word === word.toUpperCase() || vocabulary.has(lower) || vocabulary.has(stem(lower)))
    return null
  const speller = englishSpeller()
  if (speller.correct(lower) || speller.correct(word)) return null
  const suggestions = speller.suggest(lower).filter((s) => /^[a-z]+$/i.test(s))
  // A slip in a word every question uses ("wich", "waht") is that word, before any of the mesh's ("rich").
  const closed = suggestions.find(
    (s) => FUNCTION_WORDS.has(s.toLowerCase()) && editDistance(lower, s.toLowerCase()) === 1,
  )
  if (closed) return closed.toLowerCase()
  const ours = suggestions.find((s) => vocabulary.has(s.toLowerCase()) || vocabulary.has(stem(s.toLowerCase())))
  if (ours) return ours.toLowerCase()
  const first = suggestions[0]
  return first && lower.length >= 5 && editDistance(lower, first.toLowerCase()) === 1 ? first.toLowerCase() : null
}

/** The text with its misspelt words replaced, and what was replaced (for the answer to say). */
export function correctSpelling(
  text: string,
  vocabulary: ReadonlySet<string>,
): { text: string; corrections: Correction[] } {
  const corrections: Correction[] = []
  const corrected = text.replace(/(?<![\w-])[A-Za-z]+(?![\w-])/g, (word) => {
    const to = meant(word, vocabulary)
    if (!to) return word
    const cased = word[0] === word[0]!.toUpperCase() ? to[0]!.toUpperCase() + to.slice(1) : to
    if (!corrections.some((c) => c.from === word)) corrections.push({ from: word, to: cased })
    return cased
  })
  return { text: corrected, corrections }
}

let nounFlags: Map<string, string> | undefined

/**
 * Whether the dictionary knows a word as a noun (its entry takes the possessive, Hunspell's flag M), in the
 * singular or plural: "parking", "competitors" and "rent" are; "free", "still" and "went" are not.
 */
export function isEnglishNoun(word: string): boolean {
  if (!nounFlags) {
    const folder = path.dirname(require.resolve('dictionary-en'))
    nounFlags = new Map(
      readFileSync(path.join(folder, 'index.dic'), 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => {
          const [entry, flags = ''] = line.split('/')
          return [entry!.trim().toLowerCase(), flags] as const
        }),
    )
  }
  const lower = word.toLowerCase()
  return [lower, stem(lower), lower.replace(/es$/, '')].some((form) => nounFlags!.get(form)?.includes('M') ?? false)
}
