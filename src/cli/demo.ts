import { startGraphSimulator, demoTenantSeed } from '../simulator/graph/start-graph-simulator';

/**
 * `npm run demo`: the local, simulated experience. For now it starts the simulated tenant (the
 * Graph simulator with the demo company) and says what is not built yet.
 */
async function main(): Promise<void> {
  const sim = await startGraphSimulator({ tenant: demoTenantSeed(), latencyMs: [20, 60] });
  const lines = [
    'Lockdown demo: the simulated tenant is running.',
    '',
    `  Microsoft Graph simulator  ${sim.baseUrl}/v1.0  (HTTPS, certificate generated at start)`,
    `  Managed identity endpoint  ${sim.identityEndpoint}`,
    `  Tenant                     Contoso (${sim.tenantId}), app client id ${sim.clientId}`,
    '',
    'Try it (the admin API changes the tenant "from outside"):',
    `  curl -sk -H 'x-simulator-key: ${sim.adminKey}' ${sim.baseUrl}/_simulator/users/adele.vance@contoso.com`,
    '',
    'Not built yet: the Teams bot and the Microsoft 365 Agents Playground; the demo will start them',
    'here once they exist. Press Ctrl-C to stop.',
  ];
  console.log(lines.join('\n'));
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `The demo could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
