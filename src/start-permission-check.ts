import { type GraphConnection } from './adapters/graph/create-graph-directory';
import { type Config } from './config';
import {
  describeMissingPermissions,
  requiredPermissions,
  unmetPermissions,
} from './domain/directory/required-permissions';
import { type Logger } from './ports/logger';
import { NotReady, type ReadinessCheck } from './readiness-probe';

export interface PermissionCheck {
  /** Required permissions the latest token lacks; empty while no token has been seen yet. */
  missing(): readonly string[];
  /** `graphPermissions` for /readyz: fails naming each missing permission. */
  readonly readiness: ReadinessCheck;
}

/**
 * Compares the permissions in Lockdown's Graph token with those its enabled steps and watcher
 * need (the README's permission table): once at start, and again whenever the credential
 * hands out a new token, so a grant an administrator adds or removes shows within the token's
 * lifetime without any extra call. Each change is logged; readyz and the help card name what is
 * missing.
 */
export function startPermissionCheck(
  config: Config,
  graph: Pick<GraphConnection, 'credential' | 'tokenRoles'>,
  log: Logger,
): PermissionCheck {
  const required = requiredPermissions({
    pipelineSteps: config.pipeline.steps,
    autoRevokeSteps: config.watcher.autoRevokeSteps,
    watcher: config.watcher.mode !== 'off',
  });
  const scope = `${new URL(config.graph.endpoint).origin}/.default`;
  const missingNow = (): string[] | undefined => {
    const roles = graph.tokenRoles.roles();
    return roles === undefined ? undefined : unmetPermissions(required, roles);
  };
  let reported: string | null = null;
  graph.tokenRoles.onChange(() => {
    // Tokens are refreshed about hourly; only a change in what is missing is worth a line.
    const missing = missingNow();
    const text = missing === undefined ? 'unreadable' : missing.join(', ');
    if (text === reported) return;
    reported = text;
    if (missing === undefined) log.warn('the Graph token carries no readable roles claim');
    else if (missing.length > 0)
      log.warn('Graph permissions missing', {
        missing,
        detail: describeMissingPermissions(missing),
      });
    else log.info('Graph permissions complete', { required: required.map((n) => n.permission) });
  });
  void graph.credential
    .getToken(scope)
    .catch((error: unknown) =>
      log.warn('no Graph token at start; permissions are checked with the first one', { error }),
    );
  return {
    missing: () => missingNow() ?? [],
    readiness: {
      failure: 'the permissions in the Graph token cannot be read',
      run: async () => {
        await graph.credential.getToken(scope);
        const missing = missingNow();
        if (missing === undefined) throw new Error('the Graph token carries no readable roles');
        if (missing.length > 0) throw new NotReady(describeMissingPermissions(missing));
      },
    },
  };
}
