// Shrinks every .wasm file in a folder in place, as `wasm-opt -Oz --strip-debug
// --strip-producers` would, with binaryen's JavaScript build (frontend/package.json), and
// drops the custom sections left (the linker's relocations, kept for the splitter, among
// them): the browser needs none.
// One process per core loads binaryen once and takes its share of the files: starting the
// wasm-opt command for each of the hundreds of lazy-page chunks spent minutes in start-up.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

if (isMainThread) {
  const folder = process.argv[2];
  if (!folder) throw new Error("usage: optimize-wasm.mjs <folder>");
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(".wasm"))
    .map((name) => ({ path: join(folder, name), size: statSync(join(folder, name)).size }))
    .sort((a, b) => b.size - a.size);
  // Largest first, each to the least loaded worker.
  const shares = Array.from({ length: Math.min(availableParallelism(), files.length) }, () => ({ bytes: 0, paths: [] }));
  for (const file of files) {
    const share = shares.reduce((least, s) => (s.bytes < least.bytes ? s : least));
    share.bytes += file.size;
    share.paths.push(file.path);
  }
  const done = shares.map(
    (share) =>
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: share.paths });
        worker.on("error", reject);
        worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
      }),
  );
  await Promise.all(done);
  const after = files.reduce((sum, file) => sum + statSync(file.path).size, 0);
  const before = files.reduce((sum, file) => sum + file.size, 0);
  console.log(`wasm: ${files.length} files, ${before} bytes shrunk to ${after}`);
} else {
  const { default: binaryen } = await import(
    new URL("../frontend/node_modules/binaryen/index.js", import.meta.url).href
  );
  const F = binaryen.Features;
  // The features the browsers we support have, and no more (the wasm32 target's defaults).
  const features =
    F.MutableGlobals | F.NontrappingFPToInt | F.BulkMemory | F.BulkMemoryOpt | F.SignExt |
    F.ReferenceTypes | F.Multivalue | F.CallIndirectOverlong;
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  binaryen.setDebugInfo(false);
  for (const path of workerData) {
    const module = binaryen.readBinary(withoutCustomSections(readFileSync(path)), features);
    module.optimize();
    module.runPasses(["strip-debug", "strip-producers"]);
    if (!module.validate()) throw new Error(`${path} does not validate after optimizing`);
    writeFileSync(path, withoutCustomSections(Buffer.from(module.emitBinary())));
    module.dispose();
  }
  parentPort?.postMessage("done");
}

// A module without its custom sections (id 0): each section is its id, its length as LEB128
// and its contents.
function withoutCustomSections(bytes) {
  const kept = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      length += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    at += length;
    if (id !== 0) kept.push(bytes.subarray(start, at));
  }
  return Buffer.concat(kept);
}
