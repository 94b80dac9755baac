export const PLUGIN_NAME = '@tdss/tenant-manager';
