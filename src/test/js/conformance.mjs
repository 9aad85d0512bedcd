// Conformance of the Northflank simulator with the official js-client (@northflank/js-client).
//
// Starts nothing: it talks to a simulator that is already listening (JsClientConformanceTest
// starts one in-process) through the official client, and checks every answer against the
// TypeScript types that client ships, read with the TypeScript compiler API:
//   - each successful call's `data` has every field the call's result type declares required,
//     recursively into nested objects and array elements, with the declared primitive types
//     (string-literal unions count as strings; a value outside the union is a warning, since the
//     API adds enum values, not a failure);
//   - error calls give `error.status` and a non-empty `error.message` in the ApiCallError shape.
// A call's result type is found through the typings of the method itself (ApiClient's `get.job.runs`
// resolves to Promise<ApiCallResponse<GetJobRunsResult>>), so a renamed method fails too. The few
// places where the simulator knowingly departs from the typings are listed in KNOWN_DIVERGENCES
// and reported as warnings under their exact condition only. A validator self-check spoils a real
// answer and expects the spoilt fields to be reported, so that an "ok" can never be hollow (e.g.
// typings that resolved to `any`).
//
// Environment:
//   NF_SIM_BASE_URL             e.g. http://127.0.0.1:41234 (the client appends /v1/...)
//   NF_SIM_TOKEN                a token valid for every project
//   NF_SIM_OTHER_PROJECT_TOKEN  a token valid only for NF_SIM_OTHER_PROJECT
//   NF_SIM_OTHER_PROJECT        that project (default team-project); must not be default-project
//   NF_SIM_UNKNOWN_TOKEN        a token the simulator does not know
//
// The seeded jobs are assumed (SimulatorOptions.seedJobs(true)). Exit code: 0 when every check
// passed, 1 when any failed, 2 when the environment or the typings are unusable.

import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import ts from 'typescript';
import { ApiClient, ApiClientInMemoryContextProvider } from '@northflank/js-client';

const WATCHDOG_MS = 90_000;

const PROJECT = 'default-project';
const PROJECT_JOBS = ['docker-build-job', 'example-job', 'kaniko-build-job', 'manual-job', 'nightly-report'];
const TEAM = 'example-team';
const TEAM_PROJECT = 'team-project';
const TEAM_JOB = 'team-job';
const UNKNOWN_JOB = 'no-such-job';

// ---------------------------------------------------------------------------------------------
// Environment

function env(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    if (fallback !== undefined) return fallback;
    console.error(`conformance: environment variable ${name} is not set`);
    process.exit(2);
  }
  return value;
}

const baseUrl = env('NF_SIM_BASE_URL').replace(/\/+$/, '');
const token = env('NF_SIM_TOKEN');
const otherProjectToken = env('NF_SIM_OTHER_PROJECT_TOKEN');
const otherProject = env('NF_SIM_OTHER_PROJECT', TEAM_PROJECT);
const unknownToken = env('NF_SIM_UNKNOWN_TOKEN');
// Runs the Java side added to example-job just before: one failed, then one still running.
const failedRun = env('NF_SIM_FAILED_RUN');
const runningRun = env('NF_SIM_RUNNING_RUN');
if (otherProject === PROJECT) {
  console.error(`conformance: NF_SIM_OTHER_PROJECT must not be ${PROJECT}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Typings: the declared type of `response.data` (and `error`, `pagination`) of each client call,
// turned into a small schema.

const clientEntry = fileURLToPath(import.meta.resolve('@northflank/js-client'));
const typingsPath = clientEntry.replace(/\.js$/, '.d.ts');

const program = ts.createProgram([typingsPath], {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
});
const checker = program.getTypeChecker();
const typings = program.getSourceFile(typingsPath);
if (!typings) {
  console.error(`conformance: cannot read the client's typings at ${typingsPath}`);
  process.exit(2);
}

function typeOfProperty(type, name) {
  const symbol = checker.getPropertyOfType(type, name);
  return symbol ? checker.getTypeOfSymbol(symbol) : undefined;
}

const apiClientClass = typings.statements.find(
  (s) => ts.isClassDeclaration(s) && s.name?.text === 'ApiClient',
);
if (!apiClientClass) {
  console.error('conformance: the typings declare no class ApiClient');
  process.exit(2);
}
const apiClientType = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(apiClientClass.name));

/**
 * What the typings say `apiClient.<path>(...)` resolves to: ApiCallResponse<R>. Returns the
 * types of its `data`, `error` and `pagination` members, and R's alias name.
 */
