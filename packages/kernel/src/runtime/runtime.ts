/**
 * A runtime: one container, the plugins of one profile, and their lifecycle. Every plugin
 * registers before any starts; start follows the dependency order and stop runs it backwards,
 * also when a plugin fails half-way through start-up.
 */
import { resolve } from 'node:path';
import {
  type ExtensionPoint,
  type Logger,
  Metrics,
  type RuntimeInfo,
  type RuntimeState,
  type ServiceToken,
  TdssError,
} from '@tdss/sdk';
import { Container } from 'inversify';
import type { DestinationStream } from 'pino';
import { Gauge } from 'prom-client';
import { createLogger } from '../core/create-logger.ts';
import { createKernelPlugin, type KernelServices } from '../core/kernel-plugin.ts';
import type { PlannedPlugin } from '../plan/plan-plugins.ts';
import type { Issue } from '../settings/issue.ts';
import { type AssemblyInput, assemble } from './assemble.ts';
import { readContributions } from './contributions.ts';
import { createPluginContext } from './plugin-context.ts';
import { ProfileError } from './profile-error.ts';

export interface RuntimeOptions extends AssemblyInput {
  /** How errors name the source of the plugins, e.g. the profile file. */
  source?: string;
  profilePath?: string;
  /** Where log lines go; stdout when absent. */
  logDestination?: DestinationStream;
  /** Adds file and line to issues; the profile loader supplies it. */
  locate?: (issue: Issue) => Issue;
}

type PluginContext = ReturnType<typeof createPluginContext>;

export class Runtime {
  readonly logger: Logger;
  readonly container = new Container();
  /** Plugins in start order, the kernel's own first. */
  readonly plugins: readonly PlannedPlugin[];
  readonly info: RuntimeInfo;
  readonly shutdownTimeoutMs: number;
  #state: RuntimeState = 'created';
  #started: Array<{ planned: PlannedPlugin; context: PluginContext }> = [];
  #contexts = new Map<string, PluginContext>();
  #ready: Promise<void>;
  #settle!: { resolve: () => void; reject: (error: unknown) => void };
  #stopping: Promise<void> | undefined;

  constructor(options: RuntimeOptions) {
    const runtimeRef: { state: () => RuntimeState } = { state: () => this.#state };
    // The kernel plugin reads the logger and info only when it registers, after assembly has
    // validated the runtime settings they are made from.
    const services: Partial<KernelServices> = {};
    const assembly = assemble(options, createKernelPlugin(services));
    const issues = assembly.issues.map((issue) => options.locate?.(issue) ?? issue);
    if (issues.length) throw new ProfileError(options.source ?? 'the runtime definition', issues);

    const settings = assembly.runtime;
    this.shutdownTimeoutMs = settings.shutdownTimeoutMs;
    this.logger = createLogger({
      runtime: settings.name,
      level: settings.logLevel,
      ...(options.logDestination ? { destination: options.logDestination } : {}),
    });
    this.info = {
      name: settings.name,
      profilePath: options.profilePath,
      dataDir: resolve(settings.dataDir),
      get state() {
        return runtimeRef.state();
      },
    };
    services.logger = this.logger;
    services.info = this.info;
    this.plugins = assembly.plan.order;
    for (const [rank, planned] of this.plugins.entries()) {
      this.#contexts.set(
        planned.plugin.name,
        createPluginContext(planned, {
          container: this.container,
          logger: this.logger,
          info: this.info,
          settings: assembly.settings.get(planned.plugin.name),
          rank,
        }),
      );
    }
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Callers that never await `ready` must not see an unhandled rejection: start() throws too.
    this.#ready.catch(() => undefined);
  }

  get state(): RuntimeState {
    return this.#state;
  }

