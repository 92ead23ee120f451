// Installed in every page the browser tests open (context.add_init_script) as window.__itband.
// Loaded by browser.py; checks.py and latency.py call these functions through page.evaluate.
//
// An explorer is an element with the CSS class `itband-explorer` (an ipywidgets box) holding
// ipywidgets controls and a figure: ipympl's <canvas> elements, or an <img>.
(() => {
  if (window.__itband) {
    return;
  }

  // FNV-1a, 32 bit: cheap enough to hash a figure's pixels on every poll.
  const fnv = (h, v) => Math.imul(h ^ v, 16777619) >>> 0;
  const hashString = (s) => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) h = fnv(h, s.charCodeAt(i));
    return h;
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const outputText = (out) => out.innerText || out.textContent || '';

  const H = {
    /** Hash of what an element's figures show: pixels of every canvas, source of every img. */
    fingerprint(el) {
      const parts = [];
      let painted = false;
      let canvases = 0;
      let images = 0;
      for (const c of el.querySelectorAll('canvas')) {
        canvases++;
        if (!c.width || !c.height) {
          parts.push('c:empty');
          continue;
        }
        const ctx = c.getContext('2d');
        if (!ctx) { // a WebGL canvas: fall back to its encoded image
          parts.push('c:' + hashString(c.toDataURL()));
          painted = true;
          continue;
        }
        const data = new Uint32Array(ctx.getImageData(0, 0, c.width, c.height).data.buffer);
        let h = 2166136261;
        let any = false;
        for (let i = 0; i < data.length; i++) {
          h = fnv(h, data[i]);
          if (data[i] !== 0) any = true;
        }
        painted = painted || any;
        parts.push(`c:${c.width}x${c.height}:${h}`);
      }
      for (const img of el.querySelectorAll('img')) {
        images++;
        const loaded = img.complete && img.naturalWidth > 0;
        painted = painted || loaded;
        parts.push(`i:${loaded}:${hashString(img.currentSrc || img.src || '')}`);
      }
      return { key: parts.join('|'), painted, canvases, images };
    },

    /** Resolve once the figure is painted and unchanged for stableMs (ipympl redraws on resize). */
    async settle(el, stableMs, timeoutMs) {
      const t0 = performance.now();
      let last = null;
      let since = performance.now();
      while (performance.now() - t0 < timeoutMs) {
        const fp = H.fingerprint(el);
        if (!fp.painted || fp.key !== last) {
          last = fp.key;
          since = performance.now();
        } else if (performance.now() - since >= stableMs) {
          return { settled: true, ...fp };
        }
        await sleep(50);
      }
      return { settled: false, ...H.fingerprint(el) };
    },

    /** Arm a watcher: after the next keydown anywhere in the page, poll the figure (every ~4 ms)
     *  until its pixels differ from now. window.__itbandWatch resolves, at the latest after
     *  timeoutMs, to {changed, keySeen, latencyMs} (keydown to first changed poll). */
    arm(el, timeoutMs) {
      const before = H.fingerprint(el).key;
      const state = { tKey: null };
      const onKey = () => {
        if (state.tKey === null) state.tKey = performance.now();
      };
      document.addEventListener('keydown', onKey, { capture: true });
      window.__itbandWatch = new Promise((resolve) => {
        const t0 = performance.now();
        const finish = (result) => {
          document.removeEventListener('keydown', onKey, { capture: true });
          resolve(result);
        };
        const tick = () => {
          if (state.tKey !== null && H.fingerprint(el).key !== before) {
            finish({ changed: true, keySeen: true, latencyMs: performance.now() - state.tKey });
          } else if (performance.now() - t0 > timeoutMs) {
            finish({ changed: false, keySeen: state.tKey !== null, latencyMs: null });
          } else {
            setTimeout(tick, 4);
          }
        };
        tick();
      });
      return true;
    },

    /** Watch an element's figure for durationMs without touching anything: every ~5 ms, note
     *  when its pixels change (a new <img> source counts once it has loaded). window.__itbandFrames resolves to {frames: [ms since the start of
     *  each change], keys: key presses seen meanwhile, durationMs}. Arm it, then start whatever
     *  should animate the figure (e.g. click a Play button), then await it. */
    watchFrames(el, durationMs) {
      let last = H.fingerprint(el).key;
      const frames = [];
      let keys = 0;
      const onKey = () => { keys++; };
      document.addEventListener('keydown', onKey, { capture: true });
      const t0 = performance.now();
      window.__itbandFrames = new Promise((resolve) => {
        const tick = () => {
          const now = performance.now();
          const fp = H.fingerprint(el);
          const key = fp.key;
          // an <img> whose new source is still loading is half a frame: count it once it is shown
          if (key !== last && !key.includes('i:false')) {
            frames.push(now - t0);
            last = key;
          }
          if (now - t0 >= durationMs) {
            document.removeEventListener('keydown', onKey, { capture: true });
            resolve({ frames, keys, durationMs: now - t0 });
          } else {
            setTimeout(tick, 5);
          }
        };
        tick();
      });
      return true;
    },

    /** Widgets that are not live. Only output areas are read: lesson *code* may legitimately
     *  contain "FloatSlider(". */
    widgetProblems(root, failureTexts, reprPatterns) {
      const problems = [];
      const regexes = reprPatterns.map((p) => new RegExp(p));
      root.querySelectorAll('.jp-OutputArea-output').forEach((out, i) => {
        const text = outputText(out);
        const excerpt = JSON.stringify(text.slice(0, 160));
        for (const t of failureTexts) {
          if (text.includes(t)) problems.push(`output ${i}: widget not live: "${t}" in ${excerpt}`);
        }
        for (const r of regexes) {
          if (r.test(text)) problems.push(`output ${i}: widget shown as text repr (${r.source}): ${excerpt}`);
        }
        const mime = out.getAttribute('data-mime-type') || '';
        const rendered = out.querySelector('.jupyter-widgets, .lm-Widget, .jupyter-matplotlib');
        if (mime === 'application/vnd.jupyter.widget-view+json' && !rendered) {
          problems.push(`output ${i}: widget view output has no rendered widget`);
        }
      });
      return problems;
    },

    /** Tracebacks in stderr outputs (error outputs render with this mime type too).
     *  insideWidgetsOnly: only those in Output widgets, e.g. from a slider callback. */
    tracebacks(root, insideWidgetsOnly) {
      const found = [];
      const selector = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
      root.querySelectorAll(selector).forEach((out) => {
        const text = outputText(out);
        if (!/Traceback|Error\b/.test(text)) return;
        if (insideWidgetsOnly && !out.parentElement.closest('.jupyter-widgets')) return;
        found.push(`traceback in output: ${JSON.stringify(text.trim().slice(-400))}`);
      });
      return found;
    },

    loadingCount(root) {
      let n = 0;
      root.querySelectorAll('.jp-OutputArea-output').forEach((out) => {
        if ((out.textContent || '').includes('Loading widget')) n++;
      });
      return n;
    },

    /** Mark the top-level explorers under root with data-itband-explorer=i; describe each. */
    markExplorers(root) {
      document.querySelectorAll('[data-itband-explorer]')
        .forEach((el) => el.removeAttribute('data-itband-explorer'));
      const top = Array.from(root.querySelectorAll('.itband-explorer'))
        .filter((el) => !el.parentElement || !el.parentElement.closest('.itband-explorer'));
      top.forEach((el, i) => el.setAttribute('data-itband-explorer', String(i)));
      return top.map((el) => ({
        sliders: el.querySelectorAll('.widget-slider .noUi-target:not([disabled]) .noUi-handle').length,
        canvases: el.querySelectorAll('canvas').length,
        images: el.querySelectorAll('img').length,
      }));
    },

    // ---- projector fit ----------------------------------------------------------------------

    /** The element's nearest ancestor that scrolls vertically (the notebook panel in JupyterLab,
     *  the page in Voila). */
    scroller(el) {
      for (let n = el.parentElement; n; n = n.parentElement) {
        const oy = getComputedStyle(n).overflowY;
        if ((oy === 'auto' || oy === 'scroll') && n.scrollHeight > n.clientHeight) return n;
      }
      return document.scrollingElement || document.documentElement;
    },

    /** For a course explorer (one with an .itband-figure and an .itband-readout), scroll each
     *  enabled slider to the centre of the visible notebook area (where Chromium puts a control
     *  brought into view by keyboard focus) and measure which fraction of the figure's and of the
     *  readout's box is then visible. Returns null for other explorers. */
    projectorFit(el) {
      const fig = el.querySelector('.itband-figure');
      const readout = el.querySelector('.itband-readout');
      if (!fig || !readout) return null;
      const scroller = H.scroller(el);
      const area = () => {
        const r = scroller === document.scrollingElement ? new DOMRect(0, 0, innerWidth, innerHeight)
          : scroller.getBoundingClientRect();
        const top = Math.max(r.top, 0);
        const bottom = Math.min(r.bottom, innerHeight);
        const left = Math.max(r.left, 0);
        const right = Math.min(r.right, innerWidth);
        return { top, bottom, left, right };
      };
      const visible = (node) => {
        const b = node.getBoundingClientRect();
        const a = area();
        if (b.width === 0 || b.height === 0) return 0;
        const w = Math.max(0, Math.min(b.right, a.right) - Math.max(b.left, a.left));
        const h = Math.max(0, Math.min(b.bottom, a.bottom) - Math.max(b.top, a.top));
        return (w * h) / (b.width * b.height);
      };
      const rows = [];
      const handles = el.querySelectorAll('.widget-slider .noUi-target:not([disabled]) .noUi-handle');
      handles.forEach((h) => {
        h.scrollIntoView({ block: 'center', inline: 'nearest' });
        const slider = h.closest('.widget-slider');
        const label = slider && slider.querySelector('.widget-label');
        rows.push({
          slider: label ? label.textContent.trim() : '?',
          sliderVisible: visible(h),
          figure: visible(fig),
          readout: visible(readout),
          area: area(),
          figureBox: fig.getBoundingClientRect().toJSON(),
        });
      });
      return rows;
    },

    // ---- Voila 0.5 ---------------------------------------------------------------------------
    // The page's "load" comes while the #loading spinner still says "Executing n of m"; the
    // outputs arrive as <script type="application/vnd.voila.cell-output+json"> elements, which
    // Voila's front end replaces by rendered outputs, whose widgets then say "Loading widget...".

    /** What Voila has not finished yet; all zero/false when the page is fully rendered. */
    voilaPending() {
      return {
        spinner: !!document.getElementById('loading'),
        unrenderedOutputs: document.querySelectorAll(
          'script[type="application/vnd.voila.cell-output+json"]').length,
        loadingWidgets: H.loadingCount(document.body),
      };
    },

    voilaDone() {
      const p = H.voilaPending();
      return !p.spinner && p.unrenderedOutputs === 0 && p.loadingWidgets === 0;
    },

    // ---- JupyterLab (needs --LabApp.expose_app_in_browser=True: window.jupyterapp) ----------

    /** The current tab is the notebook at `path`, loaded, with a connected idle kernel. */
    labPanelReady(path) {
      const app = window.jupyterapp;
      const w = app && app.shell && app.shell.currentWidget;
      if (!w || !w.context || w.context.path !== path || !w.context.isReady) return false;
      const kernel = w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
      return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
    },

    /** Mark the current notebook panel so that selectors can be scoped to it. */
    labMarkScope() {
      document.querySelectorAll('[data-itband-scope]')
        .forEach((el) => el.removeAttribute('data-itband-scope'));
      window.jupyterapp.shell.currentWidget.node.setAttribute('data-itband-scope', 'lab');
    },

    labCodeCells() {
      return Array.from(window.jupyterapp.shell.currentWidget.content.widgets)
        .filter((c) => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
    },

    /** Some code cell has started or finished since the outputs were cleared. */
    labRunStarted() {
      const cells = H.labCodeCells();
      return cells.length === 0 || cells.some((c) => c.model.executionCount !== null
        || (c.node.querySelector('.jp-InputArea-prompt') || {}).textContent === '[*]:');
    },

    /** Run-all is over: kernel idle, nothing queued, and every cell ran or one failed
     *  (JupyterLab stops running the rest after an error). */
    labRunDone() {
      const w = window.jupyterapp.shell.currentWidget;
      const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
      if (!kernel || kernel.status !== 'idle') return false;
      let executed = 0;
      let running = 0;
      let errors = 0;
      const cells = H.labCodeCells();
      for (const cell of cells) {
        if (cell.model.executionCount !== null && cell.model.executionCount !== undefined) executed++;
        const prompt = cell.node.querySelector('.jp-InputArea-prompt');
        if (cell.model.executionState === 'running' || (prompt && prompt.textContent.includes('*'))) {
          running++;
        }
        for (let i = 0; i < cell.model.outputs.length; i++) {
          if (cell.model.outputs.get(i).type === 'error') errors++;
        }
      }
      return running === 0 && (executed === cells.length || errors > 0);
    },

    /** Error outputs, and tracebacks printed to stderr, in the notebook model. */
    labErrors() {
      const found = [];
      window.jupyterapp.shell.currentWidget.content.widgets.forEach((cell, index) => {
        if (cell.model.type !== 'code') return;
        for (let i = 0; i < cell.model.outputs.length; i++) {
          const out = cell.model.outputs.get(i).toJSON();
          if (out.output_type === 'error') found.push(`cell ${index}: ${out.ename}: ${out.evalue}`);
          if (out.output_type === 'stream' && out.name === 'stderr') {
            const text = Array.isArray(out.text) ? out.text.join('') : String(out.text);
            if (text.includes('Traceback')) {
              found.push(`cell ${index}: traceback on stderr: ${text.slice(0, 400)}`);
            }
          }
        }
      });
      return found;
    },
  };
  window.__itband = H;
})();
