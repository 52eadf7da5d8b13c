// graphql-ws publishes `graphql-ws/use/ws` through package.json "exports", which this project's "node"
// module resolution does not read; point the types at the file that subpath resolves to at run time.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws.cjs'
}
