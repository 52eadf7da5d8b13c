// Builds the web app into web/dist, which the gateway serves at `/`. `npm run dev:web` serves it with hot
// reload and sends the API to a running gateway (GATEWAY_ORIGIN, default http://127.0.0.1:4000).
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const gateway = process.env.GATEWAY_ORIGIN ?? 'http://127.0.0.1:4000'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Charts are the bulk of the bundle; React and the charts get files of their own, cached apart from the app,
    // and the charts load only with the first chart. React goes first: a group takes its modules' dependencies
    // too, and the app needs React at once.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'charts',
              priority: 1,
              test: /node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor|@reduxjs|redux|react-redux|immer|reselect|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant|use-sync-external-store)[\\/]/,
            },
            { name: 'react', priority: 2, test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: gateway, ws: true },
      '/chat': gateway,
      '/dev/tokens': gateway,
      '/data-products': gateway,
    },
  },
})
