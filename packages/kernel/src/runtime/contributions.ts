/**
 * Extension point values in the container. A plugin may contribute in `register` or in `start`,
 * so binding order is not start order; each value carries its plugin's start position and reads
 * sort by it.
 */
import type { ExtensionPoint } from '@tdss/sdk';
import type { Container } from 'inversify';

interface Contribution {
  /** The contributing plugin's position in the start order. */
  rank: number;
  value: unknown;
}

export function addContribution<T>(container: Container, point: ExtensionPoint<T>, rank: number, value: T): void {
  container.bind<Contribution>(point.id).toConstantValue({ rank, value });
}

/** Every value contributed to the point, in plugin start order (a plugin's own in the order it gave them). */
export function readContributions<T>(container: Container, point: ExtensionPoint<T>): T[] {
  if (!container.isBound(point.id)) return [];
  return container
    .getAll<Contribution>(point.id)
    .sort((a, b) => a.rank - b.rank)
    .map((c) => c.value as T);
}
