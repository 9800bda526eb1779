// Builds the dashboard's plotly.js bundle from the pinned npm packages (package-lock.json), with the
// settings of plotly.js's own esbuild-config.js, then writes .gz and .br copies next to it so the server
// sends the smallest encoding without compressing on every request. Run by scripts/setup.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] || join(here, '..', '..', 'dashboard', 'vendor');
const outfile = join(outDir, 'plotly-ict4d.min.js');
const version = JSON.parse(readFileSync(join(here, 'node_modules', 'plotly.js', 'package.json'))).version;

mkdirSync(outDir, { recursive: true });
await build({
    entryPoints: [join(here, 'entry.js')],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'none',
    banner: { js: `/* plotly.js ${version} (MIT), ict4d partial bundle: scatter, bar, choropleth */` },
    // maplibre's stylesheet is only required by map traces, which this bundle leaves out
    loader: { '.css': 'empty' },
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    target: 'es2016',
    logLevel: 'warning',
});
const js = readFileSync(outfile);
writeFileSync(outfile + '.gz', gzipSync(js, { level: 9 }));
writeFileSync(
    outfile + '.br',
    brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: js.length } }),
);
console.log(`${outfile}: ${js.length} bytes (plotly.js ${version})`);
