// The Eclipse dataspace conformance kits this project runs, as Maven sees them. Each kit's
// classpath is declared by tck/<name>/pom.xml; this table says which of the resolved jars are
// the kit itself, so a fetch can tell which version it got and refuse a mixed classpath.

export type KitName = 'dsp' | 'dcp' | 'dps';

export interface Kit {
  readonly name: KitName;
  /** Maven groups whose jars are parts of the kit; all of them must carry one version. */
  readonly groups: readonly string[];
}

export const kits: Readonly<Record<KitName, Kit>> = {
  dsp: { name: 'dsp', groups: ['org.eclipse.dataspacetck.dsp'] },
  // Up to 1.0.0-RC6 the DCP kit runs on the core and runtime published in the DSP kit's group.
  dcp: { name: 'dcp', groups: ['org.eclipse.dataspacetck.dcp', 'org.eclipse.dataspacetck.dsp'] },
  dps: { name: 'dps', groups: ['org.eclipse.dataspacetck.dps'] },
};

export function isKitName(value: string): value is KitName {
  return Object.hasOwn(kits, value);
}
