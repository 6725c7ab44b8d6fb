import { commandContext, openConfiguredStore } from './context.js';

export async function migrateCommand(): Promise<void> {
  const { config } = commandContext();
  const store = await openConfiguredStore(config);
  await store.close();
  process.stdout.write(`migrations applied (${store.kind})\n`);
}
