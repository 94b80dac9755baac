export const PLUGIN_NAME = '@tdss/identity-hub';
