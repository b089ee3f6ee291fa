import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// The desktop shell loads `dist/` through Tauri's custom protocol under a strict CSP
// (`default-src 'self'; style-src 'self'; script-src 'self'`): everything must be emitted
// as files, nothing inlined into index.html.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK / WKWebView (Linux, macOS) and WebView2 (Windows).
    target: ['safari15', 'chrome105'],
    // Never turn assets into data: URIs or inline styles.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
