// The containers' health check: the slim Node image has no curl, so Node asks GET /ready itself. Healthy
// means ready to serve: a subgraph whose database answers, a gateway with at least one product answering
// (a service that is only alive answers GET /health, which the Kubernetes liveness probe asks).
// Usage: node deploy/healthcheck.js <port variable> <default port>; exits 0 on a 2xx answer, 1 otherwise.
const [portVariable, defaultPort] = process.argv.slice(2)
const port = process.env[portVariable] || defaultPort

fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
)