function declaredResponse(path) {
  let type = apiClientType;
  for (const name of path) {
    type = typeOfProperty(type, name);
    if (!type) throw new Error(`the typings have no ApiClient.${path.join('.')}`);
  }
  const signature = checker.getSignaturesOfType(type, ts.SignatureKind.Call)[0];
  if (!signature) throw new Error(`ApiClient.${path.join('.')} is not callable in the typings`);
  const response = checker.getAwaitedType(signature.getReturnType());
  const data = typeOfProperty(response, 'data');
  if (!data) throw new Error(`ApiClient.${path.join('.')} does not resolve to an ApiCallResponse`);
  return {
    alias: data.aliasSymbol?.name ?? checker.typeToString(data),
    data: toSchema(data),
    error: toSchema(typeOfProperty(response, 'error')),
    pagination: toSchema(typeOfProperty(response, 'pagination')),
  };
}

const F = ts.TypeFlags;

/** Schema kinds: any, string, number, boolean, null, enum, literal, array, object, union, function. */
function toSchema(type, depth = 0) {
  if (depth > 40) return { kind: 'any' };
  if (type.flags & (F.Any | F.Unknown)) return { kind: 'any' };
  if (type.flags & F.Union) {
    const members = type.types.filter((t) => !(t.flags & (F.Undefined | F.Void)));
    const options = [];
    const literals = [];
    let sawString = false;
    let sawBoolean = false;
    for (const member of members) {
      if (member.flags & F.StringLiteral) literals.push(member.value);
      else if (member.flags & F.BooleanLiteral) sawBoolean = true;
      else {
        const schema = toSchema(member, depth + 1);
        if (schema.kind === 'any') return schema;
        if (schema.kind === 'string') sawString = true;
        options.push(schema);
      }
    }
    if (sawBoolean) options.push({ kind: 'boolean' });
    if (literals.length > 0 && !sawString) options.unshift({ kind: 'enum', values: literals });
    if (options.length === 0) return { kind: 'any' };
    return options.length === 1 ? options[0] : { kind: 'union', options };
  }
  if (type.flags & F.String) return { kind: 'string' };
  if (type.flags & F.StringLiteral) return { kind: 'enum', values: [type.value] };
  if (type.flags & F.Number) return { kind: 'number' };
  if (type.flags & F.NumberLiteral) return { kind: 'literal', value: type.value };
  if (type.flags & (F.Boolean | F.BooleanLiteral)) return { kind: 'boolean' };
  if (type.flags & F.Null) return { kind: 'null' };
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    const [element] = checker.getTypeArguments(type);
    return { kind: 'array', element: element ? toSchema(element, depth + 1) : { kind: 'any' } };
  }
  if (type.flags & (F.Object | F.Intersection)) {
    if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0) {
      return { kind: 'function' };
    }
    const props = checker.getPropertiesOfType(type).map((symbol) => ({
      name: symbol.getName(),
      optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0,
      schema: toSchema(checker.getTypeOfSymbol(symbol), depth + 1),
    }));
    return { kind: 'object', props };
  }
  // Anything else (an unresolved type from a module the typings import) accepts any value.
  return { kind: 'any' };
}

function describe(schema) {
  switch (schema.kind) {
    case 'enum':
      return schema.values.map((v) => JSON.stringify(v)).join(' | ');
    case 'literal':
      return JSON.stringify(schema.value);
    case 'array':
      return `${describe(schema.element)}[]`;
    case 'union':
      return schema.options.map(describe).join(' | ');
    default:
      return schema.kind;
  }
}

