export const PLUGIN_NAME = '@tdss/management-auth';
