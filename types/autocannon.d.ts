// The part of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string
    method?: string
    body?: string
    headers?: Record<string, string>
    duration?: number
    connections?: number
    /** Per-request templates; `setupRequest` may rewrite each request before it is sent. */
    requests?: {
      method?: string
      body?: string
      headers?: Record<string, string>
      setupRequest?: (request: { headers: Record<string, string> }) => { headers: Record<string, string> }
    }[]
  }
  interface Histogram {
    average: number
    p50: number
    p99: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    errors: number
    non2xx: number
  }
  function autocannon(options: Options): Promise<Result>
  export = autocannon
}
