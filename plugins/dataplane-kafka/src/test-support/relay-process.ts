// A relay in a process of its own, so a test can kill it mid-stream (SIGKILL: nothing is
// committed on the way out). Argument: the RelaySpec and RelayOptions as JSON. Prints "ready"
// once the relay runs. SIGTERM exits at once, as SIGKILL would, but lets `node --cpu-prof` write
// its profile (the bench).
import { startKafkaRelay } from '../relay/kafka-relay.ts';

const { spec, options } = JSON.parse(process.argv[2] ?? '{}');
await startKafkaRelay(spec, options);
process.stdout.write('ready\n');
process.on('SIGTERM', () => process.exit(0));
setInterval(() => undefined, 60_000);
