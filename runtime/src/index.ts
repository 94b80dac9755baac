export { launch, type InlineProfile, type LaunchOptions, type TdssHandle } from './launch.ts';
export { builtinProfileNames, DEFAULT_PROFILE, profilePath } from './builtin-profiles.ts';
export { builtinPlugins } from './builtin-plugins.ts';
