// Live progress: poll the job's JSON until it is done or failed. No build step, no library.
(function () {
  const card = document.getElementById("import-job");
  const finished = ["done", "failed"];
  if (finished.includes(card.dataset.status)) return;
  const labels = {queued: "Queued", running: "Running", done: "Done", failed: "Failed (file unusable)"};
  function render(job) {
    document.getElementById("job-status").textContent = labels[job.status] || job.status;
    document.getElementById("job-progress").value = job.progress;
    for (const key of ["rows", "created", "duplicates", "rejected"]) {
      document.getElementById("job-" + key).textContent = job[key];
    }
    const error = document.getElementById("job-error");
    error.textContent = job.error;
    error.hidden = !job.error;
    const body = document.querySelector("#row-errors tbody");
    body.replaceChildren(...job.row_errors.map(function (e) {
      const tr = document.createElement("tr");
      for (const [value, cls] of [[e.row, "num"], [e.field, ""], [e.message, ""]]) {
        const td = document.createElement("td");
        td.textContent = value;
        if (cls) td.className = cls;
        tr.appendChild(td);
      }
      return tr;
    }));
    document.getElementById("row-errors").hidden = job.row_errors.length === 0;
    document.getElementById("no-errors").hidden = job.row_errors.length !== 0;
    card.dataset.status = job.status;
  }
  function poll() {
    fetch(card.dataset.url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) { render(job); if (!finished.includes(job.status)) setTimeout(poll, 1000); })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
