import { API_CONTEXTS } from '@tdss/sdk';
import { launch } from '../../launch.ts';
import { describeError, type CliIo } from '../io.ts';
import { stopOnSignals } from '../shutdown.ts';

export async function startCommand(profile: string, io: CliIo): Promise<number> {
  let handle;
  try {
    handle = await launch(profile);
  } catch (error) {
    io.err(describeError(error));
    return 1;
  }
  const { runtime } = handle;
  const exit = (code: number) => process.exit(code);
  const stopped = stopOnSignals(runtime, exit);
  process.on('uncaughtException', (error) => {
    runtime.logger.fatal({ err: error }, 'uncaught exception: exiting');
    runtime.logger.flush();
    exit(1);
  });
  try {
    await handle.start();
  } catch (error) {
    io.err(describeError(error));
    runtime.logger.flush();
    return 1;
  }
  const urls = Object.fromEntries(API_CONTEXTS.map((context) => [context, safeUrl(handle, context)]).filter(([, url]) => url));
  runtime.logger.info({ urls }, `TDSS ${runtime.info.name} is ready`);
  const code = await stopped;
  runtime.logger.flush();
  // Libraries may keep timers or sockets referenced after their plugin stopped; the runtime is done.
  exit(code);
  return code;
}

function safeUrl(handle: { url(context: string): string }, context: string): string | undefined {
  try {
    return handle.url(context);
  } catch {
    return undefined;
  }
}
