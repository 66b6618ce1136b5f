import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const BUILDS = [
  ['vega', 'build/vega.min.js'],
  ['vega-lite', 'build/vega-lite.min.js'],
  ['vega-embed', 'build/vega-embed.min.js'],
] as const;

/** The package folder of an installed dependency (its exports map hides the build files). */
function packageRoot(name: string): string {
  const entry = require.resolve(name);
  const marker = `/node_modules/${name}/`;
  const i = entry.lastIndexOf(marker);
  if (i < 0) throw new Error(`cannot locate the ${name} package from ${entry}`);
  return entry.slice(0, i + marker.length);
}

/** vega, vega-lite and vega-embed as inline `<script>` elements, so the page works offline. */
export function vendorScripts(): string {
  return BUILDS.map(([name, file]) => {
    const code = readFileSync(packageRoot(name) + file, 'utf8').replace(/<\/script/gi, '<\\/script');
    return `<script>/* ${name} (BSD-3-Clause) */\n${code}\n</script>`;
  }).join('\n');
}
