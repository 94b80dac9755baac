/** Named in every error this plugin raises. */
export const PLUGIN_NAME = '@tdss/workflow';