function countRequired(schema) {
  if (schema.kind === 'object') {
    return schema.props.reduce((n, p) => n + (p.optional ? 0 : 1) + countRequired(p.schema), 0);
  }
  if (schema.kind === 'array') return countRequired(schema.element);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Known divergences: places where the simulator knowingly departs from the typings, each a
// documented choice (see the simulator's package-info.java). They are reported as warnings, and
// only under their exact condition; anything else missing still fails.

const KNOWN_DIVERGENCES = [
  {
    call: 'get.job.runs',
    path: /^runs\[\d+\]\.concludedAt$/,
    applies: (parent) => parent.status === 'RUNNING' && parent.concluded === false,
    why:
      'absent on a run still in progress (the simulator does not invent a conclusion time; ' +
      'GetJobRunsResult declares it required)',
  },
];

function divergencesFor(path) {
  const call = path.join('.');
  return KNOWN_DIVERGENCES.filter((d) => call === d.call || call.startsWith(`${d.call}.`));
}

// ---------------------------------------------------------------------------------------------
// Validation of a value against a schema.

function newFindings(divergences = []) {
  return { missing: [], wrong: [], unknownEnum: [], extra: [], known: [], checked: 0, divergences };
}

function seen(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function join(path, name) {
  return path ? `${path}.${name}` : name;
}

function validate(value, schema, path, findings) {
  findings.checked++;
  const wrong = () =>
    findings.wrong.push(`${path || '(data)'}: expected ${describe(schema)}, got ${seen(value)}`);
  switch (schema.kind) {
    case 'any':
      return;
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof value !== schema.kind || (schema.kind === 'number' && !Number.isFinite(value))) wrong();
      return;
    case 'null':
      if (value !== null) wrong();
      return;
    case 'function':
      if (typeof value !== 'function') wrong();
      return;
    case 'literal':
      if (value !== schema.value) wrong();
      return;
    case 'enum':
      if (typeof value !== 'string') wrong();
      else if (!schema.values.includes(value)) {
        findings.unknownEnum.push(
          `${path}: ${JSON.stringify(value)} is not one of ${describe(schema)}`,
        );
      }
      return;
    case 'array':
      if (!Array.isArray(value)) return wrong();
      value.forEach((element, i) => validate(element, schema.element, `${path}[${i}]`, findings));
      return;
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return wrong();
      const declared = new Set();
      for (const prop of schema.props) {
        declared.add(prop.name);
        const child = join(path, prop.name);
        if (!Object.prototype.hasOwnProperty.call(value, prop.name) || value[prop.name] === undefined) {
          if (prop.optional) continue;
          const known = findings.divergences.find((d) => d.path.test(child) && d.applies(value));
          if (known) findings.known.push(`${child} ${known.why}`);
          else findings.missing.push(`${child} (${describe(prop.schema)})`);
          continue;
        }
        validate(value[prop.name], prop.schema, child, findings);
      }
      for (const key of Object.keys(value)) {
        if (!declared.has(key)) findings.extra.push(join(path, key));
      }
      return;
    }
    case 'union': {
      // The value must fit one variant; a null fits a variant that admits null and nothing else.
      let best;
      for (const option of schema.options) {
        const attempt = newFindings(findings.divergences);
        validate(value, option, path, attempt);
        const errors = attempt.missing.length + attempt.wrong.length;
        if (errors === 0) {
          merge(findings, attempt);
          return;
        }
        if (!best || errors < best.errors) best = { attempt, errors };
      }
      if (best.attempt.missing.length + best.attempt.wrong.length > 0 && isScalar(value)) {
        wrong();
        return;
      }
      merge(findings, best.attempt);
      return;
    }
    default:
      throw new Error(`unknown schema kind ${schema.kind}`);
  }
}

function isScalar(value) {
  return value === null || typeof value !== 'object';
}

function merge(into, from) {
  into.missing.push(...from.missing);
  into.wrong.push(...from.wrong);
  into.unknownEnum.push(...from.unknownEnum);
  into.extra.push(...from.extra);
  into.known.push(...from.known);
  into.checked += from.checked;
}

// ---------------------------------------------------------------------------------------------
// The client, one context per token.

function client(apiToken, name, opts) {
  const contextProvider = new ApiClientInMemoryContextProvider();
  contextProvider.addContext({ name, token: apiToken, host: baseUrl });
  return new ApiClient(contextProvider, opts);
}

const api = client(token, 'conformance');
const apiOtherProject = client(otherProjectToken, 'conformance-other-project');
const apiUnknownToken = client(unknownToken, 'conformance-unknown-token');
const apiThrowing = client(token, 'conformance-throwing', { throwErrorOnHttpErrorCode: true });

/** The runtime method at a path such as ['get', 'job', 'runs'], bound as the client calls it. */
function method(apiClient, path) {
  let target = apiClient;
  for (const name of path) {
    if (target == null || !(name in Object(target))) {
      throw new Error(`the client has no ${path.join('.')}`);
    }
    target = target[name];
  }
  if (typeof target !== 'function') throw new Error(`the client's ${path.join('.')} is not a function`);
  return target;
}

// ---------------------------------------------------------------------------------------------
// The report.

const results = [];
let failures = 0;
let warnings = 0;

let lastRecord = performance.now();

function record(status, title, lines = []) {
  results.push({ status, title, lines });
  if (status === 'FAIL') failures++;
  if (status === 'WARN') warnings++;
  const now = performance.now();
  const took = `${Math.round(now - lastRecord)} ms`;
  lastRecord = now;
  const pad = status.padEnd(4);
  console.log(`${pad}  ${title} [${took}]`);
  for (const line of lines) console.log(`        ${line}`);
}