  /** Resolves once every plugin has started; rejects when start-up failed. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  async start(): Promise<void> {
    if (this.#state !== 'created') {
      throw new TdssError(`runtime ${this.info.name} cannot start from state ${this.#state}`, { code: 'KERNEL_BAD_STATE' });
    }
    this.#state = 'starting';
    const began = performance.now();
    let current: PlannedPlugin | undefined;
    try {
      for (const planned of this.plugins) {
        current = planned;
        await planned.plugin.register?.(this.#contexts.get(planned.plugin.name)!);
      }
      const startSeconds = new Map<string, number>();
      for (const planned of this.plugins) {
        current = planned;
        const context = this.#contexts.get(planned.plugin.name)!;
        const t0 = performance.now();
        await planned.plugin.start?.(context);
        startSeconds.set(planned.plugin.name, (performance.now() - t0) / 1000);
        this.#started.push({ planned, context });
        this.#checkProvided(planned);
      }
      current = undefined;
      this.#recordStartTimes(startSeconds);
    } catch (error) {
      const failure = this.#startFailure(current, error);
      this.logger.error({ err: error, failedPlugin: current?.plugin.name }, failure.message);
      await this.#stopStarted();
      this.#state = 'failed';
      this.#settle.reject(failure);
      throw failure;
    }
    this.#state = 'running';
    this.logger.info({ plugins: this.plugins.length, ms: Math.round(performance.now() - began) }, 'runtime started');
    this.#settle.resolve();
  }

  /** Stops every started plugin in reverse order; safe to call more than once. */
  stop(): Promise<void> {
    if (this.#state === 'created') {
      this.#state = 'stopped';
      // Nothing can start any more: whoever awaits `ready` must hear so rather than wait forever.
      this.#settle.reject(
        new TdssError(`runtime ${this.info.name} was stopped before it started`, { code: 'KERNEL_BAD_STATE' }),
      );
      this.#stopping = Promise.resolve();
    }
    this.#stopping ??= (async () => {
      await this.#ready.catch(() => undefined);
      if (this.#state !== 'running') return;
      this.#state = 'stopping';
      await this.#stopStarted();
      this.#state = 'stopped';
      this.logger.info('runtime stopped');
      this.logger.flush();
    })();
    return this.#stopping;
  }

  get<T>(token: ServiceToken<T>): T {
    if (!this.container.isBound(token.id)) {
      throw new TdssError(`no plugin of runtime ${this.info.name} provides ${token.name}`, {
        code: 'KERNEL_NOT_PROVIDED',
        hint: token.providedBy.length ? `add ${token.providedBy.join(' or ')} to the profile` : undefined,
      });
    }
    return this.container.get<T>(token.id);
  }

  getOptional<T>(token: ServiceToken<T>): T | undefined {
    return this.container.isBound(token.id) ? this.container.get<T>(token.id) : undefined;
  }

  contributions<T>(point: ExtensionPoint<T>): T[] {
    return readContributions(this.container, point);
  }

  #checkProvided(planned: PlannedPlugin): void {
    for (const token of planned.provides) {
      if (!this.container.isBound(token.id)) {
        throw new TdssError(`plugin ${planned.plugin.name} declares it provides ${token.name} but did not provide it`, {
          code: 'KERNEL_NOT_PROVIDED',
          plugin: planned.plugin.name,
          hint: 'call ctx.provide() for it in register() or start()',
        });
      }
    }
  }

  /** Drains every started plugin, then stops them, each pass in reverse start order. */
  async #stopStarted(): Promise<void> {
    const started = this.#started.reverse();
    this.#started = [];
    for (const phase of ['drain', 'stop'] as const) {
      for (const { planned, context } of started) {
        try {
          await planned.plugin[phase]?.(context);
        } catch (error) {
          this.logger.error({ err: error, failedPlugin: planned.plugin.name }, `plugin ${planned.plugin.name} failed to ${phase} cleanly`);
        }
      }
    }
  }


  #startFailure(planned: PlannedPlugin | undefined, error: unknown): TdssError {
    const name = planned?.plugin.name ?? 'the kernel';
    const reason = error instanceof TdssError ? error.describe() : error instanceof Error ? error.message : String(error);
    return new TdssError(`plugin ${name} failed to start: ${reason}`, {
      code: 'KERNEL_START_FAILED',
      plugin: name,
      cause: error,
      ...(error instanceof TdssError && error.hint ? {} : { hint: 'fix the cause above; plugins already started have been stopped' }),
    });
  }

  #recordStartTimes(seconds: Map<string, number>): void {
    const gauge = new Gauge({
      name: 'tdss_plugin_start_seconds',
      help: 'How long each plugin took to start.',
      labelNames: ['plugin'],
      registers: [this.get(Metrics)],
    });
    for (const [plugin, value] of seconds) gauge.set({ plugin }, value);
  }
}

export function createRuntime(options: RuntimeOptions): Runtime {
  return new Runtime(options);
}
