"""The inspector's first answer to a click on a value, written by the page itself before the server hears of it.

While a network trains live, the server and the page are both busy with the
run's updates, and a click answered by the server waits behind them twice (the
click going, the answer coming back). So the page works out what it can from
the graph it already holds: the value's numbers (the values source) and the
chain rule at it (the "chain" source names each edge by the rows it joins,
scene._chain_columns). It writes the same HTML as inspector.inspector_html, term
by term; the server's answer replaces it a moment later with the numerical
check added (a re-evaluation the page leaves to Python: its math library rounds
differently in the last digit, and that digit is what a difference of 1e-10
shows).

Where the page cannot be sure, it says "Working out the chain rule…" and leaves
the rest to the server: a number it does not have (hidden while stepping or
predicting, or NaN), an op it does not know, a drawing in folded groups (no
chain rows are sent for those).

Panel escapes an HTML pane's text once more on the wire (its page script
decodes it): the script does too.
"""

import json

from sandbox.app.teaching.inspector import MISMATCH

# answer(d, links, i): the HTML for row i of the values source's data d (links: the chain source's data).
# Each piece mirrors a Python function, named beside it; tests/browser/test_click_answer.py holds the two
# to the same text for every value of graphs that use every op.
ANSWER_JS = "const MISMATCH = " + json.dumps(MISMATCH) + r"""
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
  .replace(/"/g, "&quot;").replace(/'/g, "&#x27;")  // html.escape
function answer(d, links, i) {
  const g = (v, p) => {  // Python's f"{v:.{p}g}"
    if (Number.isNaN(v)) return "nan"
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf"
    if (v === 0) return Object.is(v, -0) ? "-0" : "0"
    const e = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(p)))))
    if (e >= -4 && e < p) return String(parseFloat(v.toPrecision(p)))
    const [m, x] = v.toExponential(p - 1).split("e")
    const n = parseInt(x)
    return m.replace(/\.?0+$/, "") + "e" + (n < 0 ? "-" : "+") + String(Math.abs(n)).padStart(2, "0")
  }
  const num = (v) => g(v, 4)  // scene.number
  const known = (v) => v !== undefined && v !== null && !Number.isNaN(v)  // NaN: hidden, or not a number
  const shown = (text, v) => text ? text : known(v) ? num(v) : "?"  // small graphs send the server's text
  const id = String(d.id[i]), op = String(d.op[i]), name = esc(d.label[i] || id)
  const made = op === "leaf" ? "a leaf (input or parameter)" : `made by <code>${esc(op)}</code>`
  const heading = `<h4>${name} · data <b>${esc(shown(d.data[i], d.dv[i]))}</b> · ` +
    `grad <b>${esc(shown(d.grad[i], d.gv[i]))}</b> <span class='muted'>· ${made} · id ${esc(id)}</span></h4>`
  const waiting = heading + "\n<p class='muted'>Working out the chain rule at this value…</p>"

  const slope = (base, k) => {  // engine.value.power_slope
    if (k === 0) return 0
    if (base === 0 && k < 1) return k > 0 ? Infinity : -Infinity
    return k * Math.pow(base, k - 1)
  }
  const local = (op, xs, out, pos) => {  // chain_rule.local_derivative: [d out / d input pos, how to read it]
    const a = xs[0]
    if (op === "+") return [1, "1 (+ passes the gradient through)"]
    if (op === "*") {
      const others = xs.reduce((p, x, j) => j === pos ? p : p * x, 1)
      return [others, `the other input, ${g(others, 6)}`]
    }
    if (op.startsWith("**") && op.length > 2) {
      const k = Number(op.slice(2))
      return [slope(a, k), `${g(k, 6)} * x**${g(k - 1, 6)}`]
    }
    if (op === "**") {
      if (pos === 0) return [slope(a, xs[1]), "b * a**(b-1)"]
      return [a > 0 ? out * Math.log(a) : a === 0 ? 0 : NaN, "a**b * log(a)"]
    }
    const rules = {exp: [out, "exp(x) = out"], log: [a ? 1 / a : Infinity, "1 / x"],
                   tanh: [1 - out * out, "1 - out**2"], ReLU: [out > 0 ? 1 : 0, "1 if out > 0 else 0"],
                   sigmoid: [out * (1 - out), "out * (1 - out)"]}
    return xs.length === 1 && op in rules ? rules[op] : null
  }

  const child = links.child, parent = links.parent
  if (!child || child.length === 0 || !known(d.gv[i])) return waiting
  const users = []  // chain_rule.chain_terms: the values made from this one, first use first
  for (let k = 0; k < child.length; k++) {
    if (child[k] === i && !users.includes(parent[k])) users.push(parent[k])
  }
  if (users.length === 0) {
    return heading + `\n<p>Nothing uses ${name}: it is an output. backward() starts here with ` +
      `grad = ${num(d.gv[i])} (d${name}/d${name} = 1).</p>\n<p class='muted'>Checking it numerically…</p>`
  }
  const rows = [], terms = []
  for (const c of users) {
    const inputs = []
    for (let k = 0; k < child.length; k++) if (parent[k] === c) inputs.push(child[k])
    const xs = inputs.map((j) => d.dv[j])
    if (!known(d.gv[c]) || !known(d.dv[c]) || !xs.every(known)) return waiting
    for (let pos = 0; pos < inputs.length; pos++) {
      if (inputs[pos] !== i) continue
      const rule = local(String(d.op[c]), xs, d.dv[c], pos)
      if (rule === null || Number.isNaN(rule[0])) return waiting
      const term = d.gv[c] * rule[0]
      terms.push(term)
      rows.push(`<tr><td>${esc(d.label[c] || String(d.id[c]))} <span class='muted'>via ${esc(d.op[c])}</span></td>` +
        `<td>${num(d.gv[c])}</td><td>${num(rule[0])} <span class='muted'>${esc(rule[1])}</span></td>` +
        `<td class='term'>${num(term)}</td></tr>`)
    }
  }
  const total = terms.reduce((s, t) => s + t, 0), grad = d.gv[i]  // inspector._terms_table
  const agree = Math.abs(total - grad) <= 1e-9 * Math.max(1, Math.abs(grad))
  const verdict = agree ? "= grad ✓" : `≠ recorded grad ${num(grad)}`
  return heading + "\n" +
    `<p>${name}.grad = Σ over the values that use ${name}: their grad × their derivative by ${name}</p>` +
    `<table class='chain'><tr><th>used by</th><th>its grad</th><th>d it / d ${name}</th><th>term</th></tr>` +
    rows.join("") + `<tr class='sum'><td colspan='3'>sum</td><td class='term'>${num(total)} ${verdict}</td></tr>` +
    "</table>" + (agree ? "" : MISMATCH) + "\n<p class='muted'>Checking it numerically…</p>"
}
"""

# The tap tool's script (args: values, chain; cb_data.source: the tapped one). A tap on the selected value
# unselects it: no index, nothing written here, the server shows the hint.
CLICK_JS = ANSWER_JS + """
if (cb_data.source !== values) return
const i = values.selected.indices[0]
if (i === undefined) return
const inspector = [...cb_obj.document.all_models].find(
  (m) => m.css_classes !== undefined && m.css_classes.includes("inspector") && "text" in m)
if (!inspector) return
inspector.text = esc(answer(values.data, chain.data, i))
"""
