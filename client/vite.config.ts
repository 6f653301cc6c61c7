// The browser client: Vite + React. `vite build --config client/vite.config.ts` writes client/dist
// (served by the app itself); `vite --config client/vite.config.ts` serves it with hot reload and
// proxies the API, the health check and Socket.IO (WebSocket included) to the app on CALMLY_PORT.
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

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
  plugins: [react()],
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
