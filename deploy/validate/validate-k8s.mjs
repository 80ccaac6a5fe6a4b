// Offline check of deploy/k8s: renders the base and each overlay the way kustomize would for the features
// used here (resources, namespace, labels, strategic-merge patches by kind and name, JSON 6902 patches by
// kind), then validates every object against its schema (kubernetes-models: core types, Strimzi,
// CloudNativePG, Prometheus operator). Exits non-zero on the first kind of problem, listing them all.
import { readFileSync, existsSync, statSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseAllDocuments, parse } from "yaml";

const root = resolve(process.argv[2] ?? "../k8s");
const problems = [];

const MODULES = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator/monitoring.coreos.com",
};

function readDocs(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((d) => {
    if (d.errors.length) problems.push(`${file}: ${d.errors.map((e) => e.message).join("; ")}`);
    return d.toJS();
  }).filter(Boolean);
}

function isObject(v) {
  return v && typeof v === "object" && !Array.isArray(v);
}

// Strategic merge as kustomize does it for these manifests: maps merge, lists of named items merge by name.
function merge(base, patch) {
  if (Array.isArray(base) && Array.isArray(patch) && patch.every((p) => isObject(p) && "name" in p)) {
    const out = base.map((b) => ({ ...b }));
    for (const p of patch) {
      const i = out.findIndex((b) => b.name === p.name);
      if (i >= 0) out[i] = merge(out[i], p); else out.push(p);
    }
    return out;
  }
  if (isObject(base) && isObject(patch)) {
    const out = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = k in base ? merge(base[k], v) : v;
    return out;
  }
  return patch;
}

function applyJson6902(obj, ops, where) {
  for (const op of ops) {
    const path = op.path.split("/").slice(1);
    let node = obj;
    for (const key of path.slice(0, -1)) node = node?.[key];
    const last = path[path.length - 1];
    if (!isObject(node) || (op.op === "replace" && !(last in node))) {
      problems.push(`${where}: patch path ${op.path} does not exist in ${obj.kind}/${obj.metadata.name}`);
      continue;
    }
    if (op.op === "replace" || op.op === "add") node[last] = op.value;
    else if (op.op === "remove") delete node[last];
  }
}

function render(dir) {
  const kfile = join(dir, "kustomization.yaml");
  if (!existsSync(kfile)) {
    problems.push(`${dir}: no kustomization.yaml`);
    return [];
  }
  const k = parse(readFileSync(kfile, "utf8"));
  let objects = [];
  for (const r of k.resources ?? []) {
    const path = resolve(dir, r);
    if (!existsSync(path)) {
      problems.push(`${kfile}: resource ${r} does not exist`);
    } else if (statSync(path).isDirectory()) {
      objects.push(...render(path));
    } else {
      objects.push(...readDocs(path));
    }
  }
  for (const p of k.patches ?? []) {
    if (p.path) {
      for (const patch of readDocs(resolve(dir, p.path))) {
        const i = objects.findIndex((o) => o.kind === patch.kind && o.metadata?.name === patch.metadata?.name);
        if (i < 0) problems.push(`${kfile}: patch ${p.path} targets ${patch.kind}/${patch.metadata?.name}, which is not there`);
        else objects[i] = merge(objects[i], patch);
      }
    } else if (p.patch && p.target) {
      const targets = objects.filter((o) => o.kind === p.target.kind && (!p.target.name || o.metadata.name === p.target.name));
      if (targets.length === 0) problems.push(`${kfile}: inline patch targets no ${p.target.kind}`);
      targets.forEach((o) => applyJson6902(o, parse(p.patch), kfile));
    }
  }
  for (const l of k.labels ?? []) {
    objects = objects.map((o) => merge(o, { metadata: { labels: l.pairs } }));
  }
  if (k.namespace) objects = objects.map((o) => merge(o, { metadata: { namespace: k.namespace } }));
  return objects;
}

async function validate(obj, where) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const module = group === "" ? `kubernetes-models/${version}/${obj.kind}`
    : MODULES[group] ? `${MODULES[group]}/${version}/${obj.kind}`
    : `kubernetes-models/${group}/${version}/${obj.kind}`;
  let Model;
  try {
    Model = (await import(module))[obj.kind];
  } catch (e) {
    problems.push(`${where}: no schema for ${obj.apiVersion} ${obj.kind} (${module})`);
    return;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    problems.push(`${where}: ${obj.kind}/${obj.metadata?.name}: ${e.message}`);
  }
}

const targets = [join(root, "base"), ...readdirSync(join(root, "overlays")).map((o) => join(root, "overlays", o))];
let count = 0;
for (const dir of targets) {
  const objects = render(dir);
  const seen = new Set();
  for (const o of objects) {
    const key = `${o.kind}/${o.metadata?.name}`;
    if (seen.has(key)) problems.push(`${dir}: ${key} is defined twice`);
    seen.add(key);
    await validate(o, dir);
    count++;
  }
  console.log(`${dir}: ${objects.length} objects`);
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`kubernetes manifests: ${count} objects valid`);
