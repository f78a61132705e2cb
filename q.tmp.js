(async () => {
for (let depth = 3000; depth <= 4000; depth += 25) {
  let s = 'id'; for (let i = 0; i < depth; i++) s = `parent { ${s} }`;
  const r = await fetch('http://localhost:4555/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ territory(id: "x") { ${s} } }` }) });
  const t = await r.text(); console.log(depth, r.status, t.slice(0, 200));
}
})();
