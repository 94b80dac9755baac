/** The name errors and log lines use for this plugin; also its npm package name. */
export const PLUGIN_NAME = '@tdss/policy-engine';
