export { loadConfig, loadFeeds, ENV_OVERRIDES, PROJECT_ROOT } from './load-config.js';
export { ConfigError } from './config-error.js';
export { parseInterval, ROLES } from './schema.js';
export type { AppConfig, FeedConfig, Role } from './schema.js';
