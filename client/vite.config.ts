// The browser client: Vite + React. `vite build --config client/vite.config.ts` writes client/dist
// (served by the app itself); `vite --config client/vite.config.ts` serves it with hot reload and
// proxies the API, the health check and Socket.IO (WebSocket included) to the app on CALMLY_PORT.
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

const clientDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const target = `http://localhost:${process.env.CALMLY_PORT ?? 3000}`;

const proxy: Record<string, ProxyOptions> = {
  '/api': { target, changeOrigin: false },
  '/health': { target, changeOrigin: false },
  '/mcp': { target, changeOrigin: false },
  '/socket.io': { target, ws: true, changeOrigin: false },
};

export default defineConfig({
  root: clientDir,
  // Relative asset URLs would break on deep links; the app serves the client at its root.
  base: '/',
  plugins: [
    react(),
    // Every text file of the build (public/ included) also as .br and .gz next to it, compressed once
    // at the highest levels; server/http/static.ts serves the one Accept-Encoding asks for. A file
    // that would not get smaller keeps only its original.
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      include: /\.(html|css|js|mjs|json|svg|txt|xml|webmanifest)$/,
      logLevel: 'silent',
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    // The client imports the shared protocol types from machines/ (outside client/).
    fs: { allow: [repoRoot] },
    proxy,
  },
  preview: { proxy },
});
