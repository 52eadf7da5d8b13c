// The gateways `npm run bench` compares, and how they are pointed at the benchmark's subgraphs. ours-no-authz
// is ours with authorization off: no token check at the gateway, no field rules at its (own) subgraphs;
// ours-cached is ours with its response cache in memory, as the gateway runs by default (GATEWAY_CACHE).

export const BENCH_TARGETS = ['stock', 'hive', 'ours', 'ours-no-authz', 'ours-cached'] as const
export type BenchTarget = (typeof BENCH_TARGETS)[number]

/** The supergraph with each listed subgraph's URL replaced, for gateways that read URLs only from it. */
export function supergraphWithUrls(supergraphSdl: string, urls: Record<string, string>): string {
  return supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
  )
}
