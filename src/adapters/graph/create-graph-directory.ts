import { type TokenCredential } from '@azure/identity';
import { type Config } from '../../config';
import { type BatchOptions } from './graph-batch';
import { createGraphClient, type GraphClientOptions } from './graph-client';
import { createGraphCredential } from './graph-credential';
import { GraphDirectory } from './graph-directory';
import { GraphDirectoryChanges } from './graph-directory-changes';
import { GraphHttp } from './graph-http';
import { RoleReadingCredential, type TokenRoles } from './role-reading-credential';

export interface GraphDirectoryTuning {
  readonly client?: Partial<
    Pick<GraphClientOptions, 'requestTimeoutMs' | 'maxRetries' | 'maxInlineWaitSeconds'>
  >;
  readonly batch?: Partial<BatchOptions>;
}

export interface GraphConnection {
  readonly directory: GraphDirectory;
  readonly changes: GraphDirectoryChanges;
  readonly http: GraphHttp;
  readonly credential: TokenCredential;
  /** The permissions in the token the client uses, read each time the token changes. */
  readonly tokenRoles: TokenRoles;
}

/**
 * The Graph side as production wires it: the credential from the standard environment (its
 * tokens' permissions read as they pass), the client with its middleware chain, the Directory
 * and DirectoryChanges adapters. Tests build it the same way, pointed at the simulator by
 * configuration alone.
 */
export function connectGraph(
  graph: Config['graph'],
  tuning: GraphDirectoryTuning = {},
  credential: TokenCredential = createGraphCredential(graph.credential),
): GraphConnection {
  const reading = new RoleReadingCredential(credential);
  const client = createGraphClient({
    endpoint: graph.endpoint,
    credential: reading,
    ...tuning.client,
  });
  const http = new GraphHttp(client, new URL(graph.endpoint).origin);
  return {
    directory: new GraphDirectory(http, tuning.batch),
    changes: new GraphDirectoryChanges(http),
    http,
    credential: reading,
    tokenRoles: reading,
  };
}
