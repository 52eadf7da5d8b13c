import { describe, expect, it } from '@jest/globals'
import { correctSpelling, editDistance } from '../../agent/offline/spelling'
import { meshVocabulary } from '../../agent/schema-index'

const vocabulary = meshVocabulary()
const corrected = (text: string) => correctSpelling(text, vocabulary)

describe('reading misspelt questions', () => {
  it('reads typing mistakes as the words of the mesh they were meant to be', () => {
    expect(corrected('top campaing by new custmers').text).toBe('top campaign by new customers')
    expect(corrected('sum of paymnets march-may 2026').text).toBe('sum of payments march-may 2026')
    expect(corrected('Whcih loans are overdue?').text).toBe('Which loans are overdue?')
  })

  it('reads a slip in a word every question uses as that word, not as a word of the mesh one letter away', () => {
    // "rich" is a glossary word (the private segment) one letter from "wich", as "which" is.
    expect(corrected('wich campaign acquired the most new customers').text).toBe(
      'which campaign acquired the most new customers',
    )
  })

  it('says what it read differently', () => {
    expect(corrected('withdrawls last month').corrections).toEqual([{ from: 'withdrawls', to: 'withdrawals' }])
  })

  it('leaves English words, ids, acronyms and the mesh vocabulary alone', () => {
    for (const text of [
      'What do customers say about us on social media?',
      'Deposits of C-00042 and A-00042-1 ytd',
      'KYC status of AML cases',
      'bring coffee to the board meeting on Friday',
    ]) {
      expect(corrected(text)).toEqual({ text, corrections: [] })
    }
  })

  it('counts a swap of two letters as one edit', () => {
    expect(editDistance('whcih', 'which')).toBe(1)
    expect(editDistance('payment', 'payment')).toBe(0)
    expect(editDistance('loan', 'lane')).toBe(2)
  })
})
