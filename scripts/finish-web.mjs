// Finishes frontend/dist for caching: every file the page loads gets a content hash in its
// name (so it can be cached for a year, immutable), the references to it are rewritten, and
// each text or wasm file gets precompressed Brotli and gzip variants the server sends as they
// are. index.html keeps its name; the server has browsers revalidate it.
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dist = process.argv[2] ?? "frontend/dist";

function hashed(path) {
  const bytes = readFileSync(join(dist, path));
  const digest = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
  const dot = path.lastIndexOf(".");
  const renamed = `${path.slice(0, dot)}.${digest}${path.slice(dot)}`;
  renameSync(join(dist, path), join(dist, renamed));
  return renamed;
}

function rewrite(path, replacements) {
  let text = readFileSync(join(dist, path), "utf8");
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`${path} does not mention ${from}`);
    text = text.split(from).join(to);
  }
  writeFileSync(join(dist, path), text);
}

/**
 * Names an app's split module (in `pkg`, bound as `name`) by content: the wasm chunks of its
 * lazy pages first, named in the splitter's loader; then its main module; then its glue and
 * the loader, which import each other, so that neither can be named after its own content
 * alone: both carry one hash of the two together. Answers the new paths.
 */
function finishSplit(pkg, name) {
  const loader = `${pkg}/__wasm_split.js`;
  const chunks = readdirSync(join(dist, pkg)).filter((file) => /^(chunk|split)_.*\.wasm$/.test(file));
  const hashedChunks = chunks.map((file) => hashed(`${pkg}/${file}`));
  rewrite(loader, chunks.map((file, i) => [`"./${file}"`, `"./${basename(hashedChunks[i])}"`]));
  const wasm = hashed(`${pkg}/${name}_bg.wasm`);
  const build = createHash("sha256")
    .update(readFileSync(join(dist, `${pkg}/${name}.js`)))
    .update(readFileSync(join(dist, loader)))
    .digest("hex")
    .slice(0, 12);
  const js = `${pkg}/${name}.${build}.js`;
  const split = `${pkg}/__wasm_split.${build}.js`;
  // Only the import statements: the wasm's import object keeps the module's original name.
  rewrite(`${pkg}/${name}.js`, [['from "./__wasm_split.js"', `from "./${basename(split)}"`]]);
  rewrite(loader, [[`from "./${name}.js"`, `from "./${basename(js)}"`]]);
  renameSync(join(dist, `${pkg}/${name}.js`), join(dist, js));
  renameSync(join(dist, loader), join(dist, split));
  return { wasm, js, split, chunks: hashedChunks };
}

const { wasm, js, split, chunks: hashedChunks } = finishSplit("pkg", "rapport");
rewrite("boot.js", [["/pkg/rapport_bg.wasm", `/${wasm}`], ["/pkg/rapport.js", `/${js}`]]);
const boot = hashed("boot.js");
const css = hashed("app.css");
rewrite("index.html", [
  ["/pkg/rapport_bg.wasm", `/${wasm}`],
  ["/pkg/rapport.js", `/${js}`],
  ["/pkg/__wasm_split.js", `/${split}`],
  ["/boot.js", `/${boot}`],
  ["/app.css", `/${css}`],
]);

// The customer portal (frontend/portal, in portal/), split the same way: its module, glue,
// loader, boot script and stylesheet named by content. embed.js keeps its name: partners'
// pages load it by that name.
const portal = finishSplit("portal/pkg", "portal");
const [portalWasm, portalJs, portalSplit] = [portal.wasm, portal.js, portal.split];
rewrite("portal/boot.js", [
  ["/portal/pkg/portal_bg.wasm", `/${portalWasm}`],
  ["/portal/pkg/portal.js", `/${portalJs}`],
]);
const portalBoot = hashed("portal/boot.js");
const portalCss = hashed("portal/portal.css");
rewrite("portal/index.html", [
  ["/portal/pkg/portal_bg.wasm", `/${portalWasm}`],
  ["/portal/pkg/portal.js", `/${portalJs}`],
  ["/portal/pkg/__wasm_split.js", `/${portalSplit}`],
  ["/portal/boot.js", `/${portalBoot}`],
  ["/portal/portal.css", `/${portalCss}`],
]);

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

for (const path of files(dist)) {
  if (!/\.(html|js|css|wasm|svg|json)$/.test(path)) continue;
  const bytes = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
}

const size = (path) => statSync(join(dist, path)).size;
const kib = (n) => `${Math.round(n / 1024)} KiB`;
const chunksGzip = hashedChunks.reduce((sum, path) => sum + size(`${path}.gz`), 0);
console.log(
  `web app finished: ${relative(".", join(dist, wasm))} ${kib(size(wasm))} raw, ` +
    `${kib(size(`${wasm}.gz`))} gzip, ${kib(size(`${wasm}.br`))} brotli; ` +
    `${hashedChunks.length} chunks loaded on demand, ${kib(chunksGzip)} gzip in all`,
);

// The portal must stay small (issue 15: under 250 KB gzip for everything its page loads; the
// chunks of the pages not every visit needs come when one is opened).
const PORTAL_BUDGET = 250 * 1000;
const portalGzip = [portalWasm, portalJs, portalSplit, portalBoot, portalCss, "portal/index.html"]
  .reduce((sum, path) => sum + size(`${path}.gz`), 0);
const portalChunksGzip = portal.chunks.reduce((sum, path) => sum + size(`${path}.gz`), 0);
console.log(
  `portal finished: ${kib(portalGzip)} gzip loaded by its page ` +
    `(${relative(".", join(dist, portalWasm))} ${kib(size(`${portalWasm}.gz`))} gzip); ` +
    `${portal.chunks.length} chunks loaded on demand, ${kib(portalChunksGzip)} gzip in all`,
);
if (portalGzip > PORTAL_BUDGET) {
  throw new Error(`the portal loads ${portalGzip} bytes gzip, more than its budget of ${PORTAL_BUDGET}`);
}
