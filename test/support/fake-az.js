#!/usr/bin/env node
// A stand-in for the Azure CLI in the tests of infra/grant-graph-permissions.sh. It appends each
// call's arguments to FAKE_AZ_LOG (one JSON array per line) and answers from a tenant kept in the
// JSON file FAKE_AZ_STATE: { graphServicePrincipalId, appRoles: [{ value, id, allowedMemberTypes }],
// servicePrincipals: { <clientId>: <objectId> }, assignments: [{ principalId, resourceId, appRoleId }] }.
// A POST of an app role assignment is added to the state, as Graph would.
//
// The --query expressions are evaluated here only in the exact forms the script uses, which were
// checked against the JMESPath the real CLI applies; any other query fails loudly, so a changed
// query gets checked again rather than silently trusted.
const fs = require('node:fs');

const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_AZ_LOG, `${JSON.stringify(args)}\n`);
const state = JSON.parse(fs.readFileSync(process.env.FAKE_AZ_STATE, 'utf8'));
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const fail = (message) => {
  process.stderr.write(`fake az: ${message}\n`);
  process.exit(1);
};
const tsv = (rows) => {
  for (const row of rows) process.stdout.write(`${[].concat(row).join('\t')}\n`);
};

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const APPLICATION_ROLES_QUERY =
  "appRoles[?contains(allowedMemberTypes, 'Application')].[value, id]";
const ASSIGNMENTS_URL =
  /^https:\/\/graph\.microsoft\.com\/v1\.0\/servicePrincipals\/([^/]+)\/appRoleAssignments$/;
const ASSIGNED_ROLES_QUERY = /^value\[\?resourceId=='([^']*)'\]\.appRoleId$/;

const command = args.slice(0, 3).join(' ');
if (command === 'ad sp show') {
  const id = option('--id');
  const query = option('--query');
  if (option('-o') !== 'tsv') fail('expected -o tsv');
  if (id === GRAPH_APP_ID && query === 'id') tsv([state.graphServicePrincipalId]);
  else if (id === GRAPH_APP_ID && query === APPLICATION_ROLES_QUERY) {
    tsv(
      state.appRoles
        .filter((role) => role.allowedMemberTypes.includes('Application'))
        .map((role) => [role.value, role.id]),
    );
  } else if (query === 'id' && state.servicePrincipals[id]) tsv([state.servicePrincipals[id]]);
  else fail(`no service principal answer for --id ${id} --query ${query}`);
} else if (args[0] === 'rest') {
  const url = ASSIGNMENTS_URL.exec(option('--url') ?? '');
  if (!url) fail(`unexpected URL ${option('--url')}`);
  const principalId = url[1];
  const method = option('--method');
  if (method === 'GET') {
    const query = ASSIGNED_ROLES_QUERY.exec(option('--query') ?? '');
    if (!query || option('-o') !== 'tsv') fail(`unexpected query ${option('--query')}`);
    tsv(
      state.assignments
        .filter((a) => a.principalId === principalId && a.resourceId === query[1])
        .map((a) => a.appRoleId),
    );
  } else if (method === 'POST') {
    const body = JSON.parse(option('--body'));
    if (body.principalId !== principalId) fail('the body names another principal than the URL');
    if (!state.appRoles.some((role) => role.id === body.appRoleId)) fail('unknown app role');
    state.assignments.push(body);
    fs.writeFileSync(process.env.FAKE_AZ_STATE, JSON.stringify(state));
  } else fail(`unexpected method ${method}`);
} else {
  fail(`unexpected command: az ${args.join(' ')}`);
}