function callTitle(path, request) {
  const p = Object.entries(request.parameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const extra = request.options ? ` options=${JSON.stringify(request.options)}` : '';
  return `${path.join('.')} ${p}${extra}`;
}

const declaredCache = new Map();
function declared(path) {
  const key = path.join('.');
  if (!declaredCache.has(key)) declaredCache.set(key, declaredResponse(path));
  return declaredCache.get(key);
}

/** Validates `data` against the declared result; records the verdict and returns whether ok. */
function judgeData(title, data, types, extraChecks = [], divergences = []) {
  const findings = newFindings(divergences);
  validate(data, types.data, '', findings);
  const problems = [
    ...findings.missing.map((m) => `missing   ${m}`),
    ...findings.wrong.map((w) => `wrong type ${w}`),
    ...extraChecks,
  ];
  const notes = [
    ...findings.known.map((k) => `known divergence: ${k}`),
    ...findings.unknownEnum.map((u) => `unknown enum value ${u}`),
    ...(findings.extra.length > 0 ? [`undeclared fields: ${findings.extra.join(', ')}`] : []),
  ];
  const summary = `${title} -> ${types.alias} (${findings.checked} values checked)`;
  if (problems.length > 0) {
    record('FAIL', summary, [...problems, ...notes]);
    return false;
  }
  const warn = findings.unknownEnum.length > 0 || findings.known.length > 0;
  record(warn ? 'WARN' : 'ok', summary, notes);
  return true;
}

/**
 * Calls the client and checks a successful answer against the typings. `check(data)` may return
 * extra problems (strings). Returns the response, or undefined when the call itself failed.
 */
async function expectOk(apiClient, path, request, check = () => []) {
  const title = callTitle(path, request);
  let types;
  let response;
  try {
    types = declared(path);
    response = await method(apiClient, path)(request);
  } catch (e) {
    record('FAIL', title, [`threw ${e?.stack ?? e}`]);
    return undefined;
  }
  if (response.error) {
    record('FAIL', title, [
      `error ${response.error.status}: ${response.error.message} (expected success)`,
    ]);
    return undefined;
  }
  const extra = [];
  if (response.rawResponse?.status !== 200) {
    extra.push(`HTTP status ${response.rawResponse?.status}, expected 200`);
  }
  if (response.data === undefined) {
    extra.push('response.data is undefined: the body has no "data"');
  }
  if (response.pagination !== undefined && response.pagination.hasNextPage !== undefined) {
    const findings = newFindings();
    validate(response.pagination, types.pagination, 'pagination', findings);
    extra.push(...findings.missing.map((m) => `missing   ${m}`));
    extra.push(...findings.wrong.map((w) => `wrong type ${w}`));
  }
  try {
    extra.push(...check(response.data, response));
  } catch (e) {
    extra.push(`check threw ${e?.stack ?? e}`);
  }
  judgeData(title, response.data, types, extra, divergencesFor(path));
  return response;
}

/**
 * Calls the client expecting an API error with the given HTTP status, as `response.error`; when
 * `messageIncludes` is given, error.message must contain it.
 */
async function expectError(apiClient, path, request, status, why, messageIncludes) {
  const title = `${callTitle(path, request)} [${why}] -> ${status}`;
  let response;
  let types;
  try {
    types = declared(path);
    response = await method(apiClient, path)(request);
  } catch (e) {
    record('FAIL', title, [`threw ${e?.stack ?? e} (expected response.error)`]);
    return;
  }
  const problems = [];
  if (!response.error) {
    problems.push(`no response.error; HTTP ${response.rawResponse?.status}, data ${JSON.stringify(response.data)?.slice(0, 200)}`);
  } else {
    const findings = newFindings();
    validate(response.error, types.error, 'error', findings);
    problems.push(...findings.missing.map((m) => `missing   ${m}`));
    problems.push(...findings.wrong.map((w) => `wrong type ${w}`));
    if (response.error.status !== status) {
      problems.push(`error.status ${response.error.status}, expected ${status}`);
    }
    if (typeof response.error.message !== 'string' || response.error.message.trim() === '') {
      problems.push('error.message is empty (the body has no error.message)');
    } else if (messageIncludes !== undefined && !response.error.message.includes(messageIncludes)) {
      problems.push(`error.message "${response.error.message}" does not mention ${messageIncludes}`);
    }
    if (response.data !== undefined) {
      problems.push(`response.data is ${JSON.stringify(response.data)}, expected undefined`);
    }
  }
  if (problems.length > 0) record('FAIL', title, problems);
  else record('ok', `${title}: "${response.error.message}"`);
}

// ---------------------------------------------------------------------------------------------
// The checks.

const plain = (extra = {}) => ({ projectId: PROJECT, ...extra });
const team = (extra = {}) => ({ teamId: TEAM, projectId: TEAM_PROJECT, ...extra });

function expectEqual(label, actual, expected) {
  return isDeepStrictEqual(actual, expected)
    ? []
    : [`${label} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];
}

/** The validator itself must catch a missing field and a wrong type, or every "ok" is hollow. */
function selfCheck(sample) {
  const types = declared(['get', 'job']);
  const required = countRequired(types.data);
  const problems = [];
  if (types.data.kind !== 'object' || required < 10) {
    problems.push(`GetJobResult resolved to ${describe(types.data)} with ${required} required fields`);
  }
  if (sample && typeof sample === 'object') {
    const spoiled = structuredClone(sample);
    delete spoiled.appId;
    if (spoiled.cluster) delete spoiled.cluster.name;
    spoiled.disabledCI = 'no';
    const findings = newFindings();
    validate(spoiled, types.data, '', findings);
    const expectMissing = ['appId (string)', 'cluster.name (string)'];
    for (const m of expectMissing) {
      if (!findings.missing.includes(m)) problems.push(`did not report missing ${m}`);
    }
    if (!findings.wrong.some((w) => w.startsWith('disabledCI:'))) {
      problems.push('did not report disabledCI as a wrong type');
    }
  } else {
    problems.push('no Get Job answer to spoil');
  }
  const title = `validator self-check (GetJobResult: ${required} required fields incl. nested)`;
  record(problems.length > 0 ? 'FAIL' : 'ok', title, problems);
}

async function main() {
  lastRecord = performance.now();
  const watchdog = setTimeout(() => {
    console.log(`FAIL  watchdog: the checks did not finish within ${WATCHDOG_MS / 1000}s`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  console.log(`js-client conformance against ${baseUrl}`);
  console.log(`typings: ${typingsPath}`);

  // Transport. The client's node-fetch sends "Connection: close" on every request, while Node
  // 19+ keeps sockets alive: unless the answer says "Connection: close" too, Node reuses the
  // socket the server closed, the request fails with "socket hang up" and the client retries it
  // after 500 ms, on every call.
  {
    const title = 'transport: answers say "Connection: close" as the client asked';
    const problems = [];
    const timings = [];
    try {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const response = await api.get.job({ parameters: plain({ jobId: 'example-job' }) });
        timings.push(Math.round(performance.now() - started));
        const connection = response.rawResponse?.headers?.get('connection');
        if (!/\bclose\b/i.test(connection ?? '')) {
          problems.push(`call ${i + 1}: Connection header ${JSON.stringify(connection ?? null)}, expected "close"`);
        }
        if (response.error) problems.push(`call ${i + 1}: error ${response.error.status} ${response.error.message}`);
      }
    } catch (e) {
      problems.push(`threw ${e?.stack ?? e}`);
    }
    if (problems.length > 0) problems.push(`call times: ${timings.join(', ')} ms`);
    record(problems.length > 0 ? 'FAIL' : 'ok', `${title} (call times ${timings.join(', ')} ms)`, problems);
  }

  // Get Job, every seeded job, through both paths.
  let exampleJob;
  for (const jobId of PROJECT_JOBS) {
    const response = await expectOk(api, ['get', 'job'], { parameters: plain({ jobId }) }, (data) => [
      ...expectEqual('id', data?.id, jobId),
      ...expectEqual('projectId', data?.projectId, PROJECT),
    ]);
    if (jobId === 'example-job') exampleJob = response?.data;
  }
  await expectOk(api, ['get', 'job'], { parameters: team({ jobId: TEAM_JOB }) }, (data) =>
    expectEqual('id', data?.id, TEAM_JOB),
  );
  await expectOk(api, ['get', 'job'], { parameters: { projectId: TEAM_PROJECT, jobId: TEAM_JOB } });

  selfCheck(exampleJob);

  // List Jobs, one page and all pages through the cursor.
  await expectOk(api, ['list', 'jobs'], { parameters: plain() }, (data, response) => [
    ...expectEqual('job ids', data?.jobs?.map((j) => j.id).sort(), PROJECT_JOBS),
    ...expectEqual('pagination.hasNextPage', response.pagination?.hasNextPage, false),
    ...expectEqual('pagination.count', response.pagination?.count, PROJECT_JOBS.length),
  ]);
  await expectOk(api, ['list', 'jobs'], { parameters: team() }, (data) =>
    expectEqual('job ids', data?.jobs?.map((j) => j.id), [TEAM_JOB]),
  );
  await expectOk(api, ['list', 'jobs'], { parameters: plain(), options: { per_page: 2 } }, (data, response) => [
    ...expectEqual('jobs on the first page', data?.jobs?.length, 2),
    ...expectEqual('pagination.hasNextPage', response.pagination?.hasNextPage, true),
    ...(typeof response.pagination?.cursor === 'string' ? [] : ['pagination.cursor is missing on a non-last page']),
  ]);
  await expectOk(api, ['list', 'jobs', 'all'], { parameters: plain(), options: { per_page: 2 } }, (data) =>
    expectEqual('job ids over all pages', data?.jobs?.map((j) => j.id).sort(), PROJECT_JOBS),
  );

  // Job runs.
  for (const jobId of PROJECT_JOBS) {
    await expectOk(api, ['get', 'job', 'runs'], { parameters: plain({ jobId }) }, (data) =>
      Array.isArray(data?.runs) && data.runs.length > 0 ? [] : ['no runs'],
    );
  }
  await expectOk(api, ['get', 'job', 'runs'], { parameters: team({ jobId: TEAM_JOB }) });
  await expectOk(api, ['get', 'job', 'runs', 'all'], {
    parameters: plain({ jobId: 'example-job' }),
    options: { per_page: 1 },
  }, (data) => [
    ...expectEqual('example-job runs over all pages', data?.runs?.length, 5),
    ...expectEqual('run names over all pages are distinct', new Set(data?.runs?.map((r) => r.runName)).size, 5),
  ]);
  // What the operator reads: the first small page, the newest runs first.
  await expectOk(api, ['get', 'job', 'runs'], { parameters: plain({ jobId: 'example-job' }), options: { per_page: 2 } },
    (data, response) => [
      ...expectEqual('runs on the page', data?.runs?.length, 2),
      ...expectEqual('pagination.hasNextPage', response.pagination?.hasNextPage, true),
      ...expectEqual('newest run', data?.runs?.[0]?.runName, runningRun),
      ...expectEqual('newest run status', data?.runs?.[0]?.status, 'RUNNING'),
      ...expectEqual('newest run concluded', data?.runs?.[0]?.concluded, false),
      ...expectEqual('next run', data?.runs?.[1]?.runName, failedRun),
      ...expectEqual('next run status', data?.runs?.[1]?.status, 'FAILED'),
      ...expectEqual('next run failed', data?.runs?.[1]?.failed, 1),
      ...(typeof data?.runs?.[1]?.concludedAt === 'string' ? [] : ['the failed run has no concludedAt']),
    ]);

  // Patch Job, then Get Job shows the change.
  const description = `Patched by the js-client conformance check at ${new Date().toISOString()}`;
  await expectOk(
    api,
    ['patch', 'job'],
    {
      parameters: plain({ jobId: 'example-job' }),
      data: { description, settings: { cron: { schedule: '15 9 * * *', concurrencyPolicy: 'forbid' } } },
    },
    (data) => [
      ...expectEqual('description', data?.description, description),
      ...expectEqual('settings.cron.schedule', data?.settings?.cron?.schedule, '15 9 * * *'),
      ...expectEqual('settings.cron.concurrencyPolicy', data?.settings?.cron?.concurrencyPolicy, 'forbid'),
    ],
  );
  await expectOk(api, ['get', 'job'], { parameters: plain({ jobId: 'example-job' }) }, (data) => [
    ...expectEqual('description after patch', data?.description, description),
    ...expectEqual('settings.cron.schedule after patch', data?.settings?.cron?.schedule, '15 9 * * *'),
    ...expectEqual('settings.cron.concurrencyPolicy after patch', data?.settings?.cron?.concurrencyPolicy, 'Forbid'),
  ]);
  await expectOk(api, ['patch', 'job'], {
    parameters: plain({ jobId: 'manual-job' }),
    data: { description, settings: { backoffLimit: 4 } },
  }, (data) => expectEqual('settings.backoffLimit', data?.settings?.backoffLimit, 4));
  await expectOk(
    api,
    ['patch', 'job'],
    { parameters: team({ jobId: TEAM_JOB }), data: { tags: ['sync', 'conformance'] } },
    (data) => expectEqual('tags', data?.tags, ['sync', 'conformance']),
  );
  await expectOk(api, ['get', 'job'], { parameters: team({ jobId: TEAM_JOB }) }, (data) =>
    expectEqual('tags after patch', data?.tags, ['sync', 'conformance']),
  );

  // Patch Job takes PatchJobData only: what it lacks is refused naming the field, and its
  // documented enums and patterns hold. The answer speaks the PATCH dialect and says when.
  for (const [data, field] of [
    [{ disabledCD: true }, 'disabledCD'],
    [{ suspended: true }, 'suspended'],
    [{ deployment: { docker: { configType: 'default' } } }, 'deployment'],
    [{ settings: { cron: { concurrencyPolicy: 'Allow' } } }, 'settings.cron.concurrencyPolicy'],
    [{ tags: ['ok-tag', 'x'] }, 'tags[1]'],
    [{ buildConfiguration: { storage: { ephemeralStorage: { storageSize: 1000 } } } },
      'buildConfiguration.storage.ephemeralStorage.storageSize'],
  ]) {
    await expectError(
      api,
      ['patch', 'job'],
      { parameters: plain({ jobId: 'example-job' }), data },
      400,
      `refused: ${field}`,
      `"${field}"`,
    );
  }
  await expectOk(
    api,
    ['patch', 'job'],
    { parameters: plain({ jobId: 'example-job' }), data: { settings: { cron: { suspended: false } } } },
    (data) => [
      ...(typeof data?.updatedAt === 'string' && !Number.isNaN(Date.parse(data.updatedAt))
        ? []
        : [`updatedAt ${JSON.stringify(data?.updatedAt)} is not a date-time`]),
      ...expectEqual('settings.cron.suspended', data?.settings?.cron?.suspended, false),
      ...expectEqual('settings.cron.concurrencyPolicy', data?.settings?.cron?.concurrencyPolicy, 'forbid'),
      ...expectEqual('description kept', data?.description, description),
      ...(data?.suspended === undefined ? [] : ['a top-level suspended in the PATCH answer']),
    ],
  );

  // Suspend Job (its result type is `any`: only the call's success can be checked), then Get Job.
  for (const [parameters, suspended] of [
    [plain({ jobId: 'example-job' }), true],
    [plain({ jobId: 'nightly-report' }), false],
    [team({ jobId: TEAM_JOB }), true],
  ]) {
    await expectOk(api, ['suspend', 'job'], { parameters, data: { suspended } });
    await expectOk(api, ['get', 'job'], { parameters }, (data) =>
      expectEqual('suspended after suspend', data?.suspended, suspended),
    );
  }

  // Create Job: the id comes from the name; the answer is CreateJobResult; Get Job and List Jobs
  // then show the job; the same name again is a 409. Delete Job removes it; again it is a 404.
  const createData = (name) => ({
    name,
    description: 'Created by the js-client conformance check',
    billing: { deploymentPlan: 'nf-compute-20' },
    deployment: { external: { imagePath: 'nginx:latest' }, docker: { configType: 'default' } },
    runtimeEnvironment: { CONFORMANCE_VARIABLE: 'value-never-shown-by-get-job' },
    settings: { backoffLimit: 1, cron: { schedule: '45 4 * * *', concurrencyPolicy: 'forbid' } },
  });
  for (const [parameters, jobId] of [
    [plain(), 'conformance-created-job'],
    [team(), 'conformance-team-job'],
  ]) {
    const name = jobId === 'conformance-created-job' ? 'Conformance Created Job' : 'Conformance Team Job';
    await expectOk(api, ['create', 'job'], { parameters, data: createData(name) }, (data) => [
      ...expectEqual('id derived from the name', data?.id, jobId),
      ...expectEqual('name', data?.name, name),
      ...expectEqual('jobType', data?.jobType, 'cron'),
      ...expectEqual('settings.cron.concurrencyPolicy', data?.settings?.cron?.concurrencyPolicy, 'forbid'),
      ...expectEqual('deployment.external.imagePath', data?.deployment?.external?.imagePath, 'nginx:latest'),
    ]);
    await expectOk(api, ['get', 'job'], { parameters: { ...parameters, jobId } }, (data) => [
      ...expectEqual('id of the created job', data?.id, jobId),
      ...expectEqual('settings.cron.concurrencyPolicy', data?.settings?.cron?.concurrencyPolicy, 'Forbid'),
      ...(data?.runtimeEnvironment === undefined ? [] : ['Get Job shows runtimeEnvironment']),
    ]);
    await expectOk(api, ['list', 'jobs'], { parameters }, (data) =>
      data?.jobs?.some((j) => j.id === jobId) ? [] : [`${jobId} is not listed`],
    );
    await expectError(api, ['create', 'job'], { parameters, data: createData(name) }, 409, 'id taken', jobId);
    await expectOk(api, ['delete', 'job'], { parameters: { ...parameters, jobId } });
    await expectError(api, ['get', 'job'], { parameters: { ...parameters, jobId } }, 404, 'deleted job');
    await expectError(api, ['delete', 'job'], { parameters: { ...parameters, jobId } }, 404, 'deleted job');
  }
  for (const [data, field] of [
    [{ ...createData('No Plan Job'), billing: {} }, 'billing.deploymentPlan'],
    [{ ...createData('No Backoff Job'), settings: {} }, 'settings.backoffLimit'],
    [{ ...createData('x'), name: 'x' }, 'name'],
  ]) {
    await expectError(api, ['create', 'job'], { parameters: plain(), data }, 400, `refused: ${field}`, `"${field}"`);
  }
  await expectError(
    api,
    ['create', 'job'],
    { parameters: plain(), data: { ...createData('Two Sources Job'), deployment: { external: { imagePath: 'nginx:latest' }, internal: { id: 'example-build-service' } } } },
    400,
    'refused: two deployment sources',
    '"deployment"',
  );

  // Errors: unknown token 401, token of another project 403, unknown job 404.
  await expectError(apiUnknownToken, ['get', 'job'], { parameters: plain({ jobId: 'example-job' }) }, 401, 'unknown token');
  await expectError(apiUnknownToken, ['list', 'jobs'], { parameters: team() }, 401, 'unknown token');
  await expectError(apiUnknownToken, ['patch', 'job'], { parameters: plain({ jobId: 'example-job' }), data: { description: 'x' } }, 401, 'unknown token');
  await expectError(apiOtherProject, ['get', 'job'], { parameters: plain({ jobId: 'example-job' }) }, 403, `token only for ${otherProject}`);
  await expectError(apiOtherProject, ['list', 'jobs'], { parameters: plain() }, 403, `token only for ${otherProject}`);
  await expectError(apiOtherProject, ['suspend', 'job'], { parameters: plain({ jobId: 'example-job' }), data: { suspended: true } }, 403, `token only for ${otherProject}`);
  await expectError(apiOtherProject, ['create', 'job'], { parameters: plain(), data: createData('Forbidden Job') }, 403, `token only for ${otherProject}`);
  await expectError(apiOtherProject, ['delete', 'job'], { parameters: plain({ jobId: 'example-job' }) }, 403, `token only for ${otherProject}`);
  await expectError(apiUnknownToken, ['delete', 'job'], { parameters: plain({ jobId: 'example-job' }) }, 401, 'unknown token');
  await expectOk(apiOtherProject, ['list', 'jobs'], { parameters: { projectId: otherProject } });
  await expectError(api, ['get', 'job'], { parameters: plain({ jobId: UNKNOWN_JOB }) }, 404, 'unknown job');
  await expectError(api, ['get', 'job'], { parameters: team({ jobId: UNKNOWN_JOB }) }, 404, 'unknown job');
  await expectError(api, ['patch', 'job'], { parameters: plain({ jobId: UNKNOWN_JOB }), data: { description: 'x' } }, 404, 'unknown job');
  await expectError(api, ['suspend', 'job'], { parameters: team({ jobId: UNKNOWN_JOB }), data: { suspended: true } }, 404, 'unknown job');
  await expectError(api, ['get', 'job', 'runs'], { parameters: plain({ jobId: UNKNOWN_JOB }) }, 404, 'unknown job');

  // With throwErrorOnHttpErrorCode the client throws its NorthflankApiCallError instead.
  {
    const title = 'get.job (throwErrorOnHttpErrorCode: true) [unknown job] -> throws status 404';
    try {
      const response = await apiThrowing.get.job({ parameters: plain({ jobId: UNKNOWN_JOB }) });
      record('FAIL', title, [`did not throw; error ${JSON.stringify(response.error)}`]);
    } catch (e) {
      const problems = [];
      if (e?.status !== 404) problems.push(`thrown status ${e?.status}, expected 404`);
      if (!e?.message) problems.push('thrown error has no message');
      if (e?.constructor?.name === 'Error' && e?.status === undefined) problems.push(`threw ${e}`);
      record(problems.length ? 'FAIL' : 'ok', problems.length ? title : `${title}: "${e.message}"`, problems);
    }
  }

  const passed = results.filter((r) => r.status !== 'FAIL').length;
  console.log('');
  console.log(`conformance summary: ${results.length} checks, ${passed} ok, ${failures} failing, ${warnings} with warnings`);
  process.exitCode = failures > 0 ? 1 : 0;
}

main().catch((e) => {
  console.log(`FAIL  conformance script crashed: ${e?.stack ?? e}`);
  process.exitCode = 1;
});
