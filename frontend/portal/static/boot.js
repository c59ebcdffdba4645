// Loads the portal's WebAssembly; the page's Content-Security-Policy allows no inline script.
import init from "/portal/pkg/portal.js";

init({ module_or_path: "/portal/pkg/portal_bg.wasm" }).catch((error) => {
  document.body.textContent = "The support portal could not start: " + error;
});
