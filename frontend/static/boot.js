// Loads the WebAssembly app; the page's Content-Security-Policy allows no inline script.
import init from "/pkg/rapport.js";

init({ module_or_path: "/pkg/rapport_bg.wasm" }).catch((error) => {
  document.body.textContent = "Rapport could not start: " + error;
});
