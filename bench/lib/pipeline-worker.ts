/**
 * A benchmark worker process: the normalize, extract and store stage workers
 * of the real service (`runWorkerMain`), configured by TIMELINE_CONFIG and the
 * environment the benchmark gives it. Fetch is not involved in the benchmark.
 */
import { runWorkerMain } from '../../src/runtime/worker-main.js';

await runWorkerMain(['normalize', 'extract', 'store']);
