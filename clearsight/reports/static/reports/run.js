// The "Generating…" page: ask for the run's progress every two seconds and say it in the status
// region; when the report is ready (or has failed), load the page again to show the result.
// Without JavaScript the page offers a "Check again" link instead (no meta refresh: WCAG 2.2.1).
const box = document.querySelector("[data-report-run-status]");
if (box) {
  const url = box.dataset.reportRunStatus;
  const text = box.querySelector("[data-step]");
  const bar = document.querySelector("progress.cs-progress");
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const run = await response.json();
        if (run.finished) {
          window.location.reload();
          return;
        }
        text.textContent = (run.steps ? `Step ${run.step} of ${run.steps}: ` : "") + (run.step_text || "Waiting to start");
        if (bar) bar.value = run.percent;
      }
    } catch (error) {
      // A dropped request is retried on the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
