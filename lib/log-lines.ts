// How `npm start` shows its services' JSON log lines: as they are (LOG_FORMAT=json, for a log shipper or a
// test), or as one readable line each (the default): the message, and for a request who, what, how it ended.

export type LogFormat = 'pretty' | 'json'

/** LOG_FORMAT: `pretty` (default) or `json`. */
export function logFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const value = env.LOG_FORMAT?.trim().toLowerCase() || 'pretty'
  if (value !== 'pretty' && value !== 'json') throw new Error(`Invalid LOG_FORMAT: ${env.LOG_FORMAT} (pretty or json)`)
  return value
}

/** Calls `onLine` with each whole line of a text stream (a line split across chunks is joined first). */
export function eachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = ''
  stream.setEncoding('utf8')
  stream.on('data', (text: string) => {
    const lines = (rest + text).split('\n')
    rest = lines.pop()!
    for (const line of lines) onLine(line)
  })
  stream.on('end', () => {
    if (rest) onLine(rest)
  })
}

/** One service's log line as `npm start` prints it; a line that is not a JSON log line is left as it is. */
export function renderLogLine(line: string, format: LogFormat): string {
  if (format === 'json' || !line.startsWith('{')) return line
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(line) as Record<string, unknown>
  } catch {
    return line
  }
  if (typeof entry.msg !== 'string') return line
  const level = entry.level === 'info' || typeof entry.level !== 'string' ? '' : ` (${entry.level})`
  if (entry.msg === 'graphql request' || entry.msg === 'graphql operation') {
    const outcome = Array.isArray(entry.outcome) ? entry.outcome.join(',') : String(entry.outcome)
    const operation = `${entry.operationType ?? 'operation'} ${entry.operationName ?? '(anonymous)'}`
    return `${operation} by ${entry.subject} (${entry.role}, ${entry.channel}): ${outcome}${entry.status ? ` ${entry.status}` : ''} in ${entry.durationMs} ms  request ${entry.requestId}`
  }
  const error = (entry.error ?? entry.err) as { message?: unknown } | undefined
  return `${entry.msg}${error?.message && !entry.msg.includes(String(error.message)) ? `: ${error.message}` : ''}${level}`
}
