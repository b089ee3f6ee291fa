// Rules the CSP and the architecture depend on, checked over the source itself.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>(['/src/**/*.svelte', '/src/**/*.ts', '!/src/**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

const svelteFiles = Object.entries(sources).filter(([p]) => p.endsWith('.svelte'));

describe('source rules', () => {
  it('finds the sources', () => {
    expect(svelteFiles.length).toBeGreaterThan(5);
    expect(Object.keys(sources)).toContain('/src/lib/api/index.ts');
  });

  it('only the api module imports @tauri-apps', () => {
    const importers = Object.entries(sources)
      .filter(([, text]) => /from\s+['"]@tauri-apps\//.test(text) || /import\(\s*['"]@tauri-apps\//.test(text))
      .map(([p]) => p);
    expect(importers).toEqual(['/src/lib/api/index.ts']);
  });

  it('no component renders raw HTML, inline styles or injected animations (strict CSP)', () => {
    for (const [path, text] of svelteFiles) {
      const markup = text.replace(/<style[\s\S]*?<\/style>/g, '');
      expect(markup, path).not.toMatch(/\{@html/);
      expect(markup, path).not.toMatch(/\sstyle\s*=/);
      expect(markup, path).not.toMatch(/\sstyle:[a-z-]+/);
      expect(markup, path).not.toMatch(/\s(transition|in|out|animate):[a-zA-Z]/);
      expect(markup, path).not.toMatch(/\binvoke\s*\(/);
    }
  });

  it('no text shown to people promises a later version or speaks of releases', () => {
    // A promise in the app ages into a false statement the day the feature ships (or
    // does not); say what the app does now instead.
    const promises = /later release|future release|next release|coming soon|not available yet|in a future version/i;
    const offenders = Object.entries(sources)
      .filter(([p]) => !p.includes('/bindings/'))
      .filter(([, text]) => promises.test(text))
      .map(([p]) => p);
    expect(offenders).toEqual([]);
    expect(promises.test('Automated lookups arrive in a later release')).toBe(true);
  });
});
