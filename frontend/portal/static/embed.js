// Rapport's customer portal on a partner's page. Put this where the portal should appear:
//
//   <script src="https://rapport.example/portal/embed.js" data-partner="pk_…" async></script>
//
// Optional: data-sso-token="…" (a single sign-on token the partner's backend signed just now:
// the customer arrives signed in), data-target="#some-id" (an element to put the portal in;
// otherwise it goes right after this script), data-title (the frame's accessible name).
// The portal tells this page how tall it is, so the frame never scrolls on its own; this
// script believes only messages from Rapport's origin and from its own frame.
(() => {
  const script = document.currentScript;
  if (!script || !script.dataset.partner) {
    console.error("Rapport portal: the script needs data-partner=\"pk_…\"");
    return;
  }
  const rapport = new URL(script.src).origin;
  const key = encodeURIComponent(script.dataset.partner);
  const sso = script.dataset.ssoToken;
  const address = new URL(sso ? `/portal/${key}/sso` : `/portal/${key}/`, rapport);
  if (sso) address.searchParams.set("token", sso);
  address.searchParams.set("parent", window.location.origin);

  const frame = document.createElement("iframe");
  frame.src = address.href;
  frame.title = script.dataset.title || "Customer support";
  frame.referrerPolicy = "no-referrer";
  frame.style.width = "100%";
  frame.style.minHeight = "480px";
  frame.style.border = "0";
  frame.style.display = "block";

  const target = script.dataset.target && document.querySelector(script.dataset.target);
  if (target) target.replaceChildren(frame);
  else script.after(frame);

  window.addEventListener("message", (event) => {
    if (event.origin !== rapport || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (!data || data.type !== "rapport-portal:resize") return;
    const height = Number(data.height);
    if (Number.isFinite(height) && height > 0 && height < 100000) {
      frame.style.height = `${Math.ceil(height)}px`;
    }
  });
})();
