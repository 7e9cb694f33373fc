import { directoryContract } from '../../contracts/directory-contract';
import { requestStoreContract } from '../../contracts/request-store-contract';
import { inMemoryDirectoryFixture } from '../../support/in-memory-directory-fixture';
import { InMemoryRequestStore } from '../../fakes/in-memory-request-store';
import { MemoryAuditLog } from '../../fakes/memory-audit-log';
import { auditLogContract } from '../../contracts/audit-log-contract';

// The fakes pass the same contracts as the real adapters (integration project), so they cannot drift.
directoryContract('InMemoryDirectory', async () => inMemoryDirectoryFixture());
requestStoreContract('InMemoryRequestStore', async () => ({
  store: new InMemoryRequestStore(),
  dispose: async () => undefined,
}));
auditLogContract('MemoryAuditLog', async () => ({
  audit: new MemoryAuditLog(),
  dispose: async () => undefined,
}));
